#pragma once
// Reading a live SQLite database's tables as IR, for `dorm-gen introspect`, which turns an
// existing database into JSON Schema files (schema_files.hpp).
#include <string>
#include <vector>

#include <dorm/core/database.hpp>

#include "ir/schema.hpp"

namespace dorm::migrate {

/// The user tables of `db` (not sqlite_* or dorm_migrations) as IR, from PRAGMA table_info,
/// index_list, index_info and foreign_key_list. A column keeps its affinity, by SQLite's rules
/// (dorm::affinity_of), and gets the C++ type its values read back as: `NVARCHAR(20)` -> TEXT,
/// string; `BIGINT` -> INTEGER, int64; `DOUBLE` -> REAL, double; `BLOB` -> BLOB, bytes; no type
/// -> BLOB, string; `NUMERIC(10,2)`/`DECIMAL` -> NUMERIC, double; `BOOLEAN` -> NUMERIC, bool; `DATETIME`,
/// `DATE` and other NUMERIC names -> NUMERIC, string. What JSON
/// Schema cannot say (partial or expression indexes, multi-column foreign keys) is skipped and
/// reported in `skipped`, one line each.
[[nodiscard]] ir::Schema read_database(Database& db, std::vector<std::string>& skipped);

}  // namespace dorm::migrate
