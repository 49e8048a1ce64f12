// persist(), remove() and link() of dorm::Session: new rows inserted parents first in
// multi-row INSERTs with their generated keys filled in (into the rows and the foreign keys of
// new rows linked to them), removed rows deleted children first.
#include <catch2/catch.hpp>

#include "session_support.hpp"

using session_test::StatementLog;

TEST_CASE("a new post linked to a new author is inserted after it and takes its generated key",
          "[session][unit_of_work]") {
  auto db = session_test::blog_db();
  dorm::Session session(db);
  // The child first: the order comes from the schema's foreign keys, not from persist().
  blog::Post& post = session.persist(blog::Post{.title = "Hello", .body = "first post"});
  blog::User& ann = session.persist(blog::User{.email = "ann@example.com", .name = "Ann"});
  session.link(post, blog::posts.author, ann);
  StatementLog log(db);

  session.flush();

  const auto inserts = log.starting_with("INSERT");
  REQUIRE(inserts.size() == 2);
  CHECK(inserts[0].starts_with(R"(INSERT INTO "users")"));
  CHECK(inserts[1].starts_with(R"(INSERT INTO "posts")"));
  CHECK(ann.id != 0);
  CHECK(post.id != 0);
  CHECK(post.author_id == ann.id);
  CHECK(db.find_or_fail<blog::Post>(post.id).author_id == ann.id);
  log.reset();
  CHECK(session.find<blog::User>(ann.id) == &ann);
  CHECK(session.find<blog::Post>(post.id) == &post);
  CHECK(session.load(post, blog::posts.author) == &ann);
  CHECK(log.statements.empty());
  session.flush();
  CHECK(log.statements.empty());
}

TEST_CASE("a new row linked to a row already in the database takes its key at once", "[session][unit_of_work]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "Ann"};
  db.insert(ann);
  dorm::Session session(db);
  blog::User& author = session.find_or_fail<blog::User>(ann.id);
  blog::Post& post = session.persist(blog::Post{.title = "Hello", .body = "b"});

  session.link(post, blog::posts.author, author);

  CHECK(post.author_id == ann.id);
  session.flush();
  CHECK(db.find_or_fail<blog::Post>(post.id).author_id == ann.id);
}

TEST_CASE("new rows of one table are inserted in multi-row INSERTs", "[session][unit_of_work]") {
  auto db = session_test::rt_db();
  dorm::Session session(db);
  std::vector<rt::User*> users;
  for (int i = 0; i < 150; ++i) users.push_back(&session.persist(session_test::make_user("u" + std::to_string(i))));
  StatementLog log(db);

  session.flush();

  CHECK(log.starting_with("INSERT").size() == 4);  // 100 + 32 + 16 + 2 rows
  CHECK(db.select<rt::User>().count() == 150);
  for (rt::User* user : users) CHECK(user->id != 0);
  CHECK(session.find<rt::User>(users[149]->id) == users[149]);
  CHECK(session.size() == 150);
}

TEST_CASE("a failed flush assigns no key to new rows, which a later flush inserts", "[session][unit_of_work]") {
  auto db = session_test::rt_db();
  auto existing = session_test::make_user("taken");
  db.insert(existing);
  dorm::Session session(db);
  rt::User& fresh = session.persist(session_test::make_user("fresh"));
  rt::User& clash = session.persist(session_test::make_user("taken"));  // users.email is UNIQUE

  CHECK_THROWS_AS(session.flush(), dorm::ConstraintError);

  CHECK(fresh.id == 0);
  CHECK(clash.id == 0);
  CHECK(db.select<rt::User>().count() == 1);
  CHECK(session.contains(fresh));
  clash.email = "other@example.com";
  session.flush();
  CHECK(fresh.id != 0);
  CHECK(clash.id != 0);
  CHECK(db.select<rt::User>().count() == 3);
}

TEST_CASE("removed rows are deleted children first, whatever order they were removed in", "[session][unit_of_work]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "Ann"};
  db.insert(ann);
  blog::Post post{.author_id = ann.id, .title = "t", .body = "b"};
  db.insert(post);
  dorm::Session session(db);
  blog::User& author = session.find_or_fail<blog::User>(ann.id);
  blog::Post& managed_post = session.find_or_fail<blog::Post>(post.id);
  session.remove(author);
  session.remove(managed_post);
  StatementLog log(db);

  session.flush();

  // SQLite's statement trace repeats a DELETE for each foreign-key action it runs: one each.
  auto deletes = log.starting_with("DELETE");
  deletes.erase(std::unique(deletes.begin(), deletes.end()), deletes.end());
  REQUIRE(deletes.size() == 2);
  CHECK(deletes[0].starts_with(R"(DELETE FROM "posts")"));
  CHECK(deletes[1].starts_with(R"(DELETE FROM "users")"));
  CHECK_FALSE(db.find<blog::User>(ann.id).has_value());
  CHECK(session.size() == 0);
}

TEST_CASE("remove on a soft-delete table soft-deletes the row at flush", "[session][unit_of_work]") {
  auto db = dorm::Database::open(":memory:");
  shop::migrate(db);
  shop::Account account;
  account.email = "ann1@example.com";
  account.name = "Ann";
  account.score = 50;
  account.role = shop::AccountRole::member;
  account.plan = "free";
  account.code = "ABC-12";
  account.token = "123e4567-e89b-12d3-a456-426614174001";
  db.insert(account);
  dorm::Session session(db);
  shop::Account& managed = session.find_or_fail<shop::Account>(account.id);
  session.remove(managed);
  StatementLog log(db);

  session.flush();

  CHECK(log.starting_with("DELETE").empty());
  CHECK(log.starting_with("UPDATE").size() == 1);
  CHECK_FALSE(db.find<shop::Account>(account.id).has_value());
  CHECK(db.select<shop::Account>().with_trashed().count() == 1);
  CHECK(session.find<shop::Account>(account.id) == nullptr);
}

TEST_CASE("removing a row that is not managed is a misuse error; a persisted row is just forgotten",
          "[session][unit_of_work]") {
  auto db = session_test::rt_db();
  dorm::Session session(db);
  rt::User stranger = session_test::make_user("stranger");
  rt::User& fresh = session.persist(session_test::make_user("fresh"));

  CHECK_THROWS_WITH(session.remove(stranger), Catch::Contains("[dorm.session.not_managed] remove()"));
  session.remove(fresh);
  StatementLog log(db);
  session.flush();
  CHECK(log.statements.empty());
  CHECK(session.size() == 0);
}

TEST_CASE("linking an existing child to a new parent is a misuse error", "[session][unit_of_work]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "Ann"};
  db.insert(ann);
  blog::Post post{.author_id = ann.id, .title = "t", .body = "b"};
  db.insert(post);
  dorm::Session session(db);
  blog::Post& managed_post = session.find_or_fail<blog::Post>(post.id);
  blog::User& bob = session.persist(blog::User{.email = "bob@example.com", .name = "Bob"});

  CHECK_THROWS_WITH(session.link(managed_post, blog::posts.author, bob), Catch::Contains("[dorm.session.link]"));
}

TEST_CASE("new rows are validated with the changed rows before anything is written", "[session][unit_of_work]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "Ann"};
  db.insert(ann);
  dorm::Session session(db);
  session.find_or_fail<blog::User>(ann.id).name = "";                          // minLength 1
  blog::User& bad = session.persist(blog::User{.email = "not-an-email", .name = "Bob"});  // format email
  StatementLog log(db);

  try {
    session.flush();
    FAIL("flush() should have thrown");
  } catch (const dorm::ValidationError& e) {
    CHECK(e.errors().size() == 2);
  }

  CHECK(log.statements.empty());
  CHECK(bad.id == 0);
}

TEST_CASE("a relation loaded before a flush that inserts or deletes rows is read again", "[session][unit_of_work]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "Ann"};
  db.insert(ann);
  blog::Post post{.author_id = ann.id, .title = "t", .body = "b"};
  db.insert(post);
  dorm::Session session(db);
  blog::User& author = session.find_or_fail<blog::User>(ann.id);
  auto before = session.load(author, blog::users.posts);
  REQUIRE(before.size() == 1);
  session.remove(*before[0]);
  blog::Post& added = session.persist(blog::Post{.title = "new", .body = "b"});
  session.link(added, blog::posts.author, author);

  session.flush();

  auto after = session.load(author, blog::users.posts);
  REQUIRE(after.size() == 1);
  CHECK(after[0] == &added);
}
