// Eager loading with with(): one query for the rows plus one per relation (nested ones too),
// whatever the number of rows, and views (EagerRow / EagerList) over what was loaded.
#include <catch2/catch.hpp>

#include <type_traits>

#include "blog_support.hpp"

using blog::comments;
using blog::posts;
using blog::tags;
using blog::users;
using blog_test::add_comment;
using blog_test::add_post;
using blog_test::add_tag;
using blog_test::add_user;
using blog_test::Ids;
using blog_test::sorted_ids;
using blog_test::StatementLog;

namespace {

/// 50 users and 1,000 posts: post i (from 0) is by user i % 50 and has i % 4 comments; every
/// third comment is anonymous, the others are by user (i + k) % 50.
struct BigBlog {
  dorm::Database db = blog_test::memory_db();
  std::vector<blog::User> users_rows;
  std::int64_t comment_count = 0;

  BigBlog() {
    db.transaction([&] {
      for (int u = 0; u < 50; ++u) users_rows.push_back(add_user(db, "user" + std::to_string(u)));
      int n = 0;
      for (int i = 0; i < 1000; ++i) {
        auto post = add_post(db, users_rows[static_cast<std::size_t>(i % 50)], "post" + std::to_string(i));
        for (int k = 0; k < i % 4; ++k, ++n) {
          std::optional<std::int64_t> author;
          if (n % 3 != 0) author = users_rows[static_cast<std::size_t>((i + k) % 50)].id;
          add_comment(db, post, author, "comment " + std::to_string(k) + " on " + post.title);
          ++comment_count;
        }
      }
    });
  }
};

/// ann wrote p1 (two comments: by bob, anonymous) and p2 (none); bob wrote p3 (one by ann);
/// cy wrote p4 and never commented.
struct SmallBlog {
  dorm::Database db = blog_test::memory_db();
  blog::User ann = add_user(db, "ann");
  blog::User bob = add_user(db, "bob");
  blog::User cy = add_user(db, "cy");
  blog::Post p1 = add_post(db, ann, "p1");
  blog::Post p2 = add_post(db, ann, "p2");
  blog::Post p3 = add_post(db, bob, "p3");
  blog::Post p4 = add_post(db, cy, "p4");
  blog::Comment c1 = add_comment(db, p1, bob.id, "by bob");
  blog::Comment c2 = add_comment(db, p1, std::nullopt, "anonymous");
  blog::Comment c3 = add_comment(db, p3, ann.id, "by ann");
};

}  // namespace

// ---- statement counts: never N+1 ----

TEST_CASE("eager loading 1,000 posts with authors, comments and the comments' authors takes 4 statements", "[runtime]") {
  BigBlog b;
  StatementLog log(b.db);
  auto feed = b.db.select<blog::Post>().with(posts.author, posts.comments.with(comments.author)).all();
  // The posts, then posts.author, posts.comments and comments.author: one each.
  CHECK(log.count() == 4);
  CHECK(feed.size() == 1000);
  // The relation queries take the keys as one bound JSON array, not one statement per post.
  CHECK(log.statements()[1].find("json_each(?)") != std::string::npos);
}

TEST_CASE("the statement count of eager loading is one plus the number of relations, whatever the row count", "[runtime]") {
  BigBlog b;
  StatementLog log(b.db);
  (void)b.db.select<blog::Post>().with(posts.author).limit(10).all();
  CHECK(log.count() == 2);
  log.clear();
  (void)b.db.select<blog::Post>().with(posts.author).all();
  CHECK(log.count() == 2);
  log.clear();
  (void)b.db.select<blog::Post>().with(posts.author, posts.comments, posts.tags).all();
  CHECK(log.count() == 4);
  log.clear();
  (void)b.db.select<blog::User>().with(users.posts.with(posts.comments.with(comments.author)), users.comments).all();
  CHECK(log.count() == 5);
}

// ---- the loaded data ----

TEST_CASE("eager-loaded relations hold what per-row loads return", "[runtime]") {
  BigBlog b;
  auto feed = b.db.select<blog::Post>().with(posts.author, posts.comments.with(comments.author)).all();
  REQUIRE(feed.size() == 1000);

  std::int64_t comments_seen = 0;
  std::int64_t anonymous = 0;
  for (auto post : feed) {
    auto author = post[posts.author];
    REQUIRE(author);
    auto expected_author = post->author(b.db);
    REQUIRE(expected_author);
    CHECK(author->id == expected_author->id);
    CHECK(author->name == expected_author->name);

    auto loaded_comments = post[posts.comments];
    auto expected_comments = post->comments(b.db);
    REQUIRE(loaded_comments.size() == expected_comments.size());
    std::vector<blog::Comment> loaded_rows;
    for (auto comment : loaded_comments) {
      loaded_rows.push_back(*comment);
      CHECK(comment->post_id == post->id);
      auto who = comment[comments.author];
      auto expected_who = comment->author(b.db);
      REQUIRE(static_cast<bool>(who) == expected_who.has_value());
      if (who) {
        CHECK(who->id == expected_who->id);
        CHECK(who->email == expected_who->email);
      } else {
        ++anonymous;
      }
      ++comments_seen;
    }
    CHECK(sorted_ids(loaded_rows) == sorted_ids(expected_comments));
  }
  CHECK(comments_seen == b.comment_count);
  CHECK(anonymous > 0);
}

TEST_CASE("eager loading keeps the query's order, conditions and limit", "[runtime]") {
  BigBlog b;
  auto feed = b.db.select<blog::Post>()
                  .where(posts.title.like("post9%"))
                  .with(posts.author)
                  .order_by(posts.id.desc())
                  .limit(5)
                  .all();
  REQUIRE(feed.size() == 5);
  for (std::size_t i = 1; i < feed.size(); ++i) CHECK(feed[i - 1]->id > feed[i]->id);
  CHECK(feed[0]->title == "post999");
  CHECK(feed[0][posts.author]->name == "user49");
  CHECK(feed.rows().size() == 5);
  CHECK(feed.rows()[0].title == "post999");
}

TEST_CASE("eager loading over no rows gives an empty result and runs no relation query", "[runtime]") {
  SmallBlog b;
  StatementLog log(b.db);
  auto none = b.db.select<blog::Post>().where(posts.id < 0).with(posts.author, posts.comments).all();
  CHECK(none.empty());
  CHECK(none.size() == 0);
  CHECK(none.begin() == none.end());
  CHECK(log.count() == 1);
}

TEST_CASE("a row without related rows gives an empty list, a missing belongs_to an empty EagerRow", "[runtime]") {
  SmallBlog b;
  auto feed = b.db.select<blog::Post>().with(posts.comments.with(comments.author)).order_by(posts.id).all();
  REQUIRE(feed.size() == 4);

  auto of_p2 = feed[1][posts.comments];
  CHECK(of_p2.empty());
  CHECK(of_p2.size() == 0);
  CHECK(of_p2.begin() == of_p2.end());
  int iterations = 0;
  for (auto c : of_p2) {
    (void)c;
    ++iterations;
  }
  CHECK(iterations == 0);

  auto of_p1 = feed[0][posts.comments];
  REQUIRE(of_p1.size() == 2);
  for (auto comment : of_p1) {
    if (comment->id == b.c1.id) {
      REQUIRE(comment[comments.author]);
      CHECK(comment[comments.author]->name == "bob");
    } else {
      CHECK(comment->id == b.c2.id);
      CHECK_FALSE(comment[comments.author]);  // anonymous: no author row
    }
  }
}

TEST_CASE("a nested relation not found under a found one gives an empty list", "[runtime]") {
  SmallBlog b;
  // cy wrote p4 but never commented: p4's author is there, its comments list is empty.
  auto feed = b.db.select<blog::Post>().with(posts.author.with(users.comments)).order_by(posts.id).all();
  REQUIRE(feed.size() == 4);
  auto cy = feed[3][posts.author];
  REQUIRE(cy);
  CHECK(cy->name == "cy");
  CHECK(cy[users.comments].empty());

  auto bob = feed[2][posts.author];
  REQUIRE(bob);
  REQUIRE(bob[users.comments].size() == 1);
  CHECK(bob[users.comments][0]->body == "by bob");
  // ann's comment on bob's post, reached from her posts.
  CHECK(feed[0][posts.author][users.comments][0]->id == b.c3.id);
}

TEST_CASE("eager rows view the same relation data from every row that shares it", "[runtime]") {
  SmallBlog b;
  auto feed = b.db.select<blog::Post>().with(posts.author).order_by(posts.id).all();
  REQUIRE(feed.size() == 4);
  // p1 and p2 share ann: one loaded row, seen by both.
  CHECK(&feed[0][posts.author].row() == &feed[1][posts.author].row());
  CHECK(&feed[0][posts.author].row() != &feed[2][posts.author].row());
}

TEST_CASE("an eager result stays valid after it is moved", "[runtime]") {
  SmallBlog b;
  auto feed = b.db.select<blog::Post>().with(posts.author).order_by(posts.id).all();
  auto view = feed[0][posts.author];
  auto moved = std::move(feed);
  CHECK(view->name == "ann");
  CHECK(moved[3][posts.author]->name == "cy");
}

TEST_CASE("the same relation named twice in with() is loaded once", "[runtime]") {
  SmallBlog b;
  StatementLog log(b.db);
  auto feed = b.db.select<blog::Post>().with(posts.author, posts.author).order_by(posts.id).all();
  CHECK(log.count() == 2);
  REQUIRE(feed.size() == 4);
  CHECK(feed[0][posts.author]->name == "ann");
  CHECK(feed[2][posts.author]->name == "bob");
}

TEST_CASE("with() called twice adds the relations of both calls", "[runtime]") {
  SmallBlog b;
  StatementLog log(b.db);
  auto feed = b.db.select<blog::Post>().with(posts.author).with(posts.comments).order_by(posts.id).all();
  CHECK(log.count() == 3);
  CHECK(feed[0][posts.author]->name == "ann");
  CHECK(feed[0][posts.comments].size() == 2);
}

TEST_CASE("a relation both plain and with nested relations is loaded once, completely", "[runtime]") {
  SmallBlog b;
  StatementLog log(b.db);
  auto feed =
      b.db.select<blog::Post>().with(posts.comments, posts.comments.with(comments.author)).order_by(posts.id).all();
  CHECK(log.count() == 3);  // posts, posts.comments, comments.author
  REQUIRE(feed.size() == 4);
  REQUIRE(feed[0][posts.comments].size() == 2);
  CHECK(feed[2][posts.comments][0][comments.author]->name == "ann");
}

// ---- many_to_many ----

TEST_CASE("many_to_many relations load eagerly from both sides", "[runtime]") {
  SmallBlog b;
  auto sql = add_tag(b.db, "sql");
  auto cpp = add_tag(b.db, "c++");
  auto unused = add_tag(b.db, "unused");
  posts.tags.attach(b.db, b.p1, sql);
  posts.tags.attach(b.db, b.p1, cpp);
  posts.tags.attach(b.db, b.p3, sql);

  StatementLog log(b.db);
  auto feed = b.db.select<blog::Post>().with(posts.tags.with(tags.posts)).order_by(posts.id).all();
  CHECK(log.count() == 3);
  REQUIRE(feed.size() == 4);
  for (auto post : feed) {
    std::vector<blog::Tag> loaded;
    for (auto tag : post[posts.tags]) loaded.push_back(*tag);
    CHECK(sorted_ids(loaded) == sorted_ids(post->tags(b.db)));
  }
  CHECK(feed[1][posts.tags].empty());
  // Back from the tag to every post carrying it.
  for (auto tag : feed[0][posts.tags]) {
    std::vector<blog::Post> back;
    for (auto p : tag[tags.posts]) back.push_back(*p);
    CHECK(sorted_ids(back) == sorted_ids(tag->posts(b.db)));
  }

  auto by_tag = b.db.select<blog::Tag>().with(tags.posts.with(posts.author)).order_by(tags.id).all();
  REQUIRE(by_tag.size() == 3);
  REQUIRE(by_tag[0][tags.posts].size() == 2);
  CHECK(by_tag[1][tags.posts][0][posts.author]->name == "ann");
  CHECK(by_tag[2]->id == unused.id);
  CHECK(by_tag[2][tags.posts].empty());
}

// ---- types ----

TEST_CASE("eager views are typed by relation kind", "[runtime]") {
  SmallBlog b;
  auto feed = b.db.select<blog::Post>().with(posts.author, posts.comments, posts.tags).all();
  using Row = decltype(feed[0]);
  using Author = decltype(std::declval<Row>()[posts.author]);
  using Comments = decltype(std::declval<Row>()[posts.comments]);
  using Tags = decltype(std::declval<Row>()[posts.tags]);
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(*std::declval<Author>())>, blog::User>);
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(*std::declval<Comments>()[0])>, blog::Comment>);
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(*std::declval<Tags>()[0])>, blog::Tag>);
  // Without with(), all() is a plain vector of rows.
  STATIC_REQUIRE(std::is_same_v<decltype(b.db.select<blog::Post>().all()), std::vector<blog::Post>>);
}
