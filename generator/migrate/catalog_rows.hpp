#pragma once
// Reading SQLite's catalog (sqlite_schema and the table-valued PRAGMAs) as rows of text, for
// introspection (introspect.cpp). The drift check's shape is the runtime's dorm::schema_shape.
#include <cstddef>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <dorm/core/database.hpp>

namespace dorm::migrate {

/// One result row, each value as SQLite's text of it; NULL stays nullopt.
using CatalogRow = std::vector<std::optional<std::string>>;

/// One catalog value: SQLite's text of it, nullopt for NULL (the column index is unused).
template <std::size_t>
using CatalogText = std::optional<std::string>;

/// Throws std::runtime_error naming a value of `rows` that is not valid UTF-8 (names and
/// defaults go into JSON Schema files, which hold UTF-8 only; SQLite stores any bytes).
void check_catalog_text(const std::vector<CatalogRow>& rows);

/// `error` (reading the catalog failed) as std::runtime_error: SQLite's message and the SQL.
[[noreturn]] void throw_catalog_error(const dorm::Error& error, const std::string& sql);

/// Every row of `sql` on `db`, each of its `Columns` values as SQLite's text of it. Identifiers
/// reach `sql` only quoted. Throws std::runtime_error with SQLite's message and the SQL.
/// `sql` with each of its `columns` values cast to TEXT: SQLite's text of a number, and a BLOB's
/// bytes (a damaged catalog can hold one where a name belongs), as sqlite3_column_text reads them.
[[nodiscard]] std::string as_text_columns(const std::string& sql, std::size_t columns);

template <std::size_t Columns>
[[nodiscard]] std::vector<CatalogRow> catalog_rows(Database& db, const std::string& sql) {
  std::vector<CatalogRow> rows;
  try {
    auto read = [&]<std::size_t... I>(std::index_sequence<I...>) {
      for (auto& row : db.query<std::tuple<CatalogText<I>...>>(as_text_columns(sql, Columns)))
        rows.push_back(std::apply([](auto&... values) { return CatalogRow{std::move(values)...}; }, row));
    };
    read(std::make_index_sequence<Columns>{});
  } catch (const dorm::Error& e) {
    throw_catalog_error(e, sql);
  }
  check_catalog_text(rows);
  return rows;
}

/// The value, or "" for NULL.
[[nodiscard]] std::string text(const std::optional<std::string>& value);

/// ASCII upper case: `nvarchar(20)` -> `NVARCHAR(20)`.
[[nodiscard]] std::string upper(std::string s);

/// The user tables of `db` (not sqlite_* or dorm_migrations), sorted by name.
[[nodiscard]] std::vector<std::string> user_tables(Database& db);

}  // namespace dorm::migrate
