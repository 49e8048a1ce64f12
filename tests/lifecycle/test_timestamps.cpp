// Timestamps (`x-dorm-timestamps`): created_at and updated_at, UTC ISO-8601 text with
// milliseconds, set by Database's model writes, and left alone by writes that fail.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <dorm/dorm.hpp>

#include "shop_support.hpp"

namespace {

/// Waits until utc_timestamp() has moved on, so the next write gets a later time.
void next_millisecond() {
  const std::string start = dorm::utc_timestamp();
  while (dorm::utc_timestamp() == start) std::this_thread::sleep_for(std::chrono::microseconds(200));
}

const std::regex timestamp_shape(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");

}  // namespace

TEST_CASE("insert sets created_at and updated_at to the same current UTC time", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  REQUIRE(ann.created_at.empty());
  const std::string before = dorm::utc_timestamp();
  db.insert(ann);
  const std::string after = dorm::utc_timestamp();
  CHECK(std::regex_match(ann.created_at, timestamp_shape));
  CHECK(ann.created_at == ann.updated_at);
  CHECK(before <= ann.created_at);
  CHECK(ann.created_at <= after);
  const auto stored = db.query<std::tuple<std::string, std::string>>(
      "SELECT created_at, updated_at FROM accounts WHERE id = ?", ann.id);
  REQUIRE(stored.size() == 1);
  CHECK(std::get<0>(stored[0]) == ann.created_at);
  CHECK(std::get<1>(stored[0]) == ann.updated_at);
}

TEST_CASE("insert keeps a created_at the row already has, so imports keep their history", "[lifecycle]") {
  auto db = memory_db();
  auto old = make_account("Old");
  old.created_at = "2001-02-03T04:05:06.789Z";
  db.insert(old);
  CHECK(old.created_at == "2001-02-03T04:05:06.789Z");
  CHECK(old.updated_at > old.created_at);  // updated_at is the time of the write
  CHECK(*db.query_value<std::string>("SELECT created_at FROM accounts WHERE id = ?", old.id) ==
        "2001-02-03T04:05:06.789Z");
}

TEST_CASE("update moves updated_at forward and leaves created_at where it was", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  const std::string created = ann.created_at;
  const std::string first_update = ann.updated_at;
  next_millisecond();
  ann.name = "Annie";
  db.update(ann);
  CHECK(ann.created_at == created);
  CHECK(ann.updated_at > first_update);
  CHECK(std::regex_match(ann.updated_at, timestamp_shape));
  auto stored = db.query<std::tuple<std::string, std::string>>("SELECT created_at, updated_at FROM accounts WHERE id = ?",
                                                               ann.id);
  CHECK(std::get<0>(stored.at(0)) == created);
  CHECK(std::get<1>(stored.at(0)) == ann.updated_at);
}

TEST_CASE("update of a const row writes the new updated_at but leaves that row as it is", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  next_millisecond();
  const shop::Account unchanged = ann;
  db.update(unchanged);
  CHECK(unchanged.updated_at == ann.updated_at);
  CHECK(*db.query_value<std::string>("SELECT updated_at FROM accounts WHERE id = ?", ann.id) > ann.updated_at);
}

TEST_CASE("a failed insert leaves created_at and updated_at of the row empty", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  auto twin = make_account("Twin", 2);
  twin.email = ann.email;  // UNIQUE
  REQUIRE_THROWS_AS(db.insert(twin), dorm::ConstraintError);
  CHECK(twin.created_at.empty());
  CHECK(twin.updated_at.empty());
  CHECK(twin.id == 0);
}

TEST_CASE("a failed update leaves updated_at where it was, in the row and in the database", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann", 1);
  auto bob = make_account("Bob", 2);
  db.insert(ann);
  db.insert(bob);
  const std::string updated = bob.updated_at;
  next_millisecond();

  SECTION("a constraint violation") {
    bob.email = ann.email;
    REQUIRE_THROWS_AS(db.update(bob), dorm::ConstraintError);
  }
  SECTION("a row that is not there") {
    bob.id = 999;
    REQUIRE_THROWS_AS(db.update(bob), dorm::NotFound);
  }
  SECTION("a cancelled hook") {
    auto sub = dorm::hooks<shop::Account>().on(dorm::Event::updating, [](shop::Account&) { return false; });
    REQUIRE_THROWS_AS(db.update(bob), dorm::HookCancelled);
  }
  SECTION("a hook that throws after the write") {
    auto sub = dorm::hooks<shop::Account>().on(dorm::Event::updated, [](const shop::Account&) {
      throw std::runtime_error("after");
    });
    REQUIRE_THROWS_AS(db.update(bob), std::runtime_error);
  }
  CHECK(bob.updated_at == updated);
  CHECK(*db.query_value<std::string>("SELECT updated_at FROM accounts WHERE id = 2") == updated);
}

TEST_CASE("a cancelled insert leaves the row's timestamps empty", "[lifecycle]") {
  auto db = memory_db();
  auto sub = dorm::hooks<shop::Account>().on(dorm::Event::creating, [](shop::Account&) { return false; });
  auto ann = make_account("Ann");
  REQUIRE_THROWS_AS(db.insert(ann), dorm::HookCancelled);
  CHECK(ann.created_at.empty());
  CHECK(ann.updated_at.empty());
}

TEST_CASE("hooks see the timestamps: not yet in creating, set in created", "[lifecycle]") {
  auto db = memory_db();
  std::string in_creating = "unset";
  std::string in_created;
  auto before = dorm::hooks<shop::Account>().on(dorm::Event::creating,
                                                [&](shop::Account& a) { in_creating = a.created_at; });
  auto after = dorm::hooks<shop::Account>().on(dorm::Event::created,
                                               [&](const shop::Account& a) { in_created = a.created_at; });
  auto ann = make_account("Ann");
  db.insert(ann);
  CHECK(in_creating.empty());
  CHECK(in_created == ann.created_at);
}

TEST_CASE("insert_many stamps every row with one time", "[lifecycle]") {
  auto db = memory_db();
  std::vector<shop::Account> rows{make_account("Ann", 1), make_account("Bob", 2), make_account("Cy", 3)};
  rows[2].created_at = "2001-02-03T04:05:06.789Z";
  db.insert_many(rows);
  CHECK(rows[0].created_at == rows[1].created_at);
  CHECK(rows[0].updated_at == rows[0].created_at);
  CHECK(rows[2].updated_at == rows[0].created_at);
  CHECK(rows[2].created_at == "2001-02-03T04:05:06.789Z");
  CHECK(db.query_value<std::int64_t>("SELECT count(DISTINCT updated_at) FROM accounts") == 1);
}

TEST_CASE("upsert sets created_at on insert, keeps it on update, and moves updated_at", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.upsert(ann, shop::accounts.email);
  REQUIRE(ann.id != 0);
  const std::string created = ann.created_at;
  CHECK(ann.updated_at == created);
  next_millisecond();

  auto again = make_account("Annie");
  again.email = ann.email;  // the upsert updates Ann's row
  db.upsert(again, shop::accounts.email);
  CHECK(again.id == ann.id);
  CHECK(again.created_at == created);  // read back from the stored row
  CHECK(again.updated_at > created);
  auto stored = db.find_or_fail<shop::Account>(ann.id);
  CHECK(stored.name == "Annie");
  CHECK(stored.created_at == created);
  CHECK(stored.updated_at == again.updated_at);
}

TEST_CASE("timestamps are fixed-width text, so text order is time order", "[lifecycle]") {
  auto db = memory_db();
  std::vector<std::int64_t> ids;
  for (int i = 1; i <= 3; ++i) {
    auto a = make_account("User", i);
    db.insert(a);
    ids.push_back(a.id);
    next_millisecond();
  }
  CHECK(db.query<std::int64_t>("SELECT id FROM accounts ORDER BY created_at DESC") ==
        std::vector<std::int64_t>{ids[2], ids[1], ids[0]});
  // SQLite's own clock writes the same shape, so plain-SQL comparisons with 'now' work.
  const auto sqlite_now = *db.query_value<std::string>("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
  CHECK(std::regex_match(sqlite_now, timestamp_shape));
  CHECK(db.query_value<std::int64_t>(
            "SELECT count(*) FROM accounts WHERE created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
            "AND length(created_at) = 24") == 3);
}

TEST_CASE("a soft delete and a restore move updated_at too", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  const std::string inserted = ann.updated_at;
  next_millisecond();
  REQUIRE(db.remove(ann));
  REQUIRE(ann.deleted_at.has_value());
  CHECK(ann.updated_at == *ann.deleted_at);
  CHECK(ann.updated_at > inserted);
  const std::string removed = ann.updated_at;
  next_millisecond();
  REQUIRE(db.restore(ann));
  CHECK(ann.updated_at > removed);
  CHECK(*db.query_value<std::string>("SELECT updated_at FROM accounts WHERE id = ?", ann.id) == ann.updated_at);
}
