// A full disk: SQLite's SQLITE_FULL, reached here through PRAGMA max_page_count (the same error
// path a full file system takes, without needing one), gives a clear error, keeps every row
// committed before it, rolls back the transaction it hit, and leaves the database usable.
#include <catch2/catch.hpp>

#include "support.hpp"

using rt_test::TempDir;

namespace {

/// Inserts users (with long bios, so pages fill fast) one per transaction until one fails;
/// returns how many were committed and the error.
std::pair<std::int64_t, std::string> fill(dorm::Database& db) {
  std::int64_t committed = 0;
  for (int i = 0; i < 100000; ++i) {
    auto user = rt_test::make_user("filler" + std::to_string(i));
    user.bio = std::string(1500, 'x');
    try {
      db.insert(user);
    } catch (const dorm::SqliteError& e) {
      return {committed, e.what()};
    }
    ++committed;
  }
  return {committed, ""};
}

}  // namespace

TEST_CASE("a full database file gives SQLITE_FULL with the statement, and keeps every committed row", "[runtime][disk_full]") {
  TempDir dir;
  const auto path = dir.file("full.db");
  auto db = dorm::Database::open(path);
  rt::migrate(db);
  const auto pages = db.query_value<std::int64_t>("PRAGMA page_count").value_or(0);
  db.execute("PRAGMA max_page_count = " + std::to_string(pages + 40));

  const auto [committed, error] = fill(db);
  REQUIRE(committed > 0);
  CHECK_THAT(error, Catch::Matchers::StartsWith("[dorm.sqlite.13] database or disk is full"));
  CHECK_THAT(error, Catch::Matchers::Contains("INSERT INTO \"users\""));
  CHECK(db.select<rt::User>().count() == committed);
  CHECK(db.query_value<std::string>("PRAGMA integrity_check") == "ok");

  SECTION("a transaction that hits it is rolled back whole") {
    const auto before = db.select<rt::User>().count();
    CHECK_THROWS_AS(db.transaction([&] {
                      for (int i = 0; i < 1000; ++i) {
                        auto user = rt_test::make_user("in_transaction" + std::to_string(i));
                        user.bio = std::string(1500, 'y');
                        db.insert(user);
                      }
                    }),
                    dorm::SqliteError);
    CHECK(db.select<rt::User>().count() == before);
    CHECK(db.select<rt::User>().where(rt::users.name.like("in_transaction%")).count() == 0);
  }

  SECTION("the database works again once there is room, and after reopening") {
    db.execute("PRAGMA max_page_count = 1000000");
    auto user = rt_test::make_user("after_room");
    db.insert(user);
    CHECK(user.id > 0);
    db.close();
    auto reopened = dorm::Database::open(path);
    CHECK(reopened.select<rt::User>().count() == committed + 1);
    CHECK(reopened.query_value<std::string>("PRAGMA integrity_check") == "ok");
  }
}

TEST_CASE("running out of room in the middle of insert_many stores none of its rows", "[runtime][disk_full]") {
  TempDir dir;
  auto db = dorm::Database::open(dir.file("full_many.db"));
  rt::migrate(db);
  auto first = rt_test::make_user("first");
  db.insert(first);
  const auto pages = db.query_value<std::int64_t>("PRAGMA page_count").value_or(0);
  db.execute("PRAGMA max_page_count = " + std::to_string(pages + 10));
  std::vector<rt::User> rows;
  for (int i = 0; i < 200; ++i) {
    rows.push_back(rt_test::make_user("many" + std::to_string(i)));
    rows.back().bio = std::string(1500, 'z');
  }
  CHECK_THROWS_WITH(db.insert_many(rows), Catch::Matchers::StartsWith("[dorm.sqlite.13] database or disk is full"));
  CHECK(db.select<rt::User>().count() == 1);
  for (const auto& row : rows) CHECK(row.id == 0);  // rows change only once every row is in
}
