#pragma once
// The rule that an SQL name a schema sets holds no control character. Part of ir::validate:
// migration files are read line by line (`-- up` and `-- down` mark their sections, and the
// header lists each change on one `--` line), so a line break in a table or column name cut
// the SQL `dorm-gen migrate` wrote, or put a name's second line into the up section as SQL.
// A NUL would end the name for SQLite's C API.
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// Reports dorm-bad-sql-name, at the table, column or index, for a table, column, index or
/// unique constraint name or an `x-dorm-renamed-from` that holds a control character (U+0000 to
/// U+001F or U+007F): `"a\nb"`, `"tab\there"`. The name is shown with each such character
/// written as <U+XXXX>.
void check_sql_names(const Schema& schema, Diagnostics& diags);

}  // namespace dorm::ir
