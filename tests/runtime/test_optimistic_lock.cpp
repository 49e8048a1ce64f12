// Optimistic locking (issue 16 item 7): a table with a version column (`x-dorm-version`) has
// update(row) write only the row still at the version it was loaded with, and increment it;
// a row changed by someone else since is a dorm::ConcurrentModification naming the table and key,
// and nothing is written. remove(row) checks the version too.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include <dorm/dorm.hpp>
#include "../temp_dir.hpp"
#include "rt_lock/models.hpp"

using dorm_test::TempDir;

namespace {

dorm::Database memory_db() {
  auto db = dorm::Database::open(":memory:");
  rt_lock::migrate(db);
  return db;
}

rt_lock::Document stored(dorm::Database& db, std::int64_t id) { return db.find_or_fail<rt_lock::Document>(id); }

}  // namespace

TEST_CASE("a version column is named by the table descriptor", "[runtime][optimistic_lock]") {
  STATIC_REQUIRE(std::is_same_v<dorm::table_of<rt_lock::Document>::version_column, dorm::Column<rt_lock::documents_version_column>>);
  STATIC_REQUIRE(dorm::detail::versioned_table<dorm::table_of<rt_lock::Draft>>);
  
}

TEST_CASE("insert starts the version at 1, and keeps a version an import carries", "[runtime][optimistic_lock]") {
  auto db = memory_db();
  rt_lock::Document fresh{.title = "Plan"};
  db.insert(fresh);
  CHECK(fresh.version == 1);
  CHECK(stored(db, fresh.id).version == 1);

  rt_lock::Document imported{.title = "Old", .version = 7};
  db.insert(imported);
  CHECK(stored(db, imported.id).version == 7);

  std::vector<rt_lock::Document> many{{.title = "A"}, {.title = "B"}};
  db.insert_many(many);
  CHECK(many[0].version == 1);
  CHECK(stored(db, many[1].id).version == 1);
}

TEST_CASE("update checks the loaded version in its WHERE and writes the next one", "[runtime][optimistic_lock]") {
  auto db = memory_db();
  rt_lock::Document doc{.title = "Plan"};
  db.insert(doc);
  std::vector<std::string> statements;
  db.on_statement([&](std::string_view sql) { statements.emplace_back(sql); });
  doc.title = "Plan B";
  db.update(doc);
  REQUIRE(statements.size() == 1);
  CHECK(statements[0] ==
        R"(UPDATE "documents" SET "title" = ?, "version" = ? WHERE ("documents"."id" = ? AND "documents"."version" = ?))");
  CHECK(doc.version == 2);
  const rt_lock::Document back = stored(db, doc.id);
  CHECK(back.title == "Plan B");
  CHECK(back.version == 2);

  // A const row is written (and its version checked) but stays as it is.
  const rt_lock::Document copy = back;
  db.update(copy);
  CHECK(copy.version == 2);
  CHECK(stored(db, doc.id).version == 3);
}

TEST_CASE("of two connections updating one row, the second throws and writes nothing", "[runtime][optimistic_lock]") {
  TempDir dir;
  auto alice_db = dorm::Database::open(dir.file("docs.db"));
  rt_lock::migrate(alice_db);
  auto bob_db = dorm::Database::open(dir.file("docs.db"));
  rt_lock::Document doc{.title = "Draft"};
  alice_db.insert(doc);

  rt_lock::Document alices = stored(alice_db, doc.id);
  rt_lock::Document bobs = stored(bob_db, doc.id);
  alices.title = "Alice's";
  alice_db.update(alices);
  CHECK(alices.version == 2);

  bobs.title = "Bob's";
  try {
    bob_db.update(bobs);
    FAIL("the stale update was written");
  } catch (const dorm::ConcurrentModification& e) {
    CHECK(e.table() == "documents");
    CHECK(e.key() == "id = " + std::to_string(doc.id));
    CHECK(std::string(e.what()) == "[dorm.concurrent_modification] update of table 'documents': the row with id = " +
                                       std::to_string(doc.id) +
                                       " was changed since it was loaded (its version is no longer 1); nothing was "
                                       "written: load it again and reapply the change");
    CHECK(e.sql().find(R"("documents"."version" = ?)") != std::string::npos);
  }
  CHECK(bobs.version == 1);  // the caller's row is unchanged
  const rt_lock::Document back = stored(alice_db, doc.id);
  CHECK(back.title == "Alice's");
  CHECK(back.version == 2);

  // Reloaded, Bob's change goes through.
  bobs = stored(bob_db, doc.id);
  bobs.title = "Bob's";
  bob_db.update(bobs);
  CHECK(stored(alice_db, doc.id).version == 3);
}

TEST_CASE("a version conflict inside a transaction rolls back what the transaction wrote", "[runtime][optimistic_lock]") {
  auto db = memory_db();
  rt_lock::Document a{.title = "A"};
  rt_lock::Document b{.title = "B"};
  db.insert(a);
  db.insert(b);
  rt_lock::Document stale_b = b;
  b.title = "B2";
  db.update(b);
  a.title = "A2";
  stale_b.title = "B3";
  CHECK_THROWS_AS(db.transaction([&] {
    db.update(a);
    db.update(stale_b);
  }),
                  dorm::ConcurrentModification);
  CHECK(stored(db, a.id).title == "A");
  CHECK(stored(db, b.id).title == "B2");
}

TEST_CASE("update of a row whose key is gone is still NotFound", "[runtime][optimistic_lock]") {
  auto db = memory_db();
  rt_lock::Document doc{.title = "Gone"};
  db.insert(doc);
  CHECK(db.remove<rt_lock::Document>(doc.id));
  CHECK_THROWS_AS(db.update(doc), dorm::NotFound);
}

TEST_CASE("remove of a row changed since it was loaded throws and keeps the row", "[runtime][optimistic_lock]") {
  auto db = memory_db();
  rt_lock::Document doc{.title = "Keep"};
  db.insert(doc);
  rt_lock::Document stale = doc;
  doc.title = "Kept";
  db.update(doc);
  CHECK_THROWS_AS(db.remove(stale), dorm::ConcurrentModification);
  CHECK(stored(db, doc.id).title == "Kept");
  CHECK(db.remove(doc));
  CHECK_FALSE(db.find<rt_lock::Document>(doc.id).has_value());
  CHECK_FALSE(db.remove(doc));  // gone: a miss, as without a version
}

TEST_CASE("a soft delete checks the version and names a text key in quotes", "[runtime][optimistic_lock]") {
  auto db = memory_db();
  rt_lock::Draft draft{.slug = "intro", .body = "Hello"};
  db.insert(draft);
  CHECK(draft.revision == 1);
  rt_lock::Draft stale = draft;
  draft.body = "Hello!";
  db.update(draft);
  CHECK(draft.revision == 2);
  try {
    (void)db.remove(stale);
    FAIL("the stale soft delete was written");
  } catch (const dorm::ConcurrentModification& e) {
    CHECK(e.key() == "slug = 'intro'");
  }
  CHECK_FALSE(db.find<rt_lock::Draft>("intro")->deleted_at.has_value());
  CHECK(db.remove(draft));
  CHECK(draft.deleted_at.has_value());
  CHECK_FALSE(db.remove(draft));  // already trashed: a miss, not a conflict
}

TEST_CASE("remove by key, restore and the builders neither check nor change the version", "[runtime][optimistic_lock]") {
  auto db = memory_db();
  rt_lock::Document doc{.title = "Bulk"};
  db.insert(doc);
  CHECK(db.update_all<rt_lock::Document>().set(rt_lock::documents.title = "Bulk 2").where(rt_lock::documents.id == doc.id).execute() == 1);
  CHECK(stored(db, doc.id).version == 1);
  CHECK(db.remove<rt_lock::Document>(doc.id));
  CHECK_FALSE(db.find<rt_lock::Document>(doc.id).has_value());

  rt_lock::Draft draft{.slug = "old", .body = "Text"};
  db.insert(draft);
  rt_lock::Draft stale = draft;
  draft.body = "Text 2";
  db.update(draft);
  CHECK(db.remove(draft));
  CHECK(db.restore(stale));  // the stale row's version is not checked
  const rt_lock::Draft back = *db.find<rt_lock::Draft>("old");
  CHECK_FALSE(back.deleted_at.has_value());
  CHECK(back.revision == 2);
}
