// Database::upsert: INSERT ... ON CONFLICT DO UPDATE on the primary key or on typed columns.
#include <catch2/catch.hpp>

#include "support.hpp"

using rt::users;
using rt_test::make_user;

TEST_CASE("upsert of a new row inserts it and fills its key and SQL default", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann", 30);
  db.upsert(ann);
  CHECK(ann.id == 1);
  CHECK(ann.created_at.has_value());
  CHECK(db.select<rt::User>().count() == 1);
  CHECK(db.find_or_fail<rt::User>(1).name == "ann");
}

TEST_CASE("upsert of a row whose primary key exists updates every non-key column", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann", 30);
  db.insert(ann);
  const auto created = ann.created_at;

  rt::User changed = make_user("ann2", 31);
  changed.id = ann.id;
  changed.bio = "bio";
  db.upsert(changed);
  CHECK(db.select<rt::User>().count() == 1);
  auto stored = db.find_or_fail<rt::User>(ann.id);
  CHECK(stored.email == "ann2@example.com");
  CHECK(stored.name == "ann2");
  CHECK(stored.age == 31);
  CHECK(stored.bio == "bio");
  // An SQL-default column left empty keeps its stored value, and is read back into the row.
  CHECK(stored.created_at == created);
  CHECK(changed.created_at == created);
  CHECK(changed.id == ann.id);
}

TEST_CASE("upsert writes a value given for an SQL-default column on update", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  ann.created_at = "2001-02-03 04:05:06";
  db.upsert(ann);
  CHECK(db.find_or_fail<rt::User>(ann.id).created_at == "2001-02-03 04:05:06");
}

TEST_CASE("upsert on a unique column updates the row with that value and reads back its key", "[runtime]") {
  auto db = rt_test::memory_db();
  auto other = make_user("other");
  db.insert(other);
  auto ann = make_user("ann", 30);
  db.upsert(ann, users.email);
  CHECK(ann.id == 2);
  CHECK(db.select<rt::User>().count() == 2);

  auto again = make_user("ann", 44);  // same email, no key
  again.name = "Ann Again";
  db.upsert(again, users.email);
  CHECK(again.id == 2);  // the existing row's key
  CHECK(db.select<rt::User>().count() == 2);
  auto stored = db.find_or_fail<rt::User>(2);
  CHECK(stored.name == "Ann Again");
  CHECK(stored.age == 44);
  CHECK(db.find_or_fail<rt::User>(1).name == "other");
}

TEST_CASE("upsert SQL names the conflict target and sets non-key columns from excluded", "[runtime]") {
  CHECK(dorm::detail::upsert_sql<rt::users_table>(false).text ==
        R"(INSERT INTO "users" ("email", "name", "bio", "age", "active", "created_at") VALUES )"
        R"((?, ?, ?, ?, ?, coalesce(?, CURRENT_TIMESTAMP)) ON CONFLICT ("id") DO UPDATE SET )"
        R"("email" = excluded."email", "name" = excluded."name", "bio" = excluded."bio", "age" = excluded."age", )"
        R"("active" = excluded."active", "created_at" = coalesce(?, "created_at") RETURNING "id", "created_at")");
  const std::string& on_email = dorm::detail::upsert_sql<rt::users_table, rt::users_email_column>(true).text;
  CHECK_THAT(on_email,
             Catch::Contains(R"(VALUES (?, ?, ?, ?, ?, ?, coalesce(?, CURRENT_TIMESTAMP)) ON CONFLICT ("email") DO)"));
}

TEST_CASE("upsert on a column without a unique constraint is an SqliteError", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  CHECK_THROWS_AS(db.upsert(ann, users.name), dorm::SqliteError);
  CHECK(ann.id == 0);
  CHECK(db.select<rt::User>().count() == 0);
}

TEST_CASE("upsert that violates another unique constraint throws and changes nothing", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  auto bob = make_user("bob");
  db.insert(ann);
  db.insert(bob);
  rt::User clash = make_user("ann");  // ann's email, bob's key
  clash.id = bob.id;
  CHECK_THROWS_AS(db.upsert(clash), dorm::ConstraintError);
  CHECK(db.find_or_fail<rt::User>(bob.id).email == "bob@example.com");
  CHECK(clash.created_at == std::nullopt);
}

TEST_CASE("upsert on a composite primary key inserts and then updates", "[runtime]") {
  auto db = rt_test::memory_db();
  rt::Membership m{.org_id = 1, .user_id = 2, .role = "member"};
  db.upsert(m);
  m.role = "owner";
  m.score = 9.0;
  db.upsert(m);
  CHECK(db.select<rt::Membership>().count() == 1);
  auto stored = db.find_or_fail<rt::Membership>(std::int64_t{1}, std::int64_t{2});
  CHECK(stored.role == "owner");
  CHECK(stored.score == 9.0);
}
