// dorm::server::SqlGuard and sql_refusal: a token's rights applied to the connection running
// its SQL. Every refusal goes through the public API and names what was refused.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <dorm/dorm.hpp>
#include <dorm/server/sql_guard.hpp>
#include <dorm/server/sql_policy.hpp>

#include "../temp_dir.hpp"

namespace {

using dorm::server::Rights;
using dorm::server::SqlGuard;

dorm::Database users_db(const std::string& path = ":memory:") {
  auto db = dorm::Database::open(path);
  db.execute_script(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
      "CREATE TABLE audit (user_id INTEGER, note TEXT);"
      "INSERT INTO users (name) VALUES ('ada'), ('bob');");
  return db;
}

/// What the statement `run` runs was refused for (AuthorizationError::refused()); fails the
/// test when it was not refused.
template <class F>
std::string refused(F&& run) {
  try {
    run();
  } catch (const dorm::AuthorizationError& e) {
    CHECK(std::string(e.what()).rfind("[dorm.sqlite.23] refused: " + e.refused(), 0) == 0);
    return e.refused();
  }
  FAIL("the statement was not refused");
  return {};
}

std::int64_t count_users(dorm::Database& db) { return *db.query_value<std::int64_t>("SELECT count(*) FROM users"); }

}  // namespace

TEST_CASE("a read-only token reads rows and the schema", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  guard.apply(Rights::read_only);
  CHECK(count_users(db) == 2);
  CHECK(db.query<std::string>("SELECT name FROM users ORDER BY id") == std::vector<std::string>{"ada", "bob"});
  CHECK(db.query<std::string>("SELECT name FROM pragma_table_info('users') ORDER BY cid") ==
        std::vector<std::string>{"id", "name"});
  CHECK(db.query_value<std::int64_t>("PRAGMA user_version") == 0);
  CHECK(db.query_value<std::string>("PRAGMA journal_mode") == "memory");
  CHECK(db.query_value<std::int64_t>("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) "
                                     "SELECT sum(x) FROM n") == 15);
  CHECK(db.connection().query_only());
}

TEST_CASE("a read-only token cannot write rows, also through a CTE or with RETURNING", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  guard.apply(Rights::read_only);
  const std::string expected = "write to table 'users' with a read-only token";
  CHECK(refused([&] { db.execute("INSERT INTO users (name) VALUES ('eve')"); }) == expected);
  CHECK(refused([&] { db.execute("UPDATE users SET name = 'eve'"); }) == expected);
  CHECK(refused([&] { db.execute("DELETE FROM users"); }) == expected);
  CHECK(refused([&] { db.execute("WITH n(name) AS (SELECT 'eve') INSERT INTO users (name) SELECT name FROM n"); }) ==
        expected);
  CHECK(refused([&] { (void)db.query<std::int64_t>("INSERT INTO users (name) VALUES ('eve') RETURNING id"); }) ==
        expected);
  CHECK(refused([&] { db.execute("REPLACE INTO users (id, name) VALUES (1, 'eve')"); }) == expected);
  CHECK(count_users(db) == 2);
}

TEST_CASE("a read-only token cannot write through pragmas or change the schema", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  guard.apply(Rights::read_only);
  CHECK(refused([&] { db.execute("PRAGMA user_version = 1"); }) ==
        "PRAGMA user_version = 1 needs an admin token, not a read-only one");
  CHECK(refused([&] { db.execute("PRAGMA main.journal_mode = delete"); }) ==
        "PRAGMA journal_mode = delete needs an admin token, not a read-only one");
  CHECK(refused([&] { db.execute("PRAGMA defer_foreign_keys = 1"); }) ==
        "PRAGMA defer_foreign_keys = 1 with a read-only token");
  CHECK(refused([&] { db.execute("CREATE TABLE x (a)"); }) == "CREATE TABLE 'x' needs an admin token, not a read-only one");
  CHECK(refused([&] { db.execute("DROP TABLE users"); }) == "DROP TABLE 'users' needs an admin token, not a read-only one");
  CHECK(refused([&] { db.execute("ALTER TABLE users ADD COLUMN age INTEGER"); }) ==
        "ALTER TABLE 'users' needs an admin token, not a read-only one");
  CHECK(refused([&] { db.execute("CREATE INDEX users_name ON users (name)"); }) ==
        "CREATE INDEX 'users_name' needs an admin token, not a read-only one");
  // ANALYZE creates sqlite_stat1 first: "CREATE TABLE 'sqlite_stat1' needs ...", later "ANALYZE 'users' needs ...".
  CHECK_THAT(refused([&] { db.execute("ANALYZE"); }), Catch::EndsWith("needs an admin token, not a read-only one"));
  CHECK(db.query_value<std::int64_t>("PRAGMA user_version") == 0);
}

TEST_CASE("query_only stops a read-only token's write even where the rule would let it through", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  guard.apply(Rights::read_only);
  // Writing the schema table is left to the CREATE that does it; query_only stops it as well.
  try {
    db.execute("INSERT INTO sqlite_schema VALUES ('table', 't', 't', 0, 'CREATE TABLE t (a)')");
    FAIL("the schema table was written");
  } catch (const dorm::SqliteError& e) {
    CHECK(e.code() != 0);
  }
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE name = 't'") == 0);
}

TEST_CASE("a read-write token writes rows but changes neither the schema nor the settings", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  guard.apply(Rights::read_write);
  CHECK_FALSE(db.connection().query_only());
  CHECK(db.execute("INSERT INTO users (name) VALUES ('eve')") == 1);
  CHECK(db.query<std::int64_t>("UPDATE users SET name = upper(name) WHERE name = 'eve' RETURNING id").size() == 1);
  CHECK(db.execute("DELETE FROM users WHERE name = 'EVE'") == 1);
  CHECK(db.execute("WITH n(name) AS (SELECT 'fay') INSERT INTO users (name) SELECT name FROM n") == 1);
  db.execute("PRAGMA defer_foreign_keys = 1");
  CHECK(refused([&] { db.execute("CREATE TABLE x (a)"); }) ==
        "CREATE TABLE 'x' needs an admin token, not a read-write one");
  CHECK(refused([&] { db.execute("CREATE TRIGGER t AFTER INSERT ON users BEGIN SELECT 1; END"); }) ==
        "CREATE TRIGGER 't' needs an admin token, not a read-write one");
  CHECK(refused([&] { db.execute("DROP TABLE audit"); }) == "DROP TABLE 'audit' needs an admin token, not a read-write one");
  CHECK(refused([&] { db.execute("PRAGMA user_version = 2"); }) ==
        "PRAGMA user_version = 2 needs an admin token, not a read-write one");
  CHECK(refused([&] { (void)db.query<std::string>("PRAGMA database_list"); }) ==
        "PRAGMA database_list needs an admin token, not a read-write one (it shows the server's file paths)");
  CHECK(count_users(db) == 3);
}

TEST_CASE("an admin token changes the schema and the database's settings", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  guard.apply(Rights::admin);
  db.execute("CREATE TABLE x (a)");
  db.execute("ALTER TABLE x ADD COLUMN b");
  db.execute("CREATE INDEX x_a ON x (a)");
  db.execute("CREATE TRIGGER users_audit AFTER INSERT ON users BEGIN INSERT INTO audit VALUES (new.id, 'new'); END");
  db.execute("INSERT INTO users (name) VALUES ('eve')");
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM audit") == 1);
  db.execute("DROP TABLE x");
  db.execute("PRAGMA user_version = 5");
  CHECK(db.query_value<std::int64_t>("PRAGMA user_version") == 5);
  CHECK(db.query<std::string>("SELECT name FROM pragma_database_list").size() == 1);
}

TEST_CASE("no token, admin included, attaches, detaches or vacuums into another file", "[server][guard]") {
  const dorm_test::TempDir dir("dorm_guard");
  auto db = users_db(dir.file("app.db"));
  SqlGuard guard(db.connection());
  for (Rights rights : {Rights::read_only, Rights::read_write, Rights::admin}) {
    guard.apply(rights);
    const std::string other = dir.file("other.db");
    CHECK(refused([&] { db.execute("ATTACH DATABASE '" + other + "' AS other"); }) ==
          "ATTACH or VACUUM INTO of '" + other + "': SQL over HTTP cannot reach another database file");
    CHECK(refused([&] { db.execute("VACUUM INTO '" + other + "'"); }) ==
          "ATTACH or VACUUM INTO of '" + other + "': SQL over HTTP cannot reach another database file");
    CHECK(refused([&] { db.execute("VACUUM"); }) == "ATTACH of a temporary database (or VACUUM)");
    CHECK(refused([&] { db.execute("DETACH DATABASE other"); }) == "DETACH 'other'");
    CHECK_FALSE(std::filesystem::exists(other));
  }
}

TEST_CASE("no token loads an extension or calls a function that reaches files", "[server][guard]") {
  auto db = users_db();
  // This SQLite build has no readfile(); a build (or a program) that adds one is covered too.
  db.connection().create_function("readfile", 1, false, [](std::span<const dorm::sqlite::Value>) {
    return dorm::sqlite::Connection::FunctionResult(std::string("secret bytes"));
  });
  SqlGuard guard(db.connection());
  for (Rights rights : {Rights::read_only, Rights::read_write, Rights::admin}) {
    guard.apply(rights);
    CHECK(refused([&] { (void)db.query_value<std::int64_t>("SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6')"); }) ==
          "load_extension(): SQL over HTTP cannot load code or reach files");
    CHECK(refused([&] { (void)db.query_value<std::string>("SELECT readfile('/etc/passwd')"); }) ==
          "readfile(): SQL over HTTP cannot load code or reach files");
    CHECK(refused([&] { (void)db.query_value<std::string>("SELECT fts3_tokenizer('simple')"); }) ==
          "fts3_tokenizer(): SQL over HTTP cannot load code or reach files");
  }
}

TEST_CASE("no token writes the schema, reads other requests' SQL or changes the shared connection", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  for (Rights rights : {Rights::read_only, Rights::read_write, Rights::admin}) {
    guard.apply(rights);
    CHECK(refused([&] { db.execute("PRAGMA writable_schema = 1"); }) == "PRAGMA writable_schema");
    CHECK(refused([&] { (void)db.query<std::int64_t>("PRAGMA writable_schema"); }) == "PRAGMA writable_schema");
    CHECK(refused([&] { (void)db.query<std::string>("SELECT sql FROM sqlite_stmt"); }) ==
          "table 'sqlite_stmt' (it shows other requests' SQL)");
    CHECK(refused([&] { (void)db.query<std::int64_t>("SELECT count(*) FROM sqlite_stmt"); }) ==
          "table 'sqlite_stmt' (it shows other requests' SQL)");
    CHECK(refused([&] { db.execute("PRAGMA query_only = 0"); }) ==
          "PRAGMA query_only = 0: it would change the server's connection for the requests after this one");
    CHECK(refused([&] { db.execute("PRAGMA trusted_schema = 1"); }) ==
          "PRAGMA trusted_schema = 1: it would change the server's connection for the requests after this one");
    CHECK(refused([&] { db.execute("PRAGMA foreign_keys = OFF"); }) ==
          "PRAGMA foreign_keys = OFF: it would change the server's connection for the requests after this one");
    CHECK(refused([&] { db.execute("CREATE TEMP TABLE scratch (a)"); }) ==
          "CREATE TEMP TABLE 'scratch': temporary objects would outlive the request on the server's shared connection");
    CHECK(refused([&] { db.execute("CREATE TEMP VIEW v AS SELECT 1"); }) ==
          "CREATE TEMP VIEW 'v': temporary objects would outlive the request on the server's shared connection");
    CHECK(db.connection().query_only() == (rights == Rights::read_only));
  }
  CHECK(db.query_value<std::int64_t>("PRAGMA foreign_keys") == 1);
}

TEST_CASE("the guard leaves transaction statements to the server, and the server's own transaction runs",
          "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  guard.apply(Rights::read_write);
  db.execute("SAVEPOINT s1");
  db.execute("RELEASE s1");
  db.execute("BEGIN");
  CHECK(db.connection().in_transaction());
  db.execute("ROLLBACK");
  db.transaction([&] { db.execute("INSERT INTO users (name) VALUES ('eve')"); });
  CHECK(count_users(db) == 3);
  CHECK_THROWS_AS(db.transaction([&] {
    db.execute("INSERT INTO users (name) VALUES ('fay')");
    db.execute("INSERT INTO users (id, name) VALUES (1, 'dup')");
  }),
                  dorm::ConstraintError);
  CHECK(count_users(db) == 3);
}

TEST_CASE("a statement an admin ran is checked again before a read-only token runs it", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  guard.apply(Rights::admin);
  CHECK(db.execute("UPDATE users SET name = name || '!' WHERE id = 1") == 1);
  guard.apply(Rights::read_only);
  CHECK(guard.rights() == Rights::read_only);
  CHECK(refused([&] { db.execute("UPDATE users SET name = name || '!' WHERE id = 1"); }) ==
        "write to table 'users' with a read-only token");
  guard.apply(Rights::read_write);
  CHECK(db.execute("UPDATE users SET name = name || '!' WHERE id = 1") == 1);
  CHECK(db.query_value<std::string>("SELECT name FROM users WHERE id = 1") == "ada!!");
}

TEST_CASE("a new guard hardens its connection and starts read-only", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  CHECK(guard.rights() == Rights::read_only);
  CHECK(db.connection().query_only());
  CHECK(db.query_value<std::int64_t>("PRAGMA trusted_schema") == 0);
  CHECK(refused([&] { db.execute("DELETE FROM users"); }) == "write to table 'users' with a read-only token");
}

TEST_CASE("the policy refuses raw-page tables and modules, and actions it does not know, for every token",
          "[server][guard]") {
  using dorm::sqlite::ActionKind;
  using dorm::sqlite::StatementAction;
  for (Rights rights : {Rights::read_only, Rights::read_write, Rights::admin}) {
    CHECK(dorm::server::sql_refusal(StatementAction{ActionKind::read, "sqlite_dbpage", "data", "main", ""}, rights) ==
          "table 'sqlite_dbpage' (raw database pages or files)");
    CHECK(dorm::server::sql_refusal(StatementAction{ActionKind::update, "sqlite_dbpage", "data", "main", ""}, rights) ==
          "table 'sqlite_dbpage' (raw database pages or files)");
    CHECK(dorm::server::sql_refusal(StatementAction{ActionKind::create_vtable, "pages", "sqlite_dbpage", "main", ""},
                                    rights) == "virtual table module 'sqlite_dbpage' (it reaches files or raw pages)");
    CHECK(dorm::server::sql_refusal(StatementAction{ActionKind::function, "WriteFile", "", "", ""}, rights) ==
          "WriteFile(): SQL over HTTP cannot load code or reach files");
    CHECK(dorm::server::sql_refusal(StatementAction{ActionKind::other, "", "", "", ""}, rights) ==
          "an action this server does not know");
  }
}

TEST_CASE("no token sets a pragma of the shared connection or the process", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection());
  guard.apply(Rights::admin);
  for (const char* pragma : {"recursive_triggers = 1", "cache_size = -1000000", "mmap_size = 1000000",
                             "temp_store_directory = '/tmp'", "locking_mode = exclusive", "busy_timeout = 0",
                             "synchronous = OFF", "ignore_check_constraints = 1", "schema_version = 7",
                             "soft_heap_limit = 1", "hard_heap_limit = 1", "threads = 4", "case_sensitive_like = 1"}) {
    INFO(pragma);
    const std::string refusal = refused([&] { db.execute(std::string("PRAGMA ") + pragma); });
    CHECK_THAT(refusal, Catch::EndsWith(": it would change the server's connection for the requests after this one"));
  }
  // Reading them is fine.
  CHECK(db.query_value<std::int64_t>("PRAGMA recursive_triggers") == 0);
}

TEST_CASE("lift takes the rights off the connection and apply puts them back", "[server][guard]") {
  auto db = users_db();
  SqlGuard guard(db.connection(), Rights::read_only);
  CHECK(refused([&] { db.execute("DELETE FROM users WHERE id = 2"); }) == "write to table 'users' with a read-only token");
  guard.lift();
  CHECK_FALSE(db.connection().query_only());
  CHECK(db.execute("DELETE FROM users WHERE id = 2") == 1);
  guard.apply(Rights::read_only);
  CHECK(db.connection().query_only());
  CHECK(refused([&] { db.execute("DELETE FROM users WHERE id = 1"); }) == "write to table 'users' with a read-only token");
  CHECK(count_users(db) == 1);
}
