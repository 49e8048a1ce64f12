#include "dorm/backends/sqlite/statement.hpp"

#include "backends/sqlite/authorizer.hpp"
#include "dorm/backends/sqlite/connection.hpp"
#include "dorm/backends/sqlite/error.hpp"
#include "dorm/core/error.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace dorm::sqlite {

namespace {
bool only_whitespace_or_comments(const char* rest) {
  // sqlite3_prepare stops after the first statement; anything but blanks, ';' and comments
  // after it means the caller passed several statements, which would be silently dropped.
  std::string_view tail(rest);
  std::size_t i = 0;
  while (i < tail.size()) {
    char c = tail[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      ++i;
    } else if (tail.substr(i, 2) == "--") {
      i = tail.find('\n', i);
      if (i == std::string_view::npos) return true;
    } else if (tail.substr(i, 2) == "/*") {
      i = tail.find("*/", i + 2);
      if (i == std::string_view::npos) return true;
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}
}  // namespace

Statement::Statement(Connection& connection, std::string_view sql, bool persistent) : sql_(sql) {
  sqlite3* db = connection.handle();
  if (db == nullptr) throw MisuseError("[dorm.misuse.closed] statement prepared on a closed database", 0, 0, sql_);
  const char* tail = nullptr;
  unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  clear_refusal(db);
  int rc = sqlite3_prepare_v3(db, sql_.data(), static_cast<int>(sql_.size()), flags, &stmt_, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    throw_error(db, rc, sql_);
  }
  if (stmt_ == nullptr) {
    throw MisuseError("[dorm.misuse.empty_sql] SQL text holds no statement", 0, 0, sql_);
  }
  if (tail != nullptr && !only_whitespace_or_comments(tail)) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    throw MisuseError("[dorm.misuse.multiple_statements] SQL text holds more than one statement; "
                      "use Database::execute_script for scripts",
                      0, 0, sql_);
  }
}

Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_), sql_(std::move(other.sql_)) {
  other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    sql_ = std::move(other.sql_);
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::fail(int rc) const { throw_error(sqlite3_db_handle(stmt_), rc, sql_); }

namespace {

/// A result value as an SQL literal for a message: numbers as SQLite prints them, text quoted
/// (cut after 64 bytes), a BLOB by its size.
std::string literal_of(sqlite3_stmt* stmt, int column) {
  const int type = sqlite3_column_type(stmt, column);
  if (type == SQLITE_NULL) return "NULL";
  if (type == SQLITE_BLOB) return "a BLOB of " + std::to_string(sqlite3_column_bytes(stmt, column)) + " bytes";
  const std::string text(reinterpret_cast<const char*>(sqlite3_column_text(stmt, column)),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
  if (type != SQLITE_TEXT) return text;
  constexpr std::size_t shown = 64;
  std::string out = "'";
  for (char c : text.substr(0, shown)) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + (text.size() > shown ? "'..." : "'");
}

/// "id = 7" or "order_id = 1, line = 2": the primary key columns of `table` among the results
/// of the current row, in result order; "" when the query does not select them.
std::string row_key(sqlite3_stmt* stmt, const char* database, const char* table) {
  std::string key;
  std::vector<std::string> seen;
  for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
    const char* t = sqlite3_column_table_name(stmt, i);
    const char* d = sqlite3_column_database_name(stmt, i);
    const char* origin = sqlite3_column_origin_name(stmt, i);
    if (t == nullptr || d == nullptr || origin == nullptr || std::string_view(t) != table ||
        std::string_view(d) != database)
      continue;
    int primary_key = 0;
    if (sqlite3_table_column_metadata(sqlite3_db_handle(stmt), d, t, origin, nullptr, nullptr, nullptr, &primary_key,
                                      nullptr) != SQLITE_OK ||
        primary_key == 0)
      continue;
    if (std::find(seen.begin(), seen.end(), origin) != seen.end()) continue;  // a self-join
    seen.emplace_back(origin);
    key += (key.empty() ? "" : ", ") + std::string(origin) + " = " + literal_of(stmt, i);
  }
  return key;
}

}  // namespace

void Statement::type_mismatch(int column, std::string_view expected) const {
  const char* name = sqlite3_column_name(stmt_, column);
  const char* table = sqlite3_column_table_name(stmt_, column);
  const char* database = sqlite3_column_database_name(stmt_, column);
  const std::string_view found = storage_class_name(static_cast<StorageClass>(sqlite3_column_type(stmt_, column)));
  std::string message = "[dorm.type_mismatch] column '";
  if (table != nullptr) message += std::string(table) + '.';
  message += name != nullptr ? name : "?";
  message += "' holds " + std::string(found) + " but the C++ member expects " + std::string(expected);
  std::vector<std::string> notes;
  if (table != nullptr && database != nullptr) {
    if (std::string key = row_key(stmt_, database, table); !key.empty()) notes.push_back("row " + key);
  }
  if (found == "NULL") notes.emplace_back("declare the column nullable to read NULL as std::nullopt");
  for (std::size_t i = 0; i < notes.size(); ++i) message += (i == 0 ? " (" : "; ") + notes[i];
  if (!notes.empty()) message += ')';
  throw TypeMismatch(std::move(message), 0, 0, sql_);
}

}  // namespace dorm::sqlite
