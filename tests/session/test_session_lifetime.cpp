// A session's lifetime: clear, detach, contains, and transaction() around several flushes.
#include <catch2/catch.hpp>

#include "session_support.hpp"

using session_test::StatementLog;

TEST_CASE("a detached row is no longer written by flush, and find reads its key again", "[session][lifetime]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann");
  db.insert(ann);
  dorm::Session session(db);
  rt::User& managed = session.find_or_fail<rt::User>(ann.id);
  managed.name = "never written";

  session.detach(managed);
  session.flush();

  CHECK(db.find_or_fail<rt::User>(ann.id).name == "ann");
  CHECK(session.size() == 0);
  StatementLog log(db);
  rt::User* again = session.find<rt::User>(ann.id);
  REQUIRE(again != nullptr);
  CHECK(again->name == "ann");
  CHECK(log.statements.size() == 1);
}

TEST_CASE("clear forgets every row: the next find queries again", "[session][lifetime]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann");
  db.insert(ann);
  dorm::Session session(db);
  session.find_or_fail<rt::User>(ann.id).name = "never written";

  session.clear();
  session.flush();

  CHECK(session.size() == 0);
  CHECK(db.find_or_fail<rt::User>(ann.id).name == "ann");
  StatementLog log(db);
  CHECK(session.find_or_fail<rt::User>(ann.id).name == "ann");
  CHECK(log.statements.size() == 1);
}

TEST_CASE("transaction runs several flushes and a final one in one transaction", "[session][lifetime]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann", 1);
  auto bob = session_test::make_user("bob", 2);
  db.insert(ann);
  db.insert(bob);
  dorm::Session session(db);
  StatementLog log(db);

  const int result = session.transaction([&] {
    session.find_or_fail<rt::User>(ann.id).age = 10;
    session.flush();
    session.find_or_fail<rt::User>(bob.id).age = 20;
    return 7;
  });

  CHECK(result == 7);
  CHECK(log.starting_with("BEGIN").size() == 1);
  CHECK(log.starting_with("COMMIT").size() == 1);
  CHECK(log.starting_with("UPDATE").size() == 2);
  CHECK(db.find_or_fail<rt::User>(ann.id).age == 10);
  CHECK(db.find_or_fail<rt::User>(bob.id).age == 20);
}

TEST_CASE("a transaction that throws rolls back its flushes and leaves their rows dirty", "[session][lifetime]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann", 1);
  db.insert(ann);
  dorm::Session session(db);
  rt::User& managed = session.find_or_fail<rt::User>(ann.id);

  CHECK_THROWS_WITH(session.transaction([&] {
    managed.age = 10;
    session.flush();
    throw std::runtime_error("abandoned");
  }),
                    "abandoned");

  CHECK(db.find_or_fail<rt::User>(ann.id).age == 1);
  CHECK(managed.age == 10);
  StatementLog log(db);
  session.flush();
  CHECK(log.starting_with("UPDATE").size() == 1);
  CHECK(db.find_or_fail<rt::User>(ann.id).age == 10);
}

TEST_CASE("a transaction that throws makes the rows it inserted new again and the rows it removed managed again",
          "[session][lifetime]") {
  auto db = session_test::blog_db();
  blog::User old{.email = "old@example.com", .name = "Old"};
  db.insert(old);
  dorm::Session session(db);
  blog::User& removed = session.find_or_fail<blog::User>(old.id);
  blog::User& ann = session.persist(blog::User{.email = "ann@example.com", .name = "Ann"});
  blog::Post& post = session.persist(blog::Post{.title = "t", .body = "b"});
  session.link(post, blog::posts.author, ann);
  session.remove(removed);

  CHECK_THROWS_WITH(session.transaction([&] {
    session.flush();
    CHECK(ann.id != 0);
    throw std::runtime_error("abandoned");
  }),
                    "abandoned");

  CHECK(ann.id == 0);
  CHECK(post.id == 0);
  CHECK(post.author_id == 0);
  CHECK(session.contains(ann));
  CHECK(session.contains(removed));
  CHECK(db.select<blog::User>().count() == 1);
  session.flush();
  CHECK(ann.id != 0);
  CHECK(post.author_id == ann.id);
  CHECK(db.find_or_fail<blog::Post>(post.id).author_id == ann.id);
  CHECK_FALSE(db.find<blog::User>(old.id).has_value());
  CHECK(session.size() == 2);
}
