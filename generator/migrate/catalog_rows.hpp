#pragma once
// Reading SQLite's catalog (sqlite_schema and the table-valued PRAGMAs) as rows of text, for
// introspection (introspect.cpp). The drift check's shape is the runtime's dorm::schema_shape.
#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

namespace dorm::migrate {

/// One result row, each value as SQLite's text of it; NULL stays nullopt.
using CatalogRow = std::vector<std::optional<std::string>>;

/// Every row of `sql` on `db`. Identifiers reach `sql` only quoted. Throws std::runtime_error
/// with SQLite's message and the SQL.
[[nodiscard]] std::vector<CatalogRow> catalog_rows(sqlite3* db, const std::string& sql);

/// The value, or "" for NULL.
[[nodiscard]] std::string text(const std::optional<std::string>& value);

/// ASCII upper case: `nvarchar(20)` -> `NVARCHAR(20)`.
[[nodiscard]] std::string upper(std::string s);

/// The user tables of `db` (not sqlite_* or dorm_migrations), sorted by name.
[[nodiscard]] std::vector<std::string> user_tables(sqlite3* db);

}  // namespace dorm::migrate
