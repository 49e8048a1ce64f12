#pragma once
// The shape of a live database as canonical text, for `dorm-gen check --database`, which compares
// what the PRAGMAs report, never CREATE text.
#include <sqlite3.h>

#include <string>
#include <vector>

namespace dorm::migrate {

/// The shape of `db`'s user tables, one line per column, index and foreign key, sorted:
/// `users column 1 email TEXT notnull=1 default=NULL pk=0`. Two databases with equal shapes
/// have the same tables, columns, keys, indexes and foreign keys.
[[nodiscard]] std::vector<std::string> database_shape(sqlite3* db);

}  // namespace dorm::migrate
