#pragma once
// Reading a live SQLite database: its tables as IR (for `dorm-gen introspect`, which turns an
// existing database into JSON Schema files), and its shape as canonical text (for
// `dorm-gen check --database`, which compares what PRAGMAs report, never CREATE text).
#include <sqlite3.h>

#include <string>
#include <vector>

#include "emit/header_emitter.hpp"
#include "ir/schema.hpp"

namespace dorm::migrate {

/// The user tables of `db` (not sqlite_* or dorm_migrations) as IR, from PRAGMA table_info,
/// index_list, index_info and foreign_key_list. Declared types map by SQLite's affinity rules
/// (`VARCHAR(20)` -> TEXT, `BIGINT` -> INTEGER, `BOOLEAN` -> INTEGER holding bool). What JSON
/// Schema cannot say (partial or expression indexes, multi-column foreign keys) is skipped and
/// reported in `skipped`, one line each.
[[nodiscard]] ir::Schema read_database(sqlite3* db, std::vector<std::string>& skipped);

/// One JSON Schema file per table (`<table>.json`), in the dialect the JSON front end reads.
[[nodiscard]] std::vector<emit::GeneratedFile> schema_files(const ir::Schema& schema);

/// The shape of `db`'s user tables, one line per column, index and foreign key, sorted:
/// `users column 1 email TEXT notnull=1 default=NULL pk=0`. Two databases with equal shapes
/// have the same tables, columns, keys, indexes and foreign keys.
[[nodiscard]] std::vector<std::string> database_shape(sqlite3* db);

}  // namespace dorm::migrate
