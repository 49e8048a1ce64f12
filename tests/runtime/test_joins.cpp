// join<Other>(on) and left_join<Other>(on): which rows they keep, the columns they make usable
// in where() / order_by() / columns(), the optional types after a LEFT JOIN, and their SQL.
#include <catch2/catch.hpp>

#include <set>
#include <tuple>
#include <type_traits>

#include "blog_support.hpp"

using blog::comments;
using blog::posts;
using blog::users;
using blog_test::add_comment;
using blog_test::add_post;
using blog_test::add_user;
using blog_test::Ids;
using blog_test::sorted_ids;

namespace {

const std::string post_columns =
    R"(SELECT "posts"."id", "posts"."author_id", "posts"."title", "posts"."body", "posts"."status", "posts"."views", )"
    R"("posts"."rating", "posts"."published_at")";

/// ann (36) wrote "a1" (published, 2 comments) and "a2" (draft, none); bob (20) wrote "b1"
/// (published, 1 comment); cy (no age) wrote nothing.
struct Blog {
  dorm::Database db = blog_test::memory_db();
  blog::User ann = add_user(db, "ann", 36);
  blog::User bob = add_user(db, "bob", 20);
  blog::User cy = add_user(db, "cy");
  blog::Post a1 = add_post(db, ann, "a1", 10, "published", 4.5);
  blog::Post a2 = add_post(db, ann, "a2", 5, "draft");
  blog::Post b1 = add_post(db, bob, "b1", 7, "published", 3.0);
  blog::Comment c1 = add_comment(db, a1, bob.id, "first");
  blog::Comment c2 = add_comment(db, a1, std::nullopt, "second");
  blog::Comment c3 = add_comment(db, b1, ann.id, "third");
};

template <class Rows>
std::vector<std::string> titles(const Rows& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.title);
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

// ---- inner joins ----

TEST_CASE("an inner join keeps only rows with a match", "[runtime]") {
  Blog b;
  // Posts joined to their comments: a2 has none and drops out; a1 appears once per comment.
  auto rows = b.db.select<blog::Post>().join<blog::Comment>(comments.post_id == posts.id).order_by(posts.id).all();
  CHECK(titles(rows) == Strings{"a1", "a1", "b1"});

  // Users joined to their posts: cy wrote nothing.
  auto writers = b.db.select<blog::User>()
                     .join<blog::Post>(posts.author_id == users.id)
                     .columns(users.name)
                     .distinct()
                     .order_by(users.name)
                     .all();
  CHECK(writers == std::vector<std::tuple<std::string>>{{"ann"}, {"bob"}});
}

TEST_CASE("a joined table's columns filter the rows in where()", "[runtime]") {
  Blog b;
  auto by_ann = b.db.select<blog::Post>()
                    .join<blog::User>(posts.author_id == users.id)
                    .where(users.name == "ann")
                    .order_by(posts.title)
                    .all();
  CHECK(titles(by_ann) == Strings{"a1", "a2"});

  auto by_adults = b.db.select<blog::Post>()
                       .join<blog::User>(posts.author_id == users.id)
                       .where(users.age >= 30 && posts.status == "published")
                       .all();
  CHECK(titles(by_adults) == Strings{"a1"});
}

TEST_CASE("a joined table's columns order the rows", "[runtime]") {
  Blog b;
  auto rows = b.db.select<blog::Post>()
                  .join<blog::User>(posts.author_id == users.id)
                  .order_by(users.name.desc(), posts.views)
                  .all();
  CHECK(titles(rows) == Strings{"b1", "a2", "a1"});
}

TEST_CASE("values bound in a join's ON condition and in where() go to the right parameters", "[runtime]") {
  Blog b;
  // ON carries a value (the status), WHERE another (the age): both bound in SQL order.
  auto rows = b.db.select<blog::User>()
                  .join<blog::Post>(posts.author_id == users.id && posts.status == "published")
                  .where(users.age < 30)
                  .columns(users.name, posts.title)
                  .all();
  CHECK(rows == std::vector<std::tuple<std::string, std::string>>{{"bob", "b1"}});
}

TEST_CASE("count, exists and first see the joined rows", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::Post>().join<blog::Comment>(comments.post_id == posts.id);
  CHECK(q.count() == 3);
  CHECK(q.where(comments.body == "third").exists());
  CHECK_FALSE(q.where(comments.body == "none").exists());
  auto first = q.where(comments.author_id.is_null()).first();
  REQUIRE(first);
  CHECK(first->id == b.a1.id);
}

TEST_CASE("two joins chain, each usable in the query", "[runtime]") {
  Blog b;
  // Comments, their post, and the post's author: comments on ann's posts.
  auto rows = b.db.select<blog::Comment>()
                  .join<blog::Post>(posts.id == comments.post_id)
                  .join<blog::User>(users.id == posts.author_id)
                  .where(users.name == "ann")
                  .order_by(comments.id)
                  .all();
  CHECK(sorted_ids(rows) == Ids{b.c1.id, b.c2.id});
}

// ---- left joins ----

TEST_CASE("a left join keeps the rows without a match", "[runtime]") {
  Blog b;
  auto rows = b.db.select<blog::User>()
                  .left_join<blog::Post>(posts.author_id == users.id)
                  .columns(users.name, posts.title)
                  .order_by(users.name, posts.title)
                  .all();
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::make_tuple(std::string("ann"), std::optional<std::string>("a1")));
  CHECK(rows[1] == std::make_tuple(std::string("ann"), std::optional<std::string>("a2")));
  CHECK(rows[2] == std::make_tuple(std::string("bob"), std::optional<std::string>("b1")));
  CHECK(std::get<0>(rows[3]) == "cy");
  CHECK_FALSE(std::get<1>(rows[3]).has_value());  // cy has no post: NULL, read as nullopt
}

TEST_CASE("a left joined table's columns read as std::optional, the rest keep their type", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::User>()
               .left_join<blog::Post>(posts.author_id == users.id)
               .columns(users.id, users.name, users.age, posts.id, posts.title, posts.rating);
  using Row = decltype(q)::row_type;
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<0, Row>, std::int64_t>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<1, Row>, std::string>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<2, Row>, std::optional<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<3, Row>, std::optional<std::int64_t>>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<4, Row>, std::optional<std::string>>);
  // A nullable column stays one optional, not an optional of an optional.
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<5, Row>, std::optional<double>>);
  STATIC_REQUIRE(std::is_same_v<decltype(q.all()), std::vector<Row>>);

  auto cy = b.db.select<blog::User>()
                .left_join<blog::Post>(posts.author_id == users.id)
                .where(users.name == "cy")
                .columns(users.id, users.name, users.age, posts.id, posts.title, posts.rating)
                .first();
  REQUIRE(cy);
  CHECK(std::get<1>(*cy) == "cy");
  CHECK_FALSE(std::get<3>(*cy).has_value());
  CHECK_FALSE(std::get<4>(*cy).has_value());
  CHECK_FALSE(std::get<5>(*cy).has_value());
}

TEST_CASE("an inner join keeps the joined table's columns non-optional", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::User>().join<blog::Post>(posts.author_id == users.id).columns(users.name, posts.title);
  using Row = decltype(q)::row_type;
  STATIC_REQUIRE(std::is_same_v<Row, std::tuple<std::string, std::string>>);
}

TEST_CASE("after an inner and a left join only the left joined table reads as optional", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::Comment>()
               .join<blog::Post>(posts.id == comments.post_id)
               .left_join<blog::User>(users.id == comments.author_id)
               .columns(comments.body, posts.title, users.name)
               .order_by(comments.id);
  using Row = decltype(q)::row_type;
  STATIC_REQUIRE(std::is_same_v<Row, std::tuple<std::string, std::string, std::optional<std::string>>>);
  auto rows = q.all();
  REQUIRE(rows.size() == 3);
  CHECK(std::get<2>(rows[0]) == std::optional<std::string>("bob"));
  CHECK_FALSE(std::get<2>(rows[1]).has_value());  // the anonymous comment
  CHECK(std::get<1>(rows[1]) == "a1");
  CHECK(std::get<2>(rows[2]) == std::optional<std::string>("ann"));
}

TEST_CASE("a left join with a condition in ON keeps the left rows the condition rules out", "[runtime]") {
  Blog b;
  // Only published posts join; ann's draft a2 does not, but every user stays.
  auto rows = b.db.select<blog::User>()
                  .left_join<blog::Post>(posts.author_id == users.id && posts.status == "published")
                  .columns(users.name, posts.title)
                  .order_by(users.name)
                  .all();
  using Row = std::tuple<std::string, std::optional<std::string>>;
  CHECK(rows == std::vector<Row>{{"ann", "a1"}, {"bob", "b1"}, {"cy", std::nullopt}});
}

TEST_CASE("a left join selecting whole rows returns every left row", "[runtime]") {
  Blog b;
  auto all = b.db.select<blog::User>().left_join<blog::Post>(posts.author_id == users.id).order_by(users.id).all();
  std::set<std::int64_t> ids;
  for (const auto& u : all) ids.insert(u.id);
  CHECK(all.size() == 4);  // ann twice, bob, cy
  CHECK(ids == std::set<std::int64_t>{b.ann.id, b.bob.id, b.cy.id});
}

// ---- SQL text ----

TEST_CASE("a join renders as JOIN ... ON before WHERE and ORDER BY", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::Post>()
               .join<blog::User>(posts.author_id == users.id)
               .where(users.name == "ann")
               .order_by(users.name.desc());
  CHECK(decltype(q)::sql() == post_columns +
                                  R"( FROM "posts" JOIN "users" ON "posts"."author_id" = "users"."id")"
                                  R"( WHERE "users"."name" = ? ORDER BY "users"."name" DESC LIMIT ? OFFSET ?)");
}

TEST_CASE("a left join renders as LEFT JOIN, its ON condition parenthesized like any condition", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::User>()
               .left_join<blog::Post>(posts.author_id == users.id && posts.status == "published")
               .columns(users.name, posts.title);
  CHECK(decltype(q)::sql() ==
        R"(SELECT "users"."name", "posts"."title" FROM "users" LEFT JOIN "posts")"
        R"( ON ("posts"."author_id" = "users"."id" AND "posts"."status" = ?) LIMIT ? OFFSET ?)");
}

TEST_CASE("joins render in the order they were added", "[runtime]") {
  Blog b;
  auto q = b.db.select<blog::Comment>()
               .join<blog::Post>(posts.id == comments.post_id)
               .left_join<blog::User>(users.id == comments.author_id);
  CHECK(decltype(q)::sql().find(R"( FROM "comments" JOIN "posts" ON "posts"."id" = "comments"."post_id")"
                                R"( LEFT JOIN "users" ON "users"."id" = "comments"."author_id" WHERE)") !=
        std::string::npos);
}

TEST_CASE("a left join with where_null on the joined key finds the rows without a match", "[runtime]") {
  Blog blog;
  auto lonely = blog.db.select<blog::User>()
                    .left_join<blog::Post>(posts.author_id == users.id)
                    .where_null(posts.id)
                    .all();
  REQUIRE(lonely.size() == 1);
  CHECK(lonely[0].name == "cy");
  auto with_posts = blog.db.select<blog::User>()
                        .left_join<blog::Post>(posts.author_id == users.id)
                        .where(posts.id.is_not_null())
                        .columns(users.name)
                        .distinct()
                        .all();
  CHECK(with_posts.size() == 2);
}
