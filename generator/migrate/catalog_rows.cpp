#include "migrate/catalog_rows.hpp"

#include <cctype>
#include <stdexcept>

namespace dorm::migrate {

std::vector<CatalogRow> catalog_rows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    throw std::runtime_error(message + " in: " + sql);
  }
  std::vector<CatalogRow> out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    CatalogRow row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const unsigned char* value = sqlite3_column_text(stmt, i);
      if (value == nullptr) {
        row.emplace_back();
      } else {
        row.emplace_back(std::string(reinterpret_cast<const char*>(value), static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
      }
    }
    out.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) throw std::runtime_error(std::string(sqlite3_errmsg(db)) + " in: " + sql);
  return out;
}

std::string text(const std::optional<std::string>& value) { return value.value_or(""); }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> user_tables(sqlite3* db) {
  std::vector<std::string> names;
  for (const CatalogRow& r : catalog_rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                                              "ESCAPE '\\' AND name <> 'dorm_migrations' ORDER BY name"))
    names.push_back(text(r[0]));
  return names;
}

}  // namespace dorm::migrate
