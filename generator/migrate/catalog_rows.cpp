#include "migrate/catalog_rows.hpp"

#include <cctype>
#include <stdexcept>
#include <string_view>

#include <dorm/detail/utf8.hpp>

#include "ir/sqlite_message.hpp"

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

void check_catalog_text(const std::vector<CatalogRow>& rows) {
  for (const CatalogRow& row : rows) {
    for (const std::optional<std::string>& value : row) {
      if (value && !is_utf8(*value)) {
        throw std::runtime_error("the database's schema holds a name or default that is not valid UTF-8: \"" +
                                 shown(*value) + "\"; rename it (JSON Schema files hold UTF-8 text only)");
      }
    }
  }
}

std::string as_text_columns(const std::string& sql, std::size_t columns) {
  // A CTE's column list names the columns by position; SQLite keeps the query's ORDER BY.
  std::string names;
  std::string casts;
  for (std::size_t i = 0; i < columns; ++i) {
    const std::string name = "c" + std::to_string(i);
    names += (i == 0 ? "" : ", ") + name;
    casts += (i == 0 ? "CAST(" : ", CAST(") + name + " AS TEXT)";
  }
  return "WITH q(" + names + ") AS (" + sql + ") SELECT " + casts + " FROM q";
}

void throw_catalog_error(const dorm::Error& error, const std::string& sql) {
  throw std::runtime_error(ir::sqlite_message(error) + " in: " + sql);
}

std::string text(const std::optional<std::string>& value) { return value.value_or(""); }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> user_tables(Database& db) {
  std::vector<std::string> names;
  for (const CatalogRow& r : catalog_rows<1>(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                                              "ESCAPE '\\' AND name <> 'dorm_migrations' ORDER BY name"))
    names.push_back(text(r[0]));
  return names;
}

}  // namespace dorm::migrate
