// update_all<T>(): the typed UPDATE builder (dorm/query/update.hpp).
#include <catch2/catch.hpp>

#include "support.hpp"

using rt::users;
using rt_test::make_user;

namespace {

dorm::Database db_with_users() {
  auto db = rt_test::memory_db();
  for (const char* name : {"ann", "bob", "cid"}) {
    auto u = make_user(name, 30);
    db.insert(u);
  }
  return db;
}

}  // namespace

TEST_CASE("update sets the assigned columns of the rows matching where and returns their count", "[runtime]") {
  auto db = db_with_users();
  auto changed = db.update_all<rt::User>().set(users.name = "Ann", users.age = 36).where(users.id == 1).execute();
  CHECK(changed == 1);
  auto ann = db.find_or_fail<rt::User>(1);
  CHECK(ann.name == "Ann");
  CHECK(ann.age == 36);
  CHECK(db.find_or_fail<rt::User>(2).name == "bob");
  CHECK(db.find_or_fail<rt::User>(2).age == 30);
}

TEST_CASE("update renders SET with unqualified quoted names and WHERE with qualified ones", "[runtime]") {
  auto db = rt_test::memory_db();
  auto q = db.update_all<rt::User>();
  using Q = decltype(q.set(users.name = "x", users.age = 3).where(users.id == 1));
  CHECK(Q::sql() == R"(UPDATE "users" SET "name" = ?, "age" = ? WHERE "users"."id" = ?)");
  using All = decltype(q.set(users.active = false));
  CHECK(All::sql() == R"(UPDATE "users" SET "active" = ?)");
}

TEST_CASE("update takes a column and a value, and set() calls chain", "[runtime]") {
  auto db = db_with_users();
  auto q = db.update_all<rt::User>().set(users.name, "Bob").set(users.bio = "hi").where(users.name == "bob");
  CHECK(decltype(q)::sql() == R"(UPDATE "users" SET "name" = ?, "bio" = ? WHERE "users"."name" = ?)");
  CHECK(q.execute() == 1);
  auto bob = db.find_or_fail<rt::User>(2);
  CHECK(bob.name == "Bob");
  CHECK(bob.bio == "hi");
}

TEST_CASE("update joins several where() calls with AND", "[runtime]") {
  auto db = db_with_users();
  auto q = db.update_all<rt::User>().set(users.age = 1).where(users.id > 1).where(users.name != "cid");
  CHECK(decltype(q)::sql() == R"(UPDATE "users" SET "age" = ? WHERE ("users"."id" > ? AND "users"."name" <> ?))");
  CHECK(q.execute() == 1);
  CHECK(db.find_or_fail<rt::User>(2).age == 1);
  CHECK(db.find_or_fail<rt::User>(3).age == 30);
}

TEST_CASE("update writes NULL into a nullable column assigned std::nullopt or an empty optional", "[runtime]") {
  auto db = db_with_users();
  CHECK(db.update_all<rt::User>().set(users.age = std::nullopt).where(users.id == 1).execute() == 1);
  CHECK_FALSE(db.find_or_fail<rt::User>(1).age.has_value());
  std::optional<int> none;
  std::optional<int> seven = 7;
  CHECK(db.update_all<rt::User>().set(users.age = none, users.bio = std::optional<std::string>("b")).where(users.id == 2).execute() == 1);
  CHECK_FALSE(db.find_or_fail<rt::User>(2).age.has_value());
  CHECK(db.update_all<rt::User>().set(users.age = seven).where(users.id == 2).execute() == 1);
  CHECK(db.find_or_fail<rt::User>(2).age == 7);
  CHECK(db.find_or_fail<rt::User>(2).bio == "b");
}

TEST_CASE("update stores an integer in a REAL column as a number that reads back as double", "[runtime]") {
  auto db = rt_test::memory_db();
  rt::Sample s;
  s.text = "t";
  db.insert(s);
  CHECK(db.update_all<rt::Sample>().set(rt::samples.ratio = 2, rt::samples.flag = true).where(rt::samples.id == s.id).execute() == 1);
  auto back = db.find_or_fail<rt::Sample>(s.id);
  CHECK(back.ratio == 2.0);
  CHECK(back.flag);
}

TEST_CASE("update that matches no row changes nothing and returns 0", "[runtime]") {
  auto db = db_with_users();
  CHECK(db.update_all<rt::User>().set(users.name = "x").where(users.id == 99).execute() == 0);
  CHECK(db.select<rt::User>().where(users.name == "x").count() == 0);
}

TEST_CASE("update execute_all_rows changes every row", "[runtime]") {
  auto db = db_with_users();
  CHECK(db.update_all<rt::User>().set(users.active = false).execute_all_rows() == 3);
  CHECK(db.select<rt::User>().where(users.active == false).count() == 3);
}

TEST_CASE("update of a UNIQUE column to a duplicate throws ConstraintError and changes nothing", "[runtime]") {
  auto db = db_with_users();
  try {
    (void)db.update_all<rt::User>().set(users.email = "ann@example.com", users.name = "changed").where(users.id == 2).execute();
    FAIL("duplicate email written");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::unique);
  }
  auto bob = db.find_or_fail<rt::User>(2);
  CHECK(bob.email == "bob@example.com");
  CHECK(bob.name == "bob");
  // The statement was reset: the same shape runs again.
  CHECK(db.update_all<rt::User>().set(users.email = "bob2@example.com", users.name = "ok").where(users.id == 2).execute() == 1);
  CHECK(rt_test::running_statements(db) == 0);
}

TEST_CASE("update of many rows in one statement is all or nothing", "[runtime]") {
  auto db = db_with_users();
  // Every row would get the same email: the second one violates UNIQUE and the first is undone.
  CHECK_THROWS_AS(db.update_all<rt::User>().set(users.email = "same@example.com").execute_all_rows(), dorm::ConstraintError);
  CHECK(db.select<rt::User>().where(users.email == "same@example.com").count() == 0);
}

TEST_CASE("update binds values it copied, so a builder outlives its arguments", "[runtime]") {
  auto db = db_with_users();
  auto make = [&] {
    std::string name = "temporary";
    return db.update_all<rt::User>().set(users.name = name).where(users.id == 3);
  };
  auto q = make();
  CHECK(q.execute() == 1);
  CHECK(db.find_or_fail<rt::User>(3).name == "temporary");
}
