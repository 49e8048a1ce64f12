#pragma once
// The schema snapshot: what of the IR decides the SQL (tables, columns with storage, nullability,
// default, key, uniqueness, references and the rules behind CHECK constraints, indexes), as
// normalized JSON. Users commit one per migration; the next migration is the difference between
// the latest snapshot and the schema. Relations, C++ names and validation keywords without a
// CHECK constraint (pattern) are left out: they change no SQL. A snapshot without "checks" (one
// written before dorm had CHECK constraints) means columns without them.
#include <string>
#include <string_view>

#include "ir/schema.hpp"

namespace dorm::migrate {

/// The snapshot text of `schema`: tables sorted by name, columns in declaration order, two-space
/// indented JSON ending in a newline. The same schema always gives the same bytes.
[[nodiscard]] std::string snapshot_text(const ir::Schema& schema);

/// The schema a snapshot describes (only the fields snapshot_text writes). Throws
/// std::runtime_error naming `display_path` when `text` is not a snapshot.
[[nodiscard]] ir::Schema schema_from_snapshot(std::string_view text, const std::string& display_path);

}  // namespace dorm::migrate
