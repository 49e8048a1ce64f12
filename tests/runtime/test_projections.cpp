// columns(...) projections and aggregates: the tuple types they read into, group_by / having /
// distinct / order_by, into<Struct>(), aggregates over no rows, and the SQL they produce.
#include <catch2/catch.hpp>

#include <cmath>
#include <tuple>
#include <type_traits>

#include "blog_support.hpp"

using blog::comments;
using blog::posts;
using blog::users;
using blog_test::add_comment;
using blog_test::add_post;
using blog_test::add_user;

namespace {

/// ann (36) wrote a1 (10 views, rating 4), a2 (20 views, rating 2) and a3 (30 views, no
/// rating); bob (20) wrote b1 (5 views, rating 3); cy (no age) wrote nothing.
struct Blog {
  dorm::Database db = blog_test::memory_db();
  blog::User ann = add_user(db, "ann", 36);
  blog::User bob = add_user(db, "bob", 20);
  blog::User cy = add_user(db, "cy");
  blog::Post a1 = add_post(db, ann, "a1", 10, "published", 4.0);
  blog::Post a2 = add_post(db, ann, "a2", 20, "draft", 2.0);
  blog::Post a3 = add_post(db, ann, "a3", 30, "published");
  blog::Post b1 = add_post(db, bob, "b1", 5, "published", 3.0);
};

template <class Q, std::size_t I>
using element_t = std::tuple_element_t<I, typename Q::row_type>;

}  // namespace

// ---- result types ----

TEST_CASE("columns() reads rows as tuples of the columns' C++ types", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::User>().columns(users.name, users.age, users.id);
  STATIC_REQUIRE(std::is_same_v<decltype(q)::row_type, std::tuple<std::string, std::optional<std::int64_t>, std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<decltype(q.all()), std::vector<decltype(q)::row_type>>);
  STATIC_REQUIRE(std::is_same_v<decltype(q.first()), std::optional<decltype(q)::row_type>>);

  auto rows = b.db.select<blog::User>().order_by(users.id).columns(users.name, users.age, users.id).all();
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::make_tuple(std::string("ann"), std::optional<std::int64_t>(36), b.ann.id));
  CHECK_FALSE(std::get<1>(rows[2]).has_value());
}

TEST_CASE("aggregates read as the types their SQL can produce", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::Post>().columns(dorm::count(), dorm::count(posts.rating), dorm::sum(posts.views),
                                             dorm::avg(posts.views), dorm::sum(posts.rating), dorm::avg(posts.rating),
                                             dorm::min(posts.views), dorm::max(posts.rating), dorm::min(posts.title));
  using Q = decltype(q);
  (void)q;
  STATIC_REQUIRE(std::is_same_v<element_t<Q, 0>, std::int64_t>);                 // COUNT(*)
  STATIC_REQUIRE(std::is_same_v<element_t<Q, 1>, std::int64_t>);                 // COUNT(col)
  STATIC_REQUIRE(std::is_same_v<element_t<Q, 2>, std::int64_t>);                 // SUM of INTEGER NOT NULL
  STATIC_REQUIRE(std::is_same_v<element_t<Q, 3>, double>);                       // AVG of NOT NULL
  STATIC_REQUIRE(std::is_same_v<element_t<Q, 4>, std::optional<double>>);        // SUM of nullable REAL
  STATIC_REQUIRE(std::is_same_v<element_t<Q, 5>, std::optional<double>>);        // AVG of nullable
  STATIC_REQUIRE(std::is_same_v<element_t<Q, 6>, std::optional<std::int64_t>>);  // MIN: none over no rows
  STATIC_REQUIRE(std::is_same_v<element_t<Q, 7>, std::optional<double>>);        // MAX of nullable REAL
  STATIC_REQUIRE(std::is_same_v<element_t<Q, 8>, std::optional<std::string>>);   // MIN of TEXT
  // SUM of a nullable INTEGER column.
  STATIC_REQUIRE(std::is_same_v<decltype(dorm::sum(users.age))::value_type, std::optional<std::int64_t>>);
}

TEST_CASE("aggregates over a whole table compute count, sum, avg, min and max", "[runtime]") {
  Blog b;
  auto row = b.db.select<blog::Post>()
                 .columns(dorm::count(), dorm::count(posts.rating), dorm::sum(posts.views), dorm::avg(posts.views),
                          dorm::sum(posts.rating), dorm::avg(posts.rating), dorm::min(posts.views),
                          dorm::max(posts.views), dorm::min(posts.rating), dorm::max(posts.title))
                 .first();
  REQUIRE(row);
  const auto& [n, rated, views, avg_views, rating_sum, rating_avg, least, most, worst, last_title] = *row;
  CHECK(n == 4);
  CHECK(rated == 3);  // COUNT(col) skips NULLs
  CHECK(views == 65);
  CHECK(avg_views == Approx(16.25));
  CHECK(rating_sum == std::optional<double>(9.0));
  CHECK(rating_avg.value() == Approx(3.0));  // AVG skips NULLs
  CHECK(least == std::optional<std::int64_t>(5));
  CHECK(most == std::optional<std::int64_t>(30));
  CHECK(worst == std::optional<double>(2.0));
  CHECK(last_title == std::optional<std::string>("b1"));
}

TEST_CASE("aggregates over no rows: count and sum are 0, avg NaN, min and max nullopt", "[runtime]") {
  auto db = blog_test::memory_db();
  auto row = db.select<blog::Post>()
                 .columns(dorm::count(), dorm::count(posts.id), dorm::sum(posts.views), dorm::avg(posts.views),
                          dorm::min(posts.views), dorm::max(posts.title), dorm::sum(posts.rating),
                          dorm::avg(posts.rating))
                 .first();
  REQUIRE(row);  // an aggregate without GROUP BY gives one row even over no rows
  const auto& [n, n_ids, views, avg_views, least, last_title, rating_sum, rating_avg] = *row;
  CHECK(n == 0);
  CHECK(n_ids == 0);
  CHECK(views == 0);
  CHECK(std::isnan(avg_views));
  CHECK_FALSE(least.has_value());
  CHECK_FALSE(last_title.has_value());
  CHECK_FALSE(rating_sum.has_value());  // a nullable column's sum over no rows is NULL
  CHECK_FALSE(rating_avg.has_value());
}

TEST_CASE("aggregates over rows filtered down to none behave like over an empty table", "[runtime]") {
  Blog b;
  auto row = b.db.select<blog::Post>()
                 .where(posts.views > 1000)
                 .columns(dorm::count(), dorm::sum(posts.views), dorm::max(posts.views))
                 .first();
  REQUIRE(row);
  CHECK(*row == std::make_tuple(std::int64_t{0}, std::int64_t{0}, std::optional<std::int64_t>{}));
}

// ---- group_by, having, distinct, order_by ----

TEST_CASE("group_by aggregates per group", "[runtime]") {
  Blog b;
  auto rows = b.db.select<blog::Post>()
                  .columns(posts.author_id, dorm::count(), dorm::sum(posts.views))
                  .group_by(posts.author_id)
                  .order_by(posts.author_id)
                  .all();
  using Row = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
  CHECK(rows == std::vector<Row>{{b.ann.id, 3, 60}, {b.bob.id, 1, 5}});
}

TEST_CASE("having keeps the groups whose aggregate passes", "[runtime]") {
  Blog b;
  auto prolific = b.db.select<blog::User>()
                      .join<blog::Post>(posts.author_id == users.id)
                      .columns(users.name, dorm::count())
                      .group_by(users.name)
                      .having(dorm::count() >= 2)
                      .all();
  CHECK(prolific == std::vector<std::tuple<std::string, std::int64_t>>{{"ann", 3}});

  // Two having() calls are joined with AND; values bind after the WHERE's.
  auto some = b.db.select<blog::Post>()
                  .where(posts.status == "published")
                  .columns(posts.author_id, dorm::sum(posts.views))
                  .group_by(posts.author_id)
                  .having(dorm::sum(posts.views) > 4)
                  .having(dorm::count() < 3)
                  .order_by(posts.author_id)
                  .all();
  CHECK(some == std::vector<std::tuple<std::int64_t, std::int64_t>>{{b.ann.id, 40}, {b.bob.id, 5}});
}

TEST_CASE("having can filter out every group", "[runtime]") {
  Blog b;
  auto none = b.db.select<blog::Post>()
                  .columns(posts.author_id, dorm::count())
                  .group_by(posts.author_id)
                  .having(dorm::count() > 100)
                  .all();
  CHECK(none.empty());
}

TEST_CASE("a left join with group_by counts zero for rows without matches", "[runtime]") {
  Blog b;
  auto rows = b.db.select<blog::User>()
                  .left_join<blog::Post>(posts.author_id == users.id)
                  .columns(users.name, dorm::count(posts.id), dorm::sum(posts.views), dorm::max(posts.views))
                  .group_by(users.name)
                  .order_by(users.name)
                  .all();
  using Row = std::tuple<std::string, std::int64_t, std::int64_t, std::optional<std::int64_t>>;
  CHECK(rows == std::vector<Row>{{"ann", 3, 60, 30}, {"bob", 1, 5, 5}, {"cy", 0, 0, std::nullopt}});
}

TEST_CASE("distinct removes duplicate rows", "[runtime]") {
  Blog b;
  auto statuses = b.db.select<blog::Post>().columns(posts.status).distinct().order_by(posts.status).all();
  CHECK(statuses == std::vector<std::tuple<std::string>>{{"draft"}, {"published"}});
  auto all = b.db.select<blog::Post>().columns(posts.status).all();
  CHECK(all.size() == 4);
}

TEST_CASE("rows can be ordered by an aggregate", "[runtime]") {
  Blog b;
  add_post(b.db, b.cy, "c1", 100);
  add_post(b.db, b.cy, "c2", 100);
  auto by_views = b.db.select<blog::User>()
                      .join<blog::Post>(posts.author_id == users.id)
                      .columns(users.name, dorm::sum(posts.views))
                      .group_by(users.name)
                      .order_by(dorm::sum(posts.views).desc())
                      .all();
  using Row = std::tuple<std::string, std::int64_t>;
  CHECK(by_views == std::vector<Row>{{"cy", 200}, {"ann", 60}, {"bob", 5}});

  auto by_count = b.db.select<blog::Post>()
                      .columns(posts.author_id, dorm::count())
                      .group_by(posts.author_id)
                      .order_by(dorm::count().asc(), posts.author_id.desc())
                      .all();
  using CountRow = std::tuple<std::int64_t, std::int64_t>;
  CHECK(by_count == std::vector<CountRow>{{b.bob.id, 1}, {b.cy.id, 2}, {b.ann.id, 3}});
}

TEST_CASE("a projection keeps the query's where, order, limit and offset", "[runtime]") {
  Blog b;
  auto rows = b.db.select<blog::Post>()
                  .where(posts.status == "published")
                  .order_by(posts.views.desc())
                  .limit(2)
                  .offset(1)
                  .columns(posts.title, posts.views)
                  .all();
  using Row = std::tuple<std::string, std::int64_t>;
  CHECK(rows == std::vector<Row>{{"a1", 10}, {"b1", 5}});
}

TEST_CASE("first() of a projection with no rows is nullopt", "[runtime]") {
  Blog b;
  CHECK_FALSE(b.db.select<blog::Post>().where(posts.title == "none").columns(posts.title).first().has_value());
  CHECK(b.db.select<blog::Post>().where(posts.title == "none").columns(posts.title).all().empty());
}

// ---- into<Struct>() ----

namespace {
struct AuthorStats {
  std::string name;
  std::int64_t posts;
  std::int64_t views;
  std::optional<double> best_rating;
};
}  // namespace

TEST_CASE("into<Struct>() reads each row into a named struct, fields in column order", "[runtime]") {
  Blog b;
  std::vector<AuthorStats> stats = b.db.select<blog::User>()
                                       .join<blog::Post>(posts.author_id == users.id)
                                       .columns(users.name, dorm::count(), dorm::sum(posts.views), dorm::max(posts.rating))
                                       .group_by(users.name)
                                       .order_by(users.name)
                                       .into<AuthorStats>();
  REQUIRE(stats.size() == 2);
  CHECK(stats[0].name == "ann");
  CHECK(stats[0].posts == 3);
  CHECK(stats[0].views == 60);
  CHECK(stats[0].best_rating == std::optional<double>(4.0));
  CHECK(stats[1].name == "bob");
  CHECK(stats[1].posts == 1);
  CHECK(stats[1].views == 5);
}

TEST_CASE("into<Struct>() of no rows is an empty vector", "[runtime]") {
  auto db = blog_test::memory_db();
  auto none = db.select<blog::User>()
                  .join<blog::Post>(posts.author_id == users.id)
                  .columns(users.name, dorm::count(), dorm::sum(posts.views), dorm::max(posts.rating))
                  .group_by(users.name)
                  .into<AuthorStats>();
  CHECK(none.empty());
}

// ---- SQL text ----

TEST_CASE("a projection's SQL lists its expressions, then GROUP BY, HAVING and ORDER BY", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::User>()
               .join<blog::Post>(posts.author_id == users.id)
               .where(users.age >= 18)
               .columns(users.name, dorm::count(), dorm::sum(posts.views), dorm::avg(posts.rating))
               .group_by(users.name)
               .having(dorm::count() > 1)
               .order_by(dorm::count().desc());
  CHECK(decltype(q)::sql() ==
        R"(SELECT "users"."name", COUNT(*), COALESCE(SUM("posts"."views"), 0), AVG("posts"."rating"))"
        R"( FROM "users" JOIN "posts" ON "posts"."author_id" = "users"."id" WHERE "users"."age" >= ?)"
        R"( GROUP BY "users"."name" HAVING COUNT(*) > ? ORDER BY COUNT(*) DESC LIMIT ? OFFSET ?)");
}

TEST_CASE("distinct, count(column), min and max render as their SQL", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::Post>()
               .columns(dorm::count(posts.rating), dorm::min(posts.views), dorm::max(posts.views),
                        dorm::sum(posts.rating))
               .distinct();
  CHECK(decltype(q)::sql() == R"(SELECT DISTINCT COUNT("posts"."rating"), MIN("posts"."views"), MAX("posts"."views"),)"
                              R"( SUM("posts"."rating") FROM "posts" LIMIT ? OFFSET ?)");
}

TEST_CASE("a projection's order_by follows the query's own", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::Post>().order_by(posts.status).columns(posts.status, posts.title).order_by(posts.title.desc());
  CHECK(decltype(q)::sql() == R"(SELECT "posts"."status", "posts"."title" FROM "posts")"
                              R"( ORDER BY "posts"."status" ASC, "posts"."title" DESC LIMIT ? OFFSET ?)");
  auto rows = q.all();
  REQUIRE(rows.size() == 4);
  CHECK(std::get<1>(rows[0]) == "a2");  // the only draft
  CHECK(std::get<1>(rows[1]) == "b1");  // then published, titles descending
}
