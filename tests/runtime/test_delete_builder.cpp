// remove_all<T>(): the typed DELETE builder (dorm/query/delete.hpp).
#include <catch2/catch.hpp>

#include "support.hpp"

using rt::users;
using rt_test::make_user;

namespace {

dorm::Database db_with_ages(std::initializer_list<int> ages) {
  auto db = rt_test::memory_db();
  int i = 0;
  for (int age : ages) {
    auto u = make_user("user" + std::to_string(i++), age);
    db.insert(u);
  }
  return db;
}

}  // namespace

TEST_CASE("remove deletes the rows matching where and returns their count", "[runtime]") {
  auto db = db_with_ages({12, 17, 18, 40});
  CHECK(db.remove_all<rt::User>().where(users.age < 18).execute() == 2);
  CHECK(db.select<rt::User>().count() == 2);
  CHECK(db.select<rt::User>().where(users.age < 18).count() == 0);
}

TEST_CASE("remove renders DELETE FROM with the qualified WHERE", "[runtime]") {
  auto db = rt_test::memory_db();
  auto q = db.remove_all<rt::User>().where(users.age < 18).where(users.name.like("a%"));
  CHECK(decltype(q)::sql() == R"(DELETE FROM "users" WHERE ("users"."age" < ? AND "users"."name" LIKE ?))");
  CHECK(decltype(db.remove_all<rt::User>())::sql() == R"(DELETE FROM "users")");
}

TEST_CASE("remove that matches no row returns 0", "[runtime]") {
  auto db = db_with_ages({20});
  CHECK(db.remove_all<rt::User>().where(users.id == 42).execute() == 0);
  CHECK(db.select<rt::User>().count() == 1);
}

TEST_CASE("remove execute_all_rows empties the table", "[runtime]") {
  auto db = db_with_ages({1, 2, 3});
  CHECK(db.remove_all<rt::User>().execute_all_rows() == 3);
  CHECK(db.select<rt::User>().count() == 0);
}

TEST_CASE("remove of one row by model still works next to the builder", "[runtime]") {
  auto db = db_with_ages({1, 2});
  auto first = db.find_or_fail<rt::User>(1);
  CHECK(db.remove(first));
  CHECK_FALSE(db.remove(first));
  CHECK(db.select<rt::User>().count() == 1);
}

TEST_CASE("remove runs again with new values through the cached statement", "[runtime]") {
  auto db = db_with_ages({10, 20, 30});
  for (std::int64_t id = 1; id <= 3; ++id) CHECK(db.remove_all<rt::User>().where(users.id == id).execute() == 1);
  CHECK(db.select<rt::User>().count() == 0);
  CHECK(rt_test::running_statements(db) == 0);
}

TEST_CASE("remove inside a rolled back transaction deletes nothing", "[runtime]") {
  auto db = db_with_ages({10, 20});
  CHECK_THROWS_AS(db.transaction([&] {
    CHECK(db.remove_all<rt::User>().where(users.age > 5).execute() == 2);
    throw std::runtime_error("undo");
  }), std::runtime_error);
  CHECK(db.select<rt::User>().count() == 2);
}
