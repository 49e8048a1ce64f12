// FilteredSelect (dorm/query/filtered_select.hpp): equality filters and ORDER BY terms chosen at
// run time over db.select<M>(), through the executor: typed values, NULL filters, order, paging
// and counts, soft deletes as for db.select<M>(), the index of a filtered column still used, and
// run-time texts kept in the connection's bounded text cache.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include <dorm/query/filtered_select.hpp>

#include "support.hpp"
#include "rt_lock/models.hpp"

using rt::users;
using rt_test::make_user;

namespace {

/// ann 10, bob 20 (inactive), cy 30, dee (no age), eve 20.
dorm::Database seeded_db() {
  auto db = rt_test::memory_db();
  auto bob = make_user("bob", 20);
  bob.active = false;
  for (auto user : {make_user("ann", 10), bob, make_user("cy", 30), make_user("dee"), make_user("eve", 20)}) {
    db.insert(user);
  }
  return db;
}

std::vector<std::string> names(const std::vector<rt::User>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.name);
  return out;
}

}  // namespace

TEST_CASE("a filtered select binds each filter's typed value and ANDs the filters", "[runtime][filtered_select]") {
  auto db = seeded_db();
  auto by_age = dorm::filtered(db.select<rt::User>());
  by_age.where_equal(users.age, 20).order_by(users.name);
  CHECK(names(by_age.all()) == std::vector<std::string>{"bob", "eve"});
  by_age.where_equal(users.active, true);
  CHECK(names(by_age.all()) == std::vector<std::string>{"eve"});
  CHECK(by_age.count() == 1);
  CHECK(by_age.sql() ==
        R"(SELECT "users"."id", "users"."email", "users"."name", "users"."bio", "users"."age", "users"."active", )"
        R"("users"."created_at" FROM "users" WHERE "users"."age" = ? AND "users"."active" = ? ORDER BY "users"."name" ASC)"
        R"( LIMIT ? OFFSET ?)");
}

TEST_CASE("a filtered select without filters returns every row, and an empty optional filters on IS NULL", "[runtime][filtered_select]") {
  auto db = seeded_db();
  CHECK(dorm::filtered(db.select<rt::User>()).count() == 5);
  auto no_age = dorm::filtered(db.select<rt::User>());
  no_age.where_equal(users.age, std::nullopt);
  CHECK(names(no_age.all()) == std::vector<std::string>{"dee"});
  CHECK(no_age.sql().find(R"("users"."age" IS NULL)") != std::string::npos);
}

TEST_CASE("a filtered select orders by several terms and pages like paginate()", "[runtime][filtered_select]") {
  auto db = seeded_db();
  auto q = dorm::filtered(db.select<rt::User>());
  q.order_by(users.age, true).order_by(users.name);
  CHECK(names(q.all()) == std::vector<std::string>{"cy", "bob", "eve", "ann", "dee"});
  const auto page2 = q.paginate(2, 2);
  CHECK(page2.total == 5);
  CHECK(page2.per_page == 2);
  CHECK(page2.current_page == 2);
  CHECK(page2.last_page == 3);
  CHECK(names(page2.data) == std::vector<std::string>{"eve", "ann"});
  CHECK(q.paginate(4, 2).data.empty());
  CHECK(names(q.all(1, 4)) == std::vector<std::string>{"dee"});
  CHECK_THROWS_AS(q.paginate(0, 2), dorm::MisuseError);
  CHECK_THROWS_WITH(q.paginate(1, 0), Catch::Contains("per_page 0"));
  // A REST client sends any page number: the largest one is a page past the end, not an overflow.
  const auto far = q.paginate(std::numeric_limits<std::int64_t>::max(), 2);
  CHECK(far.data.empty());
  CHECK(far.last_page == 3);
  CHECK(q.paginate(1, std::numeric_limits<std::int64_t>::max()).data.size() == 5);
}

TEST_CASE("a filtered select keeps the conditions of its base query", "[runtime][filtered_select]") {
  auto db = seeded_db();
  auto q = dorm::filtered(db.select<rt::User>().where(users.age >= 20));
  q.where_equal(users.active, true);
  CHECK(q.count() == 2);
  CHECK(q.sql().find(R"(WHERE "users"."age" >= ? AND "users"."active" = ?)") != std::string::npos);
}

TEST_CASE("an equality filter on an indexed column is an index search", "[runtime][filtered_select]") {
  auto db = seeded_db();
  auto q = dorm::filtered(db.select<rt::User>());
  q.where_equal(users.email, std::string("cy@example.com"));
  REQUIRE(names(q.all()) == std::vector<std::string>{"cy"});
  // EXPLAIN QUERY PLAN's rows: id, parent, notused, detail.
  using PlanRow = std::tuple<std::int64_t, std::int64_t, std::int64_t, std::string>;
  const auto plan = db.query<PlanRow>("EXPLAIN QUERY PLAN " + q.sql(), "cy@example.com", std::int64_t{-1}, std::int64_t{0});
  REQUIRE(plan.size() == 1);
  CHECK_THAT(std::get<3>(plan.front()), Catch::StartsWith("SEARCH users USING INDEX") && Catch::Contains("(email=?)"));
}

TEST_CASE("a filtered select of a soft-delete table skips trashed rows unless its base includes them", "[runtime][filtered_select]") {
  auto db = dorm::Database::open(":memory:");
  rt_lock::migrate(db);
  rt_lock::Draft kept{.slug = "kept", .body = "same"};
  rt_lock::Draft trashed{.slug = "trashed", .body = "same"};
  db.insert(kept);
  db.insert(trashed);
  REQUIRE(db.remove(trashed));
  auto q = dorm::filtered(db.select<rt_lock::Draft>());
  q.where_equal(rt_lock::drafts.body, std::string("same"));
  REQUIRE(q.all().size() == 1);
  CHECK(q.all().front().slug == "kept");
  CHECK(q.count() == 1);
  auto all = dorm::filtered(db.select<rt_lock::Draft>().with_trashed());
  all.where_equal(rt_lock::drafts.body, std::string("same"));
  CHECK(all.count() == 2);
}

TEST_CASE("a filtered select's run-time texts go to the connection's bounded text cache", "[runtime][filtered_select]") {
  auto db = seeded_db();
  // 300 shapes (filter count n % 7 + 1, order terms n / 7), more than the text cache holds
  // (256): every one runs, and the connection keeps no more prepared statements than that.
  for (int n = 0; n < 300; ++n) {
    auto q = dorm::filtered(db.select<rt::User>());
    for (int i = 0; i <= n % 7; ++i) q.where_equal(users.active, true);
    for (int i = 0; i < n / 7; ++i) q.order_by(users.id);
    REQUIRE(q.all().size() == 4);
  }
  int prepared = 0;
  for (sqlite3_stmt* st = sqlite3_next_stmt(dorm::sqlite::handle(db), nullptr); st != nullptr;
       st = sqlite3_next_stmt(dorm::sqlite::handle(db), st)) {
    ++prepared;
  }
  CHECK(prepared <= 256 + 8);
}
