// Soft deletes (`x-dorm-soft-delete`) in Database's model writes: remove() sets deleted_at,
// restore() clears it, force_remove() deletes for good, and find() skips trashed rows. How
// queries, counts and relations skip them is tested in test_soft_delete_queries.cpp.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <type_traits>

#include <dorm/dorm.hpp>

#include "shop_support.hpp"

namespace {

shop::Article make_article(std::int64_t account_id, const std::string& title) {
  shop::Article article;
  article.account_id = account_id;
  article.title = title;
  return article;
}

std::int64_t stored_rows(dorm::Database& db, const std::string& table) {
  return *db.query_value<std::int64_t>("SELECT count(*) FROM " + table);
}

std::int64_t trashed_rows(dorm::Database& db, const std::string& table) {
  return *db.query_value<std::int64_t>("SELECT count(*) FROM " + table + " WHERE deleted_at IS NOT NULL");
}

}  // namespace

TEST_CASE("remove of a soft-delete row sets deleted_at and keeps the row in the table", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  REQUIRE_FALSE(ann.deleted_at.has_value());
  REQUIRE_FALSE(dorm::trashed(ann));
  CHECK(db.remove(ann));
  REQUIRE(ann.deleted_at.has_value());
  CHECK(dorm::trashed(ann));
  CHECK(std::regex_match(*ann.deleted_at, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)")));
  CHECK(stored_rows(db, "accounts") == 1);
  CHECK(*db.query_value<std::string>("SELECT deleted_at FROM accounts WHERE id = ?", ann.id) == *ann.deleted_at);
}

TEST_CASE("find and find_or_fail do not find a soft-deleted row", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann", 1);
  auto bob = make_account("Bob", 2);
  db.insert(ann);
  db.insert(bob);
  REQUIRE(db.remove(ann));
  CHECK_FALSE(db.find<shop::Account>(ann.id).has_value());
  CHECK_THROWS_AS(db.find_or_fail<shop::Account>(ann.id), dorm::NotFound);
  CHECK(db.find<shop::Account>(bob.id).has_value());
  CHECK(db.find_or_fail<shop::Account>(bob.id).name == "Bob");
}

TEST_CASE("remove of a row that is already trashed returns false and keeps its deleted_at", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  REQUIRE(db.remove(ann));
  const std::string first = *ann.deleted_at;
  auto stale = ann;
  stale.deleted_at.reset();
  CHECK_FALSE(db.remove(stale));
  CHECK_FALSE(stale.deleted_at.has_value());  // nothing happened, so the row did not change
  CHECK_FALSE(db.remove(ann));
  CHECK(*db.query_value<std::string>("SELECT deleted_at FROM accounts WHERE id = ?", ann.id) == first);
}

TEST_CASE("remove of a const row writes deleted_at but leaves that row as it is", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  const shop::Account row = ann;
  CHECK(db.remove(row));
  CHECK_FALSE(row.deleted_at.has_value());
  CHECK(trashed_rows(db, "accounts") == 1);
}

TEST_CASE("restore clears deleted_at, and find finds the row again", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  CHECK_FALSE(db.restore(ann));  // a live row: nothing to restore
  REQUIRE(db.remove(ann));
  CHECK(db.restore(ann));
  CHECK_FALSE(ann.deleted_at.has_value());
  CHECK(trashed_rows(db, "accounts") == 0);
  CHECK(db.find<shop::Account>(ann.id).has_value());
  CHECK_FALSE(db.restore(ann));
}

TEST_CASE("restore of a missing row returns false", "[lifecycle]") {
  auto db = memory_db();
  auto ghost = make_account("Ghost");
  ghost.id = 42;
  ghost.deleted_at = "2001-02-03T04:05:06.789Z";
  CHECK_FALSE(db.restore(ghost));
  CHECK(ghost.deleted_at.has_value());
}

TEST_CASE("force_remove deletes the row for good, live or trashed", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann", 1);
  auto bob = make_account("Bob", 2);
  db.insert(ann);
  db.insert(bob);
  CHECK(db.force_remove(ann));
  REQUIRE(db.remove(bob));
  CHECK(db.force_remove(bob));
  CHECK(stored_rows(db, "accounts") == 0);
  CHECK_FALSE(db.force_remove(bob));
}

TEST_CASE("remove soft-deletes and force_remove deletes", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  CHECK(db.remove<shop::Account>(ann.id));
  CHECK(trashed_rows(db, "accounts") == 1);
  CHECK_FALSE(db.remove<shop::Account>(ann.id));  // already trashed
  CHECK_FALSE(db.remove<shop::Account>(std::int64_t{999}));
  CHECK(db.force_remove<shop::Account>(ann.id));
  CHECK(stored_rows(db, "accounts") == 0);
  CHECK_FALSE(db.force_remove<shop::Account>(ann.id));
}

TEST_CASE("remove<T>(row) and remove(row) remove that row by its key, remove<T>(key) the row with that key, for an integer key too", "[lifecycle]") {
  // Account's key is one integer, so `remove<Account>(x)` could read as either overload: a row
  // argument takes the row overload (only it writes deleted_at back into the caller's row), an
  // integer the keyed one.
  auto db = memory_db();
  auto ann = make_account("Ann", 1);
  auto bob = make_account("Bob", 2);
  auto carol = make_account("Carol", 3);
  auto dave = make_account("Dave", 4);
  db.insert(ann);
  db.insert(bob);
  db.insert(carol);
  db.insert(dave);

  CHECK(db.remove<shop::Account>(ann));
  CHECK(ann.deleted_at.has_value());
  CHECK(db.remove(bob));
  CHECK(bob.deleted_at.has_value());
  CHECK(*db.query_value<std::string>("SELECT deleted_at FROM accounts WHERE id = ?", ann.id) == *ann.deleted_at);
  CHECK(*db.query_value<std::string>("SELECT deleted_at FROM accounts WHERE id = ?", bob.id) == *bob.deleted_at);
  CHECK(trashed_rows(db, "accounts") == 2);

  // A const row: the row overload still, which leaves the caller's row as it is.
  const shop::Account kept = carol;
  CHECK(db.remove<shop::Account>(kept));
  CHECK_FALSE(kept.deleted_at.has_value());
  CHECK(trashed_rows(db, "accounts") == 3);

  // The key, as the key column's type and as an int literal: the row with that key.
  CHECK(db.remove<shop::Account>(dave.id));
  CHECK_FALSE(dave.deleted_at.has_value());
  CHECK(trashed_rows(db, "accounts") == 4);
  CHECK_FALSE(db.remove<shop::Account>(999));

  // force_remove picks its overloads the same way.
  CHECK(db.force_remove<shop::Account>(ann));
  CHECK(db.force_remove<shop::Account>(bob.id));
  CHECK(stored_rows(db, "accounts") == 2);
  CHECK_FALSE(db.find<shop::Account>(carol.id).has_value());
  CHECK(db.select<shop::Account>().only_trashed().count() == 2);
}

TEST_CASE("a soft delete leaves children alone; force_remove runs the ON DELETE CASCADE", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  auto first = make_article(ann.id, "First");
  auto second = make_article(ann.id, "Second");
  db.insert(first);
  db.insert(second);
  REQUIRE(db.remove(ann));
  CHECK(stored_rows(db, "articles") == 2);
  CHECK(trashed_rows(db, "articles") == 0);
  REQUIRE(db.force_remove(ann));
  CHECK(stored_rows(db, "articles") == 0);
}

TEST_CASE("a soft-delete table without timestamps sets deleted_at only", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  auto article = make_article(ann.id, "Hello");
  db.insert(article);
  REQUIRE(db.remove(article));
  CHECK(article.deleted_at.has_value());
  CHECK(trashed_rows(db, "articles") == 1);
  REQUIRE(db.restore(article));
  CHECK(trashed_rows(db, "articles") == 0);
}

TEST_CASE("remove deletes the row of a table without soft deletes", "[lifecycle]") {
  auto db = memory_db();
  shop::Note note;
  note.text = "gone";
  db.insert(note);
  CHECK(db.remove(note));
  CHECK(stored_rows(db, "notes") == 0);
  CHECK_FALSE(db.remove(note));
}

TEST_CASE("update writes a trashed row without restoring it", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  REQUIRE(db.remove(ann));
  ann.name = "Annie";
  db.update(ann);
  CHECK(trashed_rows(db, "accounts") == 1);
  CHECK(*db.query_value<std::string>("SELECT name FROM accounts WHERE id = ?", ann.id) == "Annie");
}

TEST_CASE("a soft delete inside a transaction that rolls back leaves the row live", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  CHECK_THROWS(db.transaction([&] {
    REQUIRE(db.remove(ann));
    throw std::runtime_error("undo");
  }));
  CHECK(trashed_rows(db, "accounts") == 0);
}
