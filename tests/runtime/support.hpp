#pragma once
// Helpers shared by the runtime tests: a fresh database with the test schema, and a private
// temporary directory for tests that need files.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

#include <dorm/dorm.hpp>
#include <dorm/backends/sqlite/handle.hpp>
#include "../temp_dir.hpp"

#include "rt/models.hpp"

namespace rt_test {

/// A private in-memory database with every test table created.
inline dorm::Database memory_db() {
  auto db = dorm::Database::open(":memory:");
  rt::migrate(db);
  return db;
}

using dorm_test::TempDir;

/// A user with a unique email derived from `name`.
inline rt::User make_user(const std::string& name, std::optional<std::int64_t> age = std::nullopt) {
  rt::User user;
  user.email = name + "@example.com";
  user.name = name;
  user.age = age;
  return user;
}

/// How many prepared statements of `db` are running (stepped but not reset or finished).
inline int running_statements(const dorm::Database& db) {
  int n = 0;
  for (sqlite3_stmt* st = sqlite3_next_stmt(dorm::sqlite::handle(db), nullptr); st != nullptr;
       st = sqlite3_next_stmt(dorm::sqlite::handle(db), st)) {
    n += sqlite3_stmt_busy(st) != 0 ? 1 : 0;
  }
  return n;
}

}  // namespace rt_test
