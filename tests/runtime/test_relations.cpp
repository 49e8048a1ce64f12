// Relations of the blog tables: belongs_to, has_many and many_to_many loaded for one row and
// for many rows at once (load_many), and the typed pivot links (attach / detach / detach_all).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

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

namespace {

/// ann wrote "a1" and "a2", bob wrote "b1", cy wrote nothing. On a1: a comment by bob and an
/// anonymous one; on a2: one by ann; none on b1. Tags "sql" and "c++", linked to nothing yet.
struct Blog {
  dorm::Database db = blog_test::memory_db();
  blog::User ann = add_user(db, "ann", 36);
  blog::User bob = add_user(db, "bob", 20);
  blog::User cy = add_user(db, "cy");
  blog::Post a1 = add_post(db, ann, "a1");
  blog::Post a2 = add_post(db, ann, "a2");
  blog::Post b1 = add_post(db, bob, "b1");
  blog::Comment on_a1_by_bob = add_comment(db, a1, bob.id, "nice");
  blog::Comment on_a1_anonymous = add_comment(db, a1, std::nullopt, "anonymous");
  blog::Comment on_a2_by_ann = add_comment(db, a2, ann.id, "thanks");
  blog::Tag sql = add_tag(db, "sql");
  blog::Tag cpp = add_tag(db, "c++");

  [[nodiscard]] std::int64_t links() { return db.select<blog::PostsTag>().count(); }
};

}  // namespace

// ---- the generated member functions and their types ----

TEST_CASE("relation member functions return an optional for belongs_to and a vector for to-many relations", "[runtime]") {
  Blog b;
  STATIC_REQUIRE(std::is_same_v<decltype(b.a1.author(b.db)), std::optional<blog::User>>);
  STATIC_REQUIRE(std::is_same_v<decltype(b.on_a1_by_bob.post(b.db)), std::optional<blog::Post>>);
  STATIC_REQUIRE(std::is_same_v<decltype(b.a1.comments(b.db)), std::vector<blog::Comment>>);
  STATIC_REQUIRE(std::is_same_v<decltype(b.a1.tags(b.db)), std::vector<blog::Tag>>);
  STATIC_REQUIRE(std::is_same_v<decltype(b.sql.posts(b.db)), std::vector<blog::Post>>);
  STATIC_REQUIRE(std::is_same_v<decltype(b.ann.posts(b.db)), std::vector<blog::Post>>);
  STATIC_REQUIRE(decltype(posts.author)::kind == dorm::RelationKind::belongs_to);
  STATIC_REQUIRE(decltype(posts.comments)::kind == dorm::RelationKind::has_many);
  STATIC_REQUIRE(decltype(posts.tags)::kind == dorm::RelationKind::many_to_many);
  STATIC_REQUIRE(std::is_same_v<decltype(posts.tags)::parent_model, blog::Post>);
  STATIC_REQUIRE(std::is_same_v<decltype(posts.tags)::target_model, blog::Tag>);
}

TEST_CASE("a relation load runs the statement of its select builder, without a LIMIT for a to-many relation", "[runtime]") {
  Blog b;
  std::vector<std::string> statements;
  b.db.on_statement([&](std::string_view sql) { statements.emplace_back(sql); });
  static_cast<void>(b.a1.author(b.db));
  static_cast<void>(b.a1.comments(b.db));
  REQUIRE(statements.size() == 2);
  CHECK(statements[0] == b.db.select<blog::User>().where(users.id == b.ann.id).sql());
  const std::string comments_sql = b.db.select<blog::Comment>().where(comments.post_id == b.a1.id).sql();
  const std::string limit = " LIMIT ? OFFSET ?";
  REQUIRE(comments_sql.ends_with(limit));
  CHECK(statements[1] == comments_sql.substr(0, comments_sql.size() - limit.size()));
  CHECK_FALSE(statements[1].ends_with(" "));
}

// ---- belongs_to ----

TEST_CASE("a belongs_to relation loads the row its foreign key points at", "[runtime]") {
  Blog b;
  auto author = b.a1.author(b.db);
  REQUIRE(author);
  CHECK(author->id == b.ann.id);
  CHECK(author->name == "ann");

  auto post = b.on_a2_by_ann.post(b.db);
  REQUIRE(post);
  CHECK(post->title == "a2");

  // The relation object loads the same row as the member function.
  auto via_relation = posts.author.load(b.db, b.b1);
  REQUIRE(via_relation);
  CHECK(via_relation->name == "bob");
}

TEST_CASE("a belongs_to relation over a NULL foreign key gives nullopt without a query", "[runtime]") {
  Blog b;
  REQUIRE_FALSE(b.on_a1_anonymous.author_id.has_value());
  blog_test::StatementLog log(b.db);
  CHECK_FALSE(b.on_a1_anonymous.author(b.db).has_value());
  CHECK(log.count() == 0);
}

TEST_CASE("a belongs_to relation whose key matches no row gives nullopt", "[runtime]") {
  // Foreign keys off, so a comment can point at a user that does not exist.
  auto db = blog_test::memory_db({.foreign_keys = false});
  auto ann = add_user(db, "ann");
  auto post = add_post(db, ann, "p");
  auto dangling = add_comment(db, post, 999, "from nobody");
  CHECK_FALSE(dangling.author(db).has_value());
  CHECK(dangling.post(db).has_value());
}

// ---- has_many ----

TEST_CASE("a has_many relation loads every row holding this row's key", "[runtime]") {
  Blog b;
  CHECK(sorted_ids(b.ann.posts(b.db)) == Ids{b.a1.id, b.a2.id});
  CHECK(sorted_ids(b.bob.posts(b.db)) == Ids{b.b1.id});
  CHECK(sorted_ids(b.a1.comments(b.db)) == Ids{b.on_a1_by_bob.id, b.on_a1_anonymous.id});
  // Over a nullable foreign key (comments.author_id): the anonymous comment belongs to no one.
  CHECK(sorted_ids(b.bob.comments(b.db)) == Ids{b.on_a1_by_bob.id});
  CHECK(sorted_ids(b.ann.comments(b.db)) == Ids{b.on_a2_by_ann.id});
}

TEST_CASE("a has_many relation of a row without children is an empty vector", "[runtime]") {
  Blog b;
  CHECK(b.cy.posts(b.db).empty());
  CHECK(b.cy.comments(b.db).empty());
  CHECK(b.b1.comments(b.db).empty());
}

TEST_CASE("a has_many relation sees rows added after the parent was loaded", "[runtime]") {
  Blog b;
  add_post(b.db, b.cy, "c1");
  auto titles = b.cy.posts(b.db);
  REQUIRE(titles.size() == 1);
  CHECK(titles[0].title == "c1");
}

// ---- many_to_many ----

TEST_CASE("a many_to_many relation loads the linked rows from both sides", "[runtime]") {
  Blog b;
  posts.tags.attach(b.db, b.a1, b.sql);
  posts.tags.attach(b.db, b.a1, b.cpp);
  posts.tags.attach(b.db, b.a2, b.sql);

  CHECK(sorted_ids(b.a1.tags(b.db)) == Ids{b.sql.id, b.cpp.id});
  CHECK(sorted_ids(b.a2.tags(b.db)) == Ids{b.sql.id});
  CHECK(b.b1.tags(b.db).empty());

  CHECK(sorted_ids(b.sql.posts(b.db)) == Ids{b.a1.id, b.a2.id});
  CHECK(sorted_ids(b.cpp.posts(b.db)) == Ids{b.a1.id});

  // The loaded rows are whole rows, read in full.
  auto linked = b.cpp.posts(b.db);
  REQUIRE(linked.size() == 1);
  CHECK(linked[0].title == "a1");
  CHECK(linked[0].author_id == b.ann.id);
  CHECK(linked[0].body == "body of a1");
}

TEST_CASE("links made from one side of a many_to_many are seen from the other", "[runtime]") {
  Blog b;
  tags.posts.attach(b.db, b.cpp, b.b1);
  CHECK(sorted_ids(b.b1.tags(b.db)) == Ids{b.cpp.id});
  CHECK(posts.tags.detach(b.db, b.b1, b.cpp));
  CHECK(b.cpp.posts(b.db).empty());
}

TEST_CASE("attaching the same pair twice keeps a single link", "[runtime]") {
  Blog b;
  posts.tags.attach(b.db, b.a1, b.sql);
  CHECK_NOTHROW(posts.tags.attach(b.db, b.a1, b.sql));
  CHECK(b.links() == 1);
  CHECK(b.a1.tags(b.db).size() == 1);
}

TEST_CASE("attaching a row that does not exist violates the pivot's foreign key", "[runtime]") {
  Blog b;
  blog::Tag ghost{.id = 999, .name = "ghost"};
  CHECK_THROWS_AS(posts.tags.attach(b.db, b.a1, ghost), dorm::ConstraintError);
  CHECK(b.links() == 0);
}

TEST_CASE("detach removes one link and reports whether it existed", "[runtime]") {
  Blog b;
  posts.tags.attach(b.db, b.a1, b.sql);
  posts.tags.attach(b.db, b.a1, b.cpp);
  CHECK(posts.tags.detach(b.db, b.a1, b.sql));
  CHECK(sorted_ids(b.a1.tags(b.db)) == Ids{b.cpp.id});
  CHECK_FALSE(posts.tags.detach(b.db, b.a1, b.sql));
  CHECK_FALSE(posts.tags.detach(b.db, b.b1, b.cpp));
  CHECK(b.links() == 1);
  // The tag itself is untouched.
  CHECK(b.db.find<blog::Tag>(b.sql.id).has_value());
}

TEST_CASE("detach_all unlinks every target of one parent and returns how many links went", "[runtime]") {
  Blog b;
  posts.tags.attach(b.db, b.a1, b.sql);
  posts.tags.attach(b.db, b.a1, b.cpp);
  posts.tags.attach(b.db, b.a2, b.sql);
  CHECK(posts.tags.detach_all(b.db, b.a1) == 2);
  CHECK(b.a1.tags(b.db).empty());
  CHECK(sorted_ids(b.a2.tags(b.db)) == Ids{b.sql.id});  // other posts keep their links
  CHECK(posts.tags.detach_all(b.db, b.a1) == 0);
  CHECK(tags.posts.detach_all(b.db, b.sql) == 1);
  CHECK(b.links() == 0);
}

TEST_CASE("deleting a post removes its pivot links", "[runtime]") {
  Blog b;
  posts.tags.attach(b.db, b.a1, b.sql);
  posts.tags.attach(b.db, b.a2, b.sql);
  CHECK(b.db.remove(b.a1));
  CHECK(sorted_ids(b.sql.posts(b.db)) == Ids{b.a2.id});
  CHECK(b.links() == 1);
}

// ---- load_many: many parents, one query ----

TEST_CASE("has_many load_many loads the children of every parent in one query, grouped by parent", "[runtime]") {
  Blog b;
  blog_test::StatementLog log(b.db);
  auto loaded = posts.comments.load_many(b.db.statements(), {&b.a1, &b.a2, &b.b1});
  CHECK(log.count() == 1);

  const auto* of_a1 = posts.comments.find_loaded(loaded, b.a1);
  const auto* of_a2 = posts.comments.find_loaded(loaded, b.a2);
  REQUIRE(of_a1 != nullptr);
  REQUIRE(of_a2 != nullptr);
  CHECK(sorted_ids(*of_a1) == Ids{b.on_a1_by_bob.id, b.on_a1_anonymous.id});
  CHECK(sorted_ids(*of_a2) == Ids{b.on_a2_by_ann.id});
  // A parent without children has no entry.
  CHECK(posts.comments.find_loaded(loaded, b.b1) == nullptr);
  CHECK(loaded.size() == 2);
}

TEST_CASE("load_many over the same parent twice loads its children once", "[runtime]") {
  Blog b;
  auto loaded = posts.comments.load_many(b.db.statements(), {&b.a1, &b.a1});
  const auto* of_a1 = posts.comments.find_loaded(loaded, b.a1);
  REQUIRE(of_a1 != nullptr);
  CHECK(of_a1->size() == 2);
}

TEST_CASE("belongs_to load_many loads each distinct target once and skips NULL keys", "[runtime]") {
  Blog b;
  std::vector<blog::Comment> all = b.db.select<blog::Comment>().all();
  std::vector<const blog::Comment*> parents;
  for (const auto& c : all) parents.push_back(&c);

  blog_test::StatementLog log(b.db);
  auto loaded = comments.author.load_many(b.db.statements(), parents);
  CHECK(log.count() == 1);
  CHECK(loaded.size() == 2);  // bob and ann; the anonymous comment has no key

  for (const auto& c : all) {
    const blog::User* author = comments.author.find_loaded(loaded, c);
    if (c.author_id) {
      REQUIRE(author != nullptr);
      CHECK(author->id == *c.author_id);
    } else {
      CHECK(author == nullptr);
    }
  }
}

TEST_CASE("many_to_many load_many groups the linked rows by parent in one query", "[runtime]") {
  Blog b;
  posts.tags.attach(b.db, b.a1, b.sql);
  posts.tags.attach(b.db, b.a1, b.cpp);
  posts.tags.attach(b.db, b.a2, b.cpp);

  blog_test::StatementLog log(b.db);
  auto loaded = posts.tags.load_many(b.db.statements(), {&b.a1, &b.a2, &b.b1});
  CHECK(log.count() == 1);
  REQUIRE(posts.tags.find_loaded(loaded, b.a1) != nullptr);
  REQUIRE(posts.tags.find_loaded(loaded, b.a2) != nullptr);
  CHECK(sorted_ids(*posts.tags.find_loaded(loaded, b.a1)) == Ids{b.sql.id, b.cpp.id});
  CHECK(sorted_ids(*posts.tags.find_loaded(loaded, b.a2)) == Ids{b.cpp.id});
  CHECK(posts.tags.find_loaded(loaded, b.b1) == nullptr);
}

TEST_CASE("load_many over no parents runs no query", "[runtime]") {
  Blog b;
  blog_test::StatementLog log(b.db);
  CHECK(posts.comments.load_many(b.db.statements(), {}).empty());
  CHECK(posts.author.load_many(b.db.statements(), {}).empty());
  CHECK(posts.tags.load_many(b.db.statements(), {}).empty());
  CHECK(log.count() == 0);
}

TEST_CASE("load_many batches a thousand parents into one query", "[runtime]") {
  Blog b;
  std::vector<blog::User> authors;
  b.db.transaction([&] {
    for (int i = 0; i < 1000; ++i) {
      auto u = add_user(b.db, "author" + std::to_string(i));
      if (i % 2 == 0) add_post(b.db, u, "post of " + u.name);
      authors.push_back(u);
    }
  });
  std::vector<const blog::User*> parents;
  for (const auto& u : authors) parents.push_back(&u);

  blog_test::StatementLog log(b.db);
  auto loaded = users.posts.load_many(b.db.statements(), parents);
  CHECK(log.count() == 1);
  CHECK(loaded.size() == 500);
  for (std::size_t i = 0; i < authors.size(); ++i) {
    const auto* of = users.posts.find_loaded(loaded, authors[i]);
    if (i % 2 == 0) {
      REQUIRE(of != nullptr);
      REQUIRE(of->size() == 1);
      CHECK((*of)[0].author_id == authors[i].id);
    } else {
      CHECK(of == nullptr);
    }
  }
}
