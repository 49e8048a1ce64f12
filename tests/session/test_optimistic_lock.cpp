// Optimistic locking through dorm::Session: flush() writes a versioned row only where it still
// has the version it was loaded with, and increments it; a row changed by someone else since
// gives ConcurrentModification and nothing of the flush is written.
#include <catch2/catch.hpp>

#include "session_support.hpp"

using session_test::StatementLog;

TEST_CASE("flush checks and increments the version of a changed row", "[session][optimistic_lock]") {
  auto db = session_test::rt_db();
  rt::Document doc{.title = "draft"};
  db.insert(doc);
  dorm::Session session(db);
  rt::Document& managed = session.find_or_fail<rt::Document>(doc.id);
  REQUIRE(managed.version == 1);
  managed.title = "final";
  StatementLog log(db);

  session.flush();

  CHECK(log.starting_with("UPDATE") ==
        std::vector<std::string>{
            R"(UPDATE "documents" SET "title" = ?3, "version" = ?4 WHERE "id" = ?1 AND "version" = ?2)"});
  CHECK(managed.version == 2);
  CHECK(db.find_or_fail<rt::Document>(doc.id).version == 2);
  managed.title = "again";
  session.flush();
  CHECK(managed.version == 3);
}

TEST_CASE("a row changed by another session since it was loaded gives ConcurrentModification and writes nothing",
          "[session][optimistic_lock]") {
  auto db = session_test::rt_db();
  rt::Document first{.title = "one"};
  rt::Document second{.title = "two"};
  db.insert(first);
  db.insert(second);
  dorm::Session alice(db);
  dorm::Session bob(db);
  auto alices = alice.select<rt::Document>().order_by(rt::documents.id).all();
  auto bobs = bob.select<rt::Document>().order_by(rt::documents.id).all();
  bobs[1]->title = "bob's";
  bob.flush();
  alices[0]->title = "alice's one";
  alices[1]->title = "alice's two";

  try {
    alice.flush();
    FAIL("flush() should have thrown");
  } catch (const dorm::ConcurrentModification& e) {
    CHECK(e.table() == "documents");
    CHECK(e.key() == "id = " + std::to_string(second.id));
  }

  CHECK(db.find_or_fail<rt::Document>(first.id).title == "one");
  CHECK(db.find_or_fail<rt::Document>(second.id).title == "bob's");
  CHECK(alices[0]->title == "alice's one");
  CHECK(alices[0]->version == 1);
  alice.refresh(*alices[1]);
  alices[1]->title = "alice's two, on bob's";
  alice.flush();
  CHECK(db.find_or_fail<rt::Document>(first.id).title == "alice's one");
  CHECK(db.find_or_fail<rt::Document>(second.id).version == 3);
}
