#include "dorm/statement.hpp"

#include <cctype>

namespace dorm {

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

Statement::Statement(sqlite3* db, std::string_view sql, bool persistent) : sql_(sql) {
  if (db == nullptr) throw MisuseError("[dorm.misuse.closed] statement prepared on a closed database", 0, 0, sql_);
  const char* tail = nullptr;
  unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  int rc = sqlite3_prepare_v3(db, sql_.data(), static_cast<int>(sql_.size()), flags, &stmt_, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    detail::throw_sqlite_error(db, rc, sql_);
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

void Statement::fail(int rc) const { detail::throw_sqlite_error(db(), rc, sql_); }

void Statement::type_mismatch(int column, std::string_view expected) const {
  const char* name = sqlite3_column_name(stmt_, column);
  const char* table = sqlite3_column_table_name(stmt_, column);
  const char* found = "NULL";
  switch (sqlite3_column_type(stmt_, column)) {
    case SQLITE_INTEGER: found = "INTEGER"; break;
    case SQLITE_FLOAT: found = "REAL"; break;
    case SQLITE_TEXT: found = "TEXT"; break;
    case SQLITE_BLOB: found = "BLOB"; break;
    default: break;
  }
  std::string message = "[dorm.type_mismatch] column '";
  if (table != nullptr) message += std::string(table) + '.';
  message += name != nullptr ? name : "?";
  message += "' holds " + std::string(found) + " but the C++ member expects " + std::string(expected);
  if (std::string_view(found) == "NULL") message += " (declare the column nullable to read NULL as std::nullopt)";
  throw TypeMismatch(std::move(message), 0, 0, sql_);
}

}  // namespace dorm
