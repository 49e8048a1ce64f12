// The select<T>() query language on the blog tables: or_where, where_in / where_not_in,
// where_null / where_not_null, where_between, several order_by columns, first_or_fail, exists
// and paginate.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <set>
#include <string>

#include "blog_support.hpp"

using blog::posts;
using blog::users;
using blog_test::add_post;
using blog_test::add_user;

namespace {

const std::string user_columns =
    R"(SELECT "users"."id", "users"."email", "users"."name", "users"."bio", "users"."age", "users"."created_at")"
    R"( FROM "users")";

/// ann 36, bob 20, cy (no age), dee 20, eve 51.
struct People {
  dorm::Database db = blog_test::memory_db();
  blog::User ann = add_user(db, "ann", 36);
  blog::User bob = add_user(db, "bob", 20);
  blog::User cy = add_user(db, "cy");
  blog::User dee = add_user(db, "dee", 20);
  blog::User eve = add_user(db, "eve", 51);
};

template <class Query>
std::vector<std::string> names(const Query& q) {
  std::vector<std::string> out;
  for (const auto& u : q.all()) out.push_back(u.name);
  return out;
}

/// The names of the rows, sorted (for queries without an ORDER BY).
template <class Query>
std::set<std::string> name_set(const Query& q) {
  std::set<std::string> out;
  for (const auto& u : q.all()) out.insert(u.name);
  return out;
}

using Names = std::vector<std::string>;
using NameSet = std::set<std::string>;

/// A database with `n` posts titled "p1".."pn", by one author.
dorm::Database posts_db(int n) {
  auto db = blog_test::memory_db();
  auto author = add_user(db, "author");
  db.transaction([&] {
    for (int i = 1; i <= n; ++i) add_post(db, author, "p" + std::to_string(i), i);
  });
  return db;
}

template <class Rows>
std::vector<std::int64_t> views_of(const Rows& rows) {
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(r.views);
  return out;
}

using Views = std::vector<std::int64_t>;

}  // namespace

// ---- or_where ----

TEST_CASE("or_where adds an alternative to the conditions so far", "[runtime]") {
  People p;
  auto q = p.db.select<blog::User>().where(users.age >= 30).or_where(users.name == "bob");
  CHECK(name_set(q) == NameSet{"ann", "bob", "eve"});
  CHECK(decltype(q)::sql() == user_columns + R"( WHERE ("users"."age" >= ? OR "users"."name" = ?) LIMIT ? OFFSET ?)");
}

TEST_CASE("or_where groups everything before it: (a AND b) OR c", "[runtime]") {
  People p;
  auto q = p.db.select<blog::User>().where(users.age >= 20).where(users.age <= 30).or_where(users.name == "eve");
  CHECK(name_set(q) == NameSet{"bob", "dee", "eve"});
  CHECK(decltype(q)::sql() ==
        user_columns + R"( WHERE (("users"."age" >= ? AND "users"."age" <= ?) OR "users"."name" = ?) LIMIT ? OFFSET ?)");
  // A where() after or_where() applies to the whole alternative.
  auto narrowed = q.where(users.name != "dee");
  CHECK(name_set(narrowed) == NameSet{"bob", "eve"});
}

TEST_CASE("or_where as the first condition is a plain where", "[runtime]") {
  People p;
  auto q = p.db.select<blog::User>().or_where(users.name == "cy");
  CHECK(names(q) == Names{"cy"});
  CHECK(decltype(q)::sql() == user_columns + R"( WHERE "users"."name" = ? LIMIT ? OFFSET ?)");
}

// ---- where_in / where_not_in ----

TEST_CASE("where_in keeps the rows whose column is in the list", "[runtime]") {
  People p;
  CHECK(name_set(p.db.select<blog::User>().where_in(users.name, std::vector<std::string>{"ann", "cy", "zed"})) ==
        NameSet{"ann", "cy"});
  CHECK(name_set(p.db.select<blog::User>().where_in(users.age, std::array<std::int64_t, 2>{20, 51})) ==
        NameSet{"bob", "dee", "eve"});
  // The list is one bound parameter: the SQL does not depend on its length.
  auto q = p.db.select<blog::User>().where_in(users.id, std::vector<std::int64_t>{p.ann.id});
  CHECK(decltype(q)::sql() ==
        user_columns + R"( WHERE "users"."id" IN (SELECT value FROM json_each(?)) LIMIT ? OFFSET ?)");
}

TEST_CASE("where_in with an empty list matches no row", "[runtime]") {
  People p;
  CHECK(p.db.select<blog::User>().where_in(users.id, std::vector<std::int64_t>{}).all().empty());
  CHECK(p.db.select<blog::User>().where_in(users.name, std::vector<std::string>{}).count() == 0);
}

TEST_CASE("where_not_in keeps the rows whose column is not in the list", "[runtime]") {
  People p;
  CHECK(name_set(p.db.select<blog::User>().where_not_in(users.name, std::vector<std::string>{"ann", "bob"})) ==
        NameSet{"cy", "dee", "eve"});
  // SQL's NULL rule: a NULL age is neither in nor not in the list.
  CHECK(name_set(p.db.select<blog::User>().where_not_in(users.age, std::vector<std::int64_t>{20})) ==
        NameSet{"ann", "eve"});
}

TEST_CASE("where_not_in with an empty list matches every row", "[runtime]") {
  People p;
  CHECK(p.db.select<blog::User>().where_not_in(users.id, std::vector<std::int64_t>{}).count() == 5);
}

TEST_CASE("where_in takes strings with quotes and other JSON-special characters", "[runtime]") {
  auto db = blog_test::memory_db();
  add_user(db, R"(o"brien\)");
  add_user(db, "plain");
  auto found = db.select<blog::User>().where_in(users.name, std::vector<std::string>{R"(o"brien\)"}).all();
  REQUIRE(found.size() == 1);
  CHECK(found[0].name == R"(o"brien\)");
}

// ---- where_null / where_not_null ----

TEST_CASE("where_null and where_not_null test a nullable column for NULL", "[runtime]") {
  People p;
  CHECK(names(p.db.select<blog::User>().where_null(users.age)) == Names{"cy"});
  CHECK(name_set(p.db.select<blog::User>().where_not_null(users.age)) == NameSet{"ann", "bob", "dee", "eve"});
  CHECK(p.db.select<blog::User>().where_null(users.bio).count() == 5);
  auto q = p.db.select<blog::User>().where_null(users.age).where_not_null(users.bio);
  CHECK(q.all().empty());
  CHECK(decltype(q)::sql() ==
        user_columns + R"( WHERE ("users"."age" IS NULL AND "users"."bio" IS NOT NULL) LIMIT ? OFFSET ?)");
}

// ---- where_between ----

TEST_CASE("where_between includes both bounds", "[runtime]") {
  People p;
  auto q = p.db.select<blog::User>().where_between(users.age, 20, 36);
  CHECK(name_set(q) == NameSet{"ann", "bob", "dee"});
  CHECK(decltype(q)::sql() == user_columns + R"( WHERE "users"."age" BETWEEN ? AND ? LIMIT ? OFFSET ?)");
  CHECK(p.db.select<blog::User>().where_between(users.age, 37, 50).all().empty());
  // Reversed bounds match nothing, as in SQL.
  CHECK(p.db.select<blog::User>().where_between(users.age, 51, 20).all().empty());
  CHECK(name_set(p.db.select<blog::User>().where_between(users.name, std::string("b"), std::string("d"))) ==
        NameSet{"bob", "cy"});
}

// ---- order_by ----

TEST_CASE("order_by several columns sorts by each in turn, each in its own direction", "[runtime]") {
  People p;
  auto q = p.db.select<blog::User>().where_not_null(users.age).order_by(users.age.desc(), users.name);
  CHECK(names(q) == Names{"eve", "ann", "bob", "dee"});
  auto reversed = p.db.select<blog::User>().where_not_null(users.age).order_by(users.age, users.name.desc());
  CHECK(names(reversed) == Names{"dee", "bob", "ann", "eve"});
  CHECK(decltype(q)::sql() == user_columns + R"( WHERE "users"."age" IS NOT NULL ORDER BY "users"."age" DESC,)"
                                             R"( "users"."name" ASC LIMIT ? OFFSET ?)");
}

TEST_CASE("order_by called twice appends its terms", "[runtime]") {
  People p;
  auto q = p.db.select<blog::User>().order_by(users.age).order_by(users.name.desc());
  CHECK(decltype(q)::sql() == user_columns + R"( ORDER BY "users"."age" ASC, "users"."name" DESC LIMIT ? OFFSET ?)");
  // SQLite sorts NULL first in ascending order.
  CHECK(names(q) == Names{"cy", "dee", "bob", "ann", "eve"});
}

// ---- first_or_fail, exists ----

TEST_CASE("first_or_fail returns the first matching row", "[runtime]") {
  People p;
  auto first = p.db.select<blog::User>().where(users.age == 20).order_by(users.name.desc()).first_or_fail();
  CHECK(first.name == "dee");
}

TEST_CASE("first_or_fail throws NotFound naming the table when no row matches", "[runtime]") {
  People p;
  auto q = p.db.select<blog::User>().where(users.age > 100);
  CHECK_THROWS_AS(q.first_or_fail(), dorm::NotFound);
  CHECK_THROWS_WITH(q.first_or_fail(), Catch::Contains("[dorm.not_found]") && Catch::Contains("'users'"));
  try {
    (void)q.first_or_fail();
  } catch (const dorm::NotFound& e) {
    CHECK(e.sql() == decltype(q)::sql());
  }
}

TEST_CASE("exists tells whether any row matches", "[runtime]") {
  People p;
  CHECK(p.db.select<blog::User>().where(users.name == "eve").exists());
  CHECK_FALSE(p.db.select<blog::User>().where(users.name == "zed").exists());
  CHECK(p.db.select<blog::User>().exists());
  auto empty = blog_test::memory_db();
  CHECK_FALSE(empty.select<blog::Post>().exists());
}

TEST_CASE("exists and count ignore limit and offset", "[runtime]") {
  People p;
  CHECK(p.db.select<blog::User>().offset(10).exists());
  CHECK(p.db.select<blog::User>().limit(1).count() == 5);
}

// ---- paginate ----

TEST_CASE("paginate returns one page of rows with the totals around it", "[runtime]") {
  auto db = posts_db(25);
  auto page = db.select<blog::Post>().order_by(posts.views).paginate(2, 10);
  CHECK(views_of(page.data) == Views{11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
  CHECK(page.total == 25);
  CHECK(page.per_page == 10);
  CHECK(page.current_page == 2);
  CHECK(page.last_page == 3);
}

TEST_CASE("the last page of paginate holds the remaining rows", "[runtime]") {
  auto db = posts_db(25);
  auto page = db.select<blog::Post>().order_by(posts.views).paginate(3, 10);
  CHECK(views_of(page.data) == Views{21, 22, 23, 24, 25});
  CHECK(page.current_page == 3);
  CHECK(page.last_page == 3);

  auto exact = posts_db(20).select<blog::Post>().paginate(2, 10);
  CHECK(exact.data.size() == 10);
  CHECK(exact.last_page == 2);
}

TEST_CASE("a page past the end of paginate has no rows but the right totals", "[runtime]") {
  auto db = posts_db(25);
  auto page = db.select<blog::Post>().order_by(posts.views).paginate(4, 10);
  CHECK(page.data.empty());
  CHECK(page.total == 25);
  CHECK(page.current_page == 4);
  CHECK(page.last_page == 3);
}

TEST_CASE("paginate with the largest page number and page size gives an empty page, not an overflow", "[runtime]") {
  auto db = posts_db(25);
  constexpr auto most = std::numeric_limits<std::int64_t>::max();
  auto far = db.select<blog::Post>().paginate(most, 10);
  CHECK(far.data.empty());
  CHECK(far.total == 25);
  CHECK(far.current_page == most);
  CHECK(far.last_page == 3);
  auto huge = db.select<blog::Post>().paginate(2, most);
  CHECK(huge.data.empty());
  CHECK(huge.last_page == 1);
  CHECK(db.select<blog::Post>().paginate(1, most).data.size() == 25);
}

TEST_CASE("paginate over an empty table gives one empty page", "[runtime]") {
  auto db = blog_test::memory_db();
  auto page = db.select<blog::Post>().paginate(1, 10);
  CHECK(page.data.empty());
  CHECK(page.total == 0);
  CHECK(page.per_page == 10);
  CHECK(page.current_page == 1);
  CHECK(page.last_page == 1);
}

TEST_CASE("paginate counts and pages the filtered rows only", "[runtime]") {
  auto db = posts_db(25);
  auto page = db.select<blog::Post>().where(posts.views > 20).order_by(posts.views.desc()).paginate(1, 3);
  CHECK(views_of(page.data) == Views{25, 24, 23});
  CHECK(page.total == 5);
  CHECK(page.last_page == 2);
}

TEST_CASE("paginate takes two statements: the count and the page", "[runtime]") {
  auto db = posts_db(25);
  blog_test::StatementLog log(db);
  (void)db.select<blog::Post>().paginate(2, 10);
  REQUIRE(log.count() == 2);
  CHECK(log.statements()[0].find("COUNT(*)") != std::string::npos);
}

TEST_CASE("paginate rejects page 0 and per_page 0 with MisuseError", "[runtime]") {
  auto db = posts_db(3);
  auto q = db.select<blog::Post>();
  CHECK_THROWS_AS(q.paginate(0, 10), dorm::MisuseError);
  CHECK_THROWS_AS(q.paginate(1, 0), dorm::MisuseError);
  CHECK_THROWS_AS(q.paginate(-1, 10), dorm::MisuseError);
  CHECK_THROWS_AS(q.paginate(1, -5), dorm::MisuseError);
  CHECK_THROWS_WITH(q.paginate(0, 10), Catch::Contains("[dorm.misuse.page]"));
}
