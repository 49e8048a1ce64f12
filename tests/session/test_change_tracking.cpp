// Change tracking of dorm::Session: flush() writes only the changed columns of the changed
// rows, batches rows with the same changed columns, and does nothing when nothing changed.
#include <catch2/catch.hpp>

#include "session_support.hpp"

using session_test::StatementLog;

namespace {

std::vector<rt::User> insert_users(dorm::Database& db, int n) {
  std::vector<rt::User> users;
  for (int i = 0; i < n; ++i) users.push_back(session_test::make_user("u" + std::to_string(i), i));
  db.insert_many(users);
  return users;
}

}  // namespace

TEST_CASE("a flush with no change runs no statement and opens no transaction", "[session][change_tracking]") {
  auto db = session_test::rt_db();
  insert_users(db, 10);
  dorm::Session session(db);
  auto rows = session.select<rt::User>().all();
  REQUIRE(rows.size() == 10);
  StatementLog log(db);

  session.flush();

  CHECK(log.statements.empty());
  CHECK(db.transaction_depth() == 0);
}

TEST_CASE("a flush writes only the changed columns of the changed row", "[session][change_tracking]") {
  auto db = session_test::rt_db();
  auto users = insert_users(db, 3);
  dorm::Session session(db);
  auto rows = session.select<rt::User>().order_by(rt::users.id).all();
  rows[1]->name = "renamed";
  StatementLog log(db);

  session.flush();

  CHECK(log.starting_with("UPDATE") ==
        std::vector<std::string>{R"(UPDATE "users" SET "name" = ?2 WHERE "id" = ?1)"});
  CHECK(log.starting_with("BEGIN").size() == 1);
  CHECK(log.starting_with("COMMIT").size() == 1);
  CHECK(db.find_or_fail<rt::User>(users[1].id).name == "renamed");
  CHECK(db.find_or_fail<rt::User>(users[0].id).name == "u0");
  log.reset();
  session.flush();
  CHECK(log.statements.empty());
}

TEST_CASE("a column set back to its loaded value is not a change", "[session][change_tracking]") {
  auto db = session_test::rt_db();
  auto users = insert_users(db, 1);
  dorm::Session session(db);
  rt::User& user = session.find_or_fail<rt::User>(users[0].id);
  user.name = "temporary";
  user.name = "u0";
  StatementLog log(db);

  session.flush();

  CHECK(log.statements.empty());
}

TEST_CASE("rows with the same changed columns are written by one statement per batch", "[session][change_tracking]") {
  auto db = session_test::rt_db();
  insert_users(db, 250);
  dorm::Session session(db);
  auto rows = session.select<rt::User>().order_by(rt::users.id).all();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i < 230) {
      rows[i]->age = 1000 + static_cast<std::int64_t>(i);
    } else {
      rows[i]->bio = "bio " + std::to_string(i);
      rows[i]->age = std::nullopt;
    }
  }
  StatementLog log(db);

  session.flush();

  const auto updates = log.starting_with("UPDATE");
  // 230 rows changing age: 100 + 100 + 16 + 8 + 4 + 2; 20 changing bio and age: 16 + 4.
  CHECK(updates.size() == 8);
  CHECK(std::count_if(updates.begin(), updates.end(), [](const std::string& sql) {
          return sql.starts_with(R"(UPDATE "users" SET "age" = "v"."column2" FROM (VALUES (?, ?), (?, ?))") &&
                 sql.ends_with(R"() AS "v" WHERE "users"."id" = "v"."column1")");
        }) == 6);
  CHECK(std::count_if(updates.begin(), updates.end(), [](const std::string& sql) {
          return sql.starts_with(R"(UPDATE "users" SET "bio" = "v"."column2", "age" = "v"."column3" FROM)");
        }) == 2);
  const auto stored = db.select<rt::User>().order_by(rt::users.id).all();
  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (i < 230) {
      CHECK(stored[i].age == 1000 + static_cast<std::int64_t>(i));
      CHECK_FALSE(stored[i].bio.has_value());
    } else {
      CHECK(stored[i].bio == "bio " + std::to_string(i));
      CHECK_FALSE(stored[i].age.has_value());
    }
  }
}

TEST_CASE("a row of a composite key table is updated by its whole key", "[session][change_tracking]") {
  auto db = session_test::rt_db();
  rt::Membership a{.org_id = 1, .user_id = 2, .role = "owner"};
  rt::Membership b{.org_id = 1, .user_id = 3, .role = "member"};
  db.insert(a);
  db.insert(b);
  dorm::Session session(db);
  session.find_or_fail<rt::Membership>(1, 2).score = 9.5;
  session.find_or_fail<rt::Membership>(1, 3).score = 7.0;
  StatementLog log(db);

  session.flush();

  CHECK(log.starting_with("UPDATE") ==
        std::vector<std::string>{R"(UPDATE "memberships" SET "score" = "v"."column3" FROM (VALUES (?, ?, ?), (?, ?, ?)) AS "v" WHERE "memberships"."org_id" = "v"."column1" AND "memberships"."user_id" = "v"."column2")"});
  CHECK(db.find_or_fail<rt::Membership>(1, 2).score == 9.5);
  CHECK(db.find_or_fail<rt::Membership>(1, 3).score == 7.0);
}

TEST_CASE("changing the primary key of a managed row is refused at flush", "[session][change_tracking]") {
  auto db = session_test::rt_db();
  auto users = insert_users(db, 1);
  dorm::Session session(db);
  rt::User& user = session.find_or_fail<rt::User>(users[0].id);
  user.id = 999;
  StatementLog log(db);

  CHECK_THROWS_WITH(session.flush(), Catch::Contains("[dorm.session.key_changed]") && Catch::Contains("'users'"));
  CHECK(log.statements.empty());
  CHECK(session.contains(user));
}

TEST_CASE("a flush failing on a constraint writes nothing and leaves the rows dirty", "[session][change_tracking]") {
  auto db = session_test::rt_db();
  auto users = insert_users(db, 2);
  dorm::Session session(db);
  auto rows = session.select<rt::User>().order_by(rt::users.id).all();
  rows[0]->name = "first renamed";
  rows[1]->email = rows[0]->email;  // users.email is UNIQUE

  CHECK_THROWS_AS(session.flush(), dorm::ConstraintError);

  CHECK(db.find_or_fail<rt::User>(users[0].id).name == "u0");
  CHECK(rows[0]->name == "first renamed");
  rows[1]->email = "fixed@example.com";
  session.flush();
  CHECK(db.find_or_fail<rt::User>(users[0].id).name == "first renamed");
  CHECK(db.find_or_fail<rt::User>(users[1].id).email == "fixed@example.com");
}

TEST_CASE("a flush of a row deleted since it was loaded throws NotFound and writes nothing",
          "[session][change_tracking]") {
  auto db = session_test::rt_db();
  auto users = insert_users(db, 2);
  dorm::Session session(db);
  auto rows = session.select<rt::User>().order_by(rt::users.id).all();
  rows[0]->name = "a";
  rows[1]->name = "b";
  db.remove(users[1]);

  CHECK_THROWS_WITH(session.flush(), Catch::Contains("[dorm.not_found]") && Catch::Contains("matched 1 of 2 rows"));
  CHECK(db.find_or_fail<rt::User>(users[0].id).name == "u0");
}
