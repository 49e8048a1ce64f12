#pragma once
// A `:memory:` SQLite database for generator tests: runs generated DDL and answers PRAGMA
// queries as rows of text, so tests compare what SQLite made of the DDL, not the DDL's text.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "emit/sql_ddl.hpp"

namespace dorm_test {

using Rows = std::vector<std::vector<std::string>>;

class MemoryDb {
 public:
  MemoryDb() {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(":memory:", &raw) == SQLITE_OK);
    db_.reset(raw);
  }

  /// Runs one SQL script; fails the test with SQLite's message when it errors.
  void exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    INFO(sql);
    REQUIRE(message == "");
    REQUIRE(rc == SQLITE_OK);
  }

  /// SQLite's message when `sql` fails, "" when it succeeds (for statements expected to fail).
  std::string error_of(const std::string& sql) {
    char* error = nullptr;
    sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    return message;
  }

  /// Runs every CREATE statement dorm-gen emits for `table`.
  void create(const dorm::ir::Table& table) {
    for (const std::string& sql : dorm::emit::create_statements(table)) exec(sql);
  }

  /// Every row of `sql`, each value as text ("NULL" for NULL).
  Rows query(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    Rows rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row.emplace_back(text == nullptr ? "NULL" : reinterpret_cast<const char*>(text));
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    return rows;
  }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

}  // namespace dorm_test
