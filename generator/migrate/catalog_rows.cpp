#include "migrate/catalog_rows.hpp"

#include <cctype>
#include <stdexcept>
#include <string_view>

#include <dorm/detail/utf8.hpp>

namespace dorm::migrate {
namespace {

/// `text` with each byte that is not valid UTF-8 written as \xNN.
std::string shown(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const detail::Decoded d = detail::decode_utf8(text, i);
    if (d.valid) {
      out.append(text.substr(i, d.size));
    } else {
      const auto c = static_cast<unsigned char>(text[i]);
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
    i += d.size;
  }
  return out;
}

bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const detail::Decoded d = detail::decode_utf8(text, i);
    if (!d.valid) return false;
    i += d.size;
  }
  return true;
}

}  // namespace

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
        std::string text(reinterpret_cast<const char*>(value), static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
        // Names and defaults go into JSON Schema files, which hold UTF-8 only; SQLite stores
        // whatever bytes the CREATE statement had.
        if (!is_utf8(text)) {
          sqlite3_finalize(stmt);
          throw std::runtime_error("the database's schema holds a name or default that is not valid UTF-8: \"" +
                                   shown(text) + "\"; rename it (JSON Schema files hold UTF-8 text only)");
        }
        row.emplace_back(std::move(text));
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
