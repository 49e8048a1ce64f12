#pragma once
// What the lifecycle test files share: a migrated in-memory database of the shop tables
// (tests/lifecycle/schemas) and a valid account.
#include <string>

#include <dorm/dorm.hpp>

#include "shop/models.hpp"

/// A private in-memory database with every shop table created.
inline dorm::Database memory_db() {
  auto db = dorm::Database::open(":memory:");
  shop::migrate(db);
  return db;
}

/// A valid account; `n` makes its unique columns unique.
inline shop::Account make_account(const std::string& name, int n = 1) {
  shop::Account a;
  a.email = name + std::to_string(n) + "@example.com";
  a.name = name;
  a.score = 50;
  a.role = shop::AccountRole::member;
  a.plan = "free";
  a.code = "ABC-12";
  a.token = "123e4567-e89b-12d3-a456-" + std::to_string(426614174000 + n);
  return a;
}
