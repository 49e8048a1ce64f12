// The errors dorm throws: their classes, codes, ids, messages, and the state they leave behind.
#include <catch2/catch.hpp>

#include <limits>

#include "support.hpp"

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using rt_test::make_user;

namespace {

/// A database whose "users" table was made by hand with the generated name and column
/// names but loose types, as an old or foreign database might have it.
dorm::Database hand_made_users_db() {
  auto db = dorm::Database::open(":memory:");
  db.execute_script(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, email, name, bio, age, active, created_at)");
  return db;
}

}  // namespace

TEST_CASE("a unique violation is a ConstraintError of kind unique naming the column", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("dup");
  db.insert(ann);
  auto again = make_user("dup");
  try {
    db.insert(again);
    FAIL("duplicate email inserted");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::unique);
    CHECK(e.code() == SQLITE_CONSTRAINT);
    CHECK(e.extended_code() == SQLITE_CONSTRAINT_UNIQUE);
    CHECK_THAT(e.what(), StartsWith("[dorm.sqlite.2067] UNIQUE constraint failed: users.email"));
    CHECK_THAT(e.sql(), StartsWith("INSERT INTO \"users\""));
    CHECK_THAT(e.what(), Contains(e.sql()));
    // Bound values stay out of messages.
    CHECK_THAT(e.what(), !Contains("dup@example.com"));
  }
}

TEST_CASE("a failed insert leaves the database and the row unchanged and the next insert works", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  auto again = make_user("ann");
  CHECK_THROWS_AS(db.insert(again), dorm::ConstraintError);
  CHECK(again.id == 0);
  CHECK_FALSE(again.created_at.has_value());
  CHECK(db.select<rt::User>().count() == 1);
  CHECK(db.find_or_fail<rt::User>(ann.id).name == "ann");
  CHECK(sqlite3_get_autocommit(dorm::sqlite::handle(db)) != 0);

  auto bob = make_user("bob");
  db.insert(bob);
  CHECK(bob.id == 2);
}

TEST_CASE("a NOT NULL violation is a ConstraintError of kind not_null", "[runtime]") {
  auto db = rt_test::memory_db();
  try {
    db.execute("INSERT INTO users (email, name) VALUES (?, ?)", "a@example.com", std::nullopt);
    FAIL("NULL name inserted");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::not_null);
    CHECK(e.extended_code() == SQLITE_CONSTRAINT_NOTNULL);
    CHECK_THAT(e.what(), StartsWith("[dorm.sqlite.1299] NOT NULL constraint failed: users.name"));
  }
  CHECK(db.select<rt::User>().count() == 0);
}

TEST_CASE("updating an SQL-default column to nullopt is a NOT NULL ConstraintError", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  ann.created_at.reset();
  ann.name = "changed";
  try {
    db.update(ann);
    FAIL("NULL created_at written");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::not_null);
    CHECK_THAT(e.what(), Contains("users.created_at"));
  }
  CHECK(db.find_or_fail<rt::User>(ann.id).name == "ann");
}

TEST_CASE("a foreign key violation is a ConstraintError of kind foreign_key", "[runtime]") {
  auto db = rt_test::memory_db();
  rt::Post orphan{.author_id = 12345, .title = "orphan"};
  try {
    db.insert(orphan);
    FAIL("post with a missing author inserted");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::foreign_key);
    CHECK(e.extended_code() == SQLITE_CONSTRAINT_FOREIGNKEY);
    CHECK_THAT(e.what(), StartsWith("[dorm.sqlite.787] FOREIGN KEY constraint failed"));
  }
  CHECK(orphan.id == 0);
  CHECK(db.select<rt::Post>().count() == 0);
}

TEST_CASE("a foreign key violation found when an insert commits is reported, not dropped", "[runtime]") {
  // With deferred foreign keys the check runs at commit, after INSERT ... RETURNING has
  // returned its row: the insert has to run to its end for the error to surface.
  auto db = rt_test::memory_db();
  db.execute("PRAGMA defer_foreign_keys = ON");
  rt::Post orphan{.author_id = 999, .title = "orphan"};
  try {
    db.insert(orphan);
    FAIL("post with a missing author inserted");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::foreign_key);
  }
  CHECK(orphan.id == 0);
  CHECK_FALSE(orphan.created_at.has_value());
  CHECK(db.select<rt::Post>().count() == 0);
}

TEST_CASE("every dorm error is a dorm::Error and SQLite's are SqliteErrors", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  auto again = make_user("ann");
  CHECK_THROWS_AS(db.insert(again), dorm::SqliteError);
  CHECK_THROWS_AS(db.insert(again), dorm::Error);
  CHECK_THROWS_AS(db.insert(again), std::runtime_error);
  CHECK_THROWS_AS(db.find_or_fail<rt::User>(99), dorm::Error);
  CHECK_THROWS_AS(db.execute("SELECT ?"), dorm::Error);
}

TEST_CASE("an SQL syntax error is a SqliteError with the SQL and a caret under the failing token", "[runtime]") {
  auto db = rt_test::memory_db();
  const std::string sql = "SELECT * FROM users WHERE id = = 1";
  try {
    db.execute(sql);
    FAIL("bad SQL ran");
  } catch (const dorm::ConstraintError&) {
    FAIL("a syntax error is not a constraint error");
  } catch (const dorm::SqliteError& e) {
    CHECK(e.code() == SQLITE_ERROR);
    CHECK(e.sql() == sql);
    const std::string expected = "[dorm.sqlite.1] near \"=\": syntax error\n"
                                 "  in: " + sql + "\n"
                                 "      " + std::string(sql.find("= =") + 2, ' ') + "^";
    CHECK(std::string(e.what()) == expected);
  }
}

TEST_CASE("an unknown table is a SqliteError naming it", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK_THROWS_WITH(db.query<std::int64_t>("SELECT id FROM nope"),
                    StartsWith("[dorm.sqlite.1] no such table: nope"));
}

TEST_CASE("several statements in one execute are a MisuseError and none of them runs", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  CHECK_THROWS_AS(db.execute("DELETE FROM users; DELETE FROM posts"), dorm::MisuseError);
  CHECK_THROWS_WITH(db.execute("UPDATE users SET name = 'x'; SELECT 1"),
                    StartsWith("[dorm.misuse.multiple_statements]"));
  CHECK_THROWS_AS(db.query<std::int64_t>("SELECT 1; SELECT 2"), dorm::MisuseError);
  CHECK(db.find_or_fail<rt::User>(ann.id).name == "ann");
  // A trailing semicolon and comments are one statement.
  CHECK(db.execute("UPDATE users SET name = 'x'; -- done\n /* really */ ;") == 1);
}

TEST_CASE("empty SQL is a MisuseError", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK_THROWS_WITH(db.execute("  -- nothing here"), StartsWith("[dorm.misuse.empty_sql]"));
}

TEST_CASE("a wrong number of parameters is a MisuseError saying both counts", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK_THROWS_AS(db.execute("DELETE FROM users WHERE id = ?"), dorm::MisuseError);
  CHECK_THROWS_WITH(db.execute("DELETE FROM users WHERE id = ?", 1, 2),
                    StartsWith("[dorm.misuse.parameter_count] the SQL has 1 parameters but 2 values were given"));
  CHECK_THROWS_AS(db.query<std::int64_t>("SELECT ? + ?", 1), dorm::MisuseError);
  CHECK_THROWS_AS(db.query_value<std::int64_t>("SELECT 1", 1), dorm::MisuseError);
}

TEST_CASE("an unsigned value beyond SQLite's integer range is refused", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK_THROWS_WITH(db.execute("SELECT ?", std::numeric_limits<std::uint64_t>::max()),
                    StartsWith("[dorm.bind.range]"));
  CHECK(db.query_value<std::int64_t>("SELECT ?", std::uint64_t{1} << 62) == std::int64_t{1} << 62);
}

TEST_CASE("TEXT in an integer column of a hand-made table is a TypeMismatch naming the column", "[runtime]") {
  auto db = hand_made_users_db();
  db.execute("INSERT INTO users VALUES (1, 'a@example.com', 'ann', NULL, 'old', 1, '2020-01-01')");
  try {
    (void)db.select<rt::User>().all();
    FAIL("TEXT read into an integer");
  } catch (const dorm::TypeMismatch& e) {
    CHECK_THAT(e.what(), StartsWith("[dorm.type_mismatch] column 'users.age' holds TEXT"));
    CHECK_THAT(e.what(), Contains("INTEGER"));
    CHECK_THAT(e.sql(), StartsWith("SELECT \"users\".\"id\""));
  }
  CHECK_THROWS_AS(db.find<rt::User>(1), dorm::TypeMismatch);
  // The failed read left no statement running: the database can still be written.
  CHECK(db.execute("UPDATE users SET age = 40") == 1);
  CHECK(db.find_or_fail<rt::User>(1).age == 40);
}

TEST_CASE("a REAL in an integer column or TEXT in a bool column is a TypeMismatch", "[runtime]") {
  auto db = hand_made_users_db();
  db.execute("INSERT INTO users VALUES (1, 'a@example.com', 'ann', NULL, 1.5, 1, '2020-01-01')");
  CHECK_THROWS_WITH(db.find<rt::User>(1), StartsWith("[dorm.type_mismatch] column 'users.age' holds REAL"));
  db.execute("UPDATE users SET age = 1, active = 'yes'");
  CHECK_THROWS_WITH(db.find<rt::User>(1), StartsWith("[dorm.type_mismatch] column 'users.active' holds TEXT"));
}

TEST_CASE("NULL in a non-optional member is a TypeMismatch that suggests a nullable column", "[runtime]") {
  auto db = hand_made_users_db();
  db.execute("INSERT INTO users VALUES (1, 'a@example.com', NULL, NULL, NULL, 1, '2020-01-01')");
  try {
    (void)db.select<rt::User>().first();
    FAIL("NULL read into std::string");
  } catch (const dorm::TypeMismatch& e) {
    CHECK_THAT(e.what(), StartsWith("[dorm.type_mismatch] column 'users.name' holds NULL but the C++ member "
                                    "expects TEXT"));
    CHECK_THAT(e.what(), Contains("(row id = 1; declare the column nullable to read NULL as std::nullopt)"));
  }
}

TEST_CASE("a type mismatch while streaming stops the cursor with TypeMismatch", "[runtime]") {
  auto db = hand_made_users_db();
  db.execute("INSERT INTO users VALUES (1, 'a@example.com', 'ann', NULL, 1, 1, 'x')");
  db.execute("INSERT INTO users VALUES (2, 'b@example.com', 'bob', NULL, 'two', 1, 'x')");
  std::vector<std::string> seen;
  auto read_all = [&] {
    for (const auto& u : db.select<rt::User>().order_by(rt::users.id).cursor()) seen.push_back(u.name);
  };
  CHECK_THROWS_AS(read_all(), dorm::TypeMismatch);
  CHECK(seen == std::vector<std::string>{"ann"});
  CHECK(rt_test::running_statements(db) == 0);
}

TEST_CASE("raw queries report type mismatches too", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK_THROWS_AS(db.query<std::int64_t>("SELECT 'x'"), dorm::TypeMismatch);
  CHECK_THROWS_AS(db.query_value<std::int64_t>("SELECT NULL"), dorm::TypeMismatch);
  CHECK_THROWS_AS(db.query_value<std::string>("SELECT x'00'"), dorm::TypeMismatch);
  CHECK_THROWS_AS((db.query<std::tuple<std::int64_t, std::string>>("SELECT 1, x'02'")), dorm::TypeMismatch);
  // A number read into a string is SQLite's text of it (a column whose affinity is not TEXT
  // stores number-like text as a number): no mismatch.
  CHECK(db.query_value<std::string>("SELECT 2") == "2");
  CHECK(db.query_value<std::string>("SELECT 1.5") == "1.5");
}

TEST_CASE("a hand-made row's TypeMismatch names the table, the column, the row's key and the stored type", "[runtime]") {
  auto db = rt_test::memory_db();
  db.execute("INSERT INTO legacy_values (id, price, tags) VALUES (7, 'twelve', '[]')");
  CHECK_THROWS_WITH(db.find<rt::LegacyValue>(7),
                    "[dorm.type_mismatch] column 'legacy_values.price' holds TEXT but the C++ member expects REAL "
                    "(row id = 7)");
  db.execute("UPDATE legacy_values SET price = NULL, taken_at = x'00ff'");
  CHECK_THROWS_WITH(db.select<rt::LegacyValue>().all(),
                    "[dorm.type_mismatch] column 'legacy_values.taken_at' holds BLOB but the C++ member expects TEXT "
                    "(row id = 7)");
  // A query that does not select the key cannot name the row.
  CHECK_THROWS_WITH(db.query_value<std::string>("SELECT taken_at FROM legacy_values"),
                    "[dorm.type_mismatch] column 'legacy_values.taken_at' holds BLOB but the C++ member expects TEXT");
  // A composite key, and text in a key column.
  db.execute("INSERT INTO memberships (org_id, user_id, role, score) VALUES (3, 4, 'member', 'high')");
  CHECK_THROWS_WITH(db.select<rt::Membership>().all(),
                    "[dorm.type_mismatch] column 'memberships.score' holds TEXT but the C++ member expects REAL "
                    "(row org_id = 3, user_id = 4)");
  db.execute("UPDATE memberships SET user_id = 'it''s', score = 1");
  CHECK_THROWS_WITH(db.select<rt::Membership>().all(),
                    "[dorm.type_mismatch] column 'memberships.user_id' holds TEXT but the C++ member expects INTEGER "
                    "(row org_id = 3, user_id = 'it''s')");
}

TEST_CASE("a write while another connection holds the write lock is a BusyError", "[runtime]") {
  rt_test::TempDir dir;
  const auto path = dir.file("busy.db");
  auto holder = dorm::Database::open(path);
  rt::migrate(holder);
  dorm::OpenOptions impatient;
  impatient.busy_timeout = 0ms;
  auto other = dorm::Database::open(path, impatient);

  dorm::Transaction tx(holder);
  auto ann = make_user("ann");
  holder.insert(ann);
  auto bob = make_user("bob");
  try {
    other.insert(bob);
    FAIL("write through a locked database");
  } catch (const dorm::BusyError& e) {
    CHECK(e.code() == SQLITE_BUSY);
    CHECK_THAT(e.what(), StartsWith("[dorm.sqlite.5] database is locked"));
  }
  CHECK(bob.id == 0);
  tx.commit();

  other.insert(bob);  // the lock is gone
  CHECK(bob.id == 2);
  CHECK(holder.select<rt::User>().count() == 2);
}

TEST_CASE("a busy timeout waits for the lock instead of failing at once", "[runtime]") {
  rt_test::TempDir dir;
  const auto path = dir.file("busy.db");
  auto holder = dorm::Database::open(path);
  rt::migrate(holder);
  dorm::OpenOptions patient;
  patient.busy_timeout = 200ms;
  auto other = dorm::Database::open(path, patient);
  dorm::Transaction tx(holder);
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(other.execute("DELETE FROM users"), dorm::BusyError);
  CHECK(std::chrono::steady_clock::now() - start >= 150ms);
}
