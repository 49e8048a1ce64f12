#include "ir/scratch_db.hpp"

#include <sqlite3.h>

#include <string_view>

namespace dorm::ir {

void ScratchDb::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

std::string ScratchDb::default_error(const std::string& expr) {
  sqlite3* db = get();
  if (db == nullptr) return "";  // cannot check; the migration will report it instead
  const std::string sql = "CREATE TEMP TABLE t(x DEFAULT (" + expr + "))";
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, &tail) != SQLITE_OK) {
    return sqlite3_errmsg(db);
  }
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return sqlite3_errmsg(db);
  int columns = 0;
  sqlite3_stmt* info = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info('t')", -1, &info, nullptr) == SQLITE_OK &&
      sqlite3_step(info) == SQLITE_ROW) {
    columns = sqlite3_column_int(info, 0);
  }
  sqlite3_finalize(info);
  sqlite3_exec(db, "DROP TABLE temp.t", nullptr, nullptr, nullptr);
  if (tail != nullptr && std::string_view(tail).find_first_not_of(" \t\r\n") != std::string_view::npos) {
    return "the expression must not end the statement";
  }
  if (columns != 1) return "the expression must be a single expression";
  return "";
}

std::string ScratchDb::evaluation_error(const std::string& expr) {
  sqlite3* db = get();
  if (db == nullptr) return "";
  const std::string create = "CREATE TEMP TABLE d(x DEFAULT (" + expr + "))";
  if (sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return sqlite3_errmsg(db);
  std::string message;
  if (sqlite3_exec(db, "INSERT INTO temp.d DEFAULT VALUES", nullptr, nullptr, nullptr) != SQLITE_OK) {
    message = sqlite3_errmsg(db);
  }
  sqlite3_exec(db, "DROP TABLE temp.d", nullptr, nullptr, nullptr);
  return message;
}

std::optional<std::string> ScratchDb::evaluate(const std::string& expr) {
  sqlite3* db = get();
  if (db == nullptr) return std::nullopt;
  const std::string sql = "SELECT (" + expr + ")";
  sqlite3_stmt* stmt = nullptr;
  std::optional<std::string> out;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    out = std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  return out;
}

sqlite3* ScratchDb::get() {
  if (!db_ && !failed_) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK) {
      db_.reset(raw);
    } else {
      sqlite3_close(raw);
      failed_ = true;
    }
  }
  return db_.get();
}

}  // namespace dorm::ir
