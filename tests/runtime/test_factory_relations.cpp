// Model factories (dorm/lifecycle/factory.hpp) through the blog tables' relations: many-to-many links
// with has_attached(), parents of parents (comments -> posts -> users), a nullable belongs_to
// given with for_parent(), and children of children.
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <dorm/lifecycle/factory.hpp>

#include "blog_support.hpp"

using blog::comments;
using blog::posts;
using blog::users;

namespace {

std::int64_t count_rows(dorm::Database& db, const std::string& table) {
  return *db.query_value<std::int64_t>("SELECT count(*) FROM " + table);
}

}  // namespace

TEST_CASE("has_attached() creates targets for each row and links them through the pivot", "[runtime][factory]") {
  auto db = blog_test::memory_db();
  const auto created = dorm::factory<blog::Post>()
                           .count(2)
                           .has_attached(posts.tags, dorm::factory<blog::Tag>().count(3))
                           .create(db);

  REQUIRE(created.size() == 2);
  std::set<std::int64_t> tag_ids;
  for (const blog::Post& post : created) {
    const auto tags = post.tags(db);
    CHECK(tags.size() == 3);
    for (const blog::Tag& tag : tags) tag_ids.insert(tag.id);
  }
  CHECK(tag_ids.size() == 6);  // new targets per row
  CHECK(count_rows(db, "posts_tags") == 6);
}

TEST_CASE("has_attached() with existing rows links the same rows to every row", "[runtime][factory]") {
  auto db = blog_test::memory_db();
  const auto tags = dorm::factory<blog::Tag>().count(2).create(db);
  const auto created = dorm::factory<blog::Post>().count(3).has_attached(posts.tags, tags).create(db);

  for (const blog::Post& post : created) CHECK(post.tags(db).size() == 2);
  CHECK(count_rows(db, "tags") == 2);
  CHECK(count_rows(db, "posts_tags") == 6);
}

TEST_CASE("Required parents are created recursively: a comment gets a post, the post a user", "[runtime][factory]") {
  auto db = blog_test::memory_db();
  const blog::Comment comment = dorm::factory<blog::Comment>().create_one(db);

  const auto post = comment.post(db);
  REQUIRE(post);
  CHECK(post->author(db).has_value());
  // comments.author_id is nullable: not a required parent, so it stays NULL.
  CHECK_FALSE(comment.author_id.has_value());
  CHECK(count_rows(db, "users") == 1);
  CHECK(db.query<std::int64_t>("SELECT 1 FROM pragma_foreign_key_check").empty());
}

TEST_CASE("for_parent() also sets a nullable belongs_to, which is never created by default", "[runtime][factory]") {
  auto db = blog_test::memory_db();
  const blog::User ann = blog_test::add_user(db, "ann");
  const auto made = dorm::factory<blog::Comment>().count(2).for_parent(comments.author, ann).create(db);
  for (const blog::Comment& c : made) CHECK(c.author_id == ann.id);
  // The two comments' posts each got a new author (required parents are per row).
  CHECK(count_rows(db, "users") == 3);
}

TEST_CASE("has() nests: users with posts with comments", "[runtime][factory]") {
  auto db = blog_test::memory_db();
  const auto posts_with_comments =
      dorm::factory<blog::Post>().count(2).has(posts.comments, dorm::factory<blog::Comment>().count(2));
  const auto created = dorm::factory<blog::User>().count(2).has(users.posts, posts_with_comments).create(db);

  for (const blog::User& user : created) {
    const auto written = user.posts(db);
    REQUIRE(written.size() == 2);
    for (const blog::Post& post : written) CHECK(post.comments(db).size() == 2);
  }
  CHECK(count_rows(db, "users") == 2);
  CHECK(count_rows(db, "posts") == 4);
  CHECK(count_rows(db, "comments") == 8);
}
