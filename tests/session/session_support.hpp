#pragma once
// Helpers shared by the session tests: databases with the test tables, and a statement log.
#include <string>
#include <string_view>
#include <vector>

#include <dorm/dorm.hpp>
#include <dorm/session/session.hpp>

#include "blog/models.hpp"
#include "rt/models.hpp"
#include "shop/models.hpp"
#include "tenancy/models.hpp"

namespace session_test {

/// A private in-memory database with the runtime tests' tables (users, posts, memberships).
inline dorm::Database rt_db() {
  auto db = dorm::Database::open(":memory:");
  rt::migrate(db);
  return db;
}

/// A private in-memory database with the blog example's tables.
inline dorm::Database blog_db() {
  auto db = dorm::Database::open(":memory:");
  blog::migrate(db);
  return db;
}

/// Every statement `db` starts, from construction on, as its SQL text.
class StatementLog {
 public:
  explicit StatementLog(dorm::Database& db) : db_(&db) {
    db.on_statement([this](std::string_view sql) { statements.emplace_back(sql); });
  }
  StatementLog(const StatementLog&) = delete;
  StatementLog& operator=(const StatementLog&) = delete;
  ~StatementLog() { db_->on_statement({}); }
  /// Forgets what was logged so far.
  void reset() { statements.clear(); }
  /// The logged statements that start with `prefix` ("UPDATE", "SELECT").
  [[nodiscard]] std::vector<std::string> starting_with(std::string_view prefix) const {
    std::vector<std::string> found;
    for (const auto& sql : statements)
      if (sql.starts_with(prefix)) found.push_back(sql);
    return found;
  }
  std::vector<std::string> statements;

 private:
  dorm::Database* db_;
};

/// A user of the runtime tests' users table with a unique email derived from `name`.
inline rt::User make_user(const std::string& name, std::optional<std::int64_t> age = std::nullopt) {
  rt::User user;
  user.email = name + "@example.com";
  user.name = name;
  user.age = age;
  return user;
}

}  // namespace session_test
