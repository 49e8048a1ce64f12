// The SQLite connection's authorizer and hardening (Connection::set_authorizer,
// harden_for_untrusted_sql, set_query_only): what dorm-serve builds its SQL guard on.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <dorm/dorm.hpp>

namespace {

using dorm::sqlite::ActionKind;
using dorm::sqlite::Connection;
using dorm::sqlite::StatementAction;

dorm::Database table_db() {
  auto db = dorm::Database::open(":memory:");
  db.execute_script("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('a')");
  return db;
}

/// A rule refusing every action of `kind`, with `reason`.
Connection::Authorizer refusing(ActionKind kind, std::string reason) {
  return [kind, reason](const StatementAction& action) -> std::optional<std::string> {
    if (action.kind == kind) return reason;
    return std::nullopt;
  };
}

/// The AuthorizationError `run` throws; fails the test when it throws nothing.
template <class F>
dorm::AuthorizationError refusal_of(F&& run) {
  try {
    run();
  } catch (const dorm::AuthorizationError& e) {
    return e;
  }
  FAIL("the statement was not refused");
  return dorm::AuthorizationError("", "", 0, 0, "");
}

}  // namespace

TEST_CASE("a statement the authorizer rule refuses fails with AuthorizationError naming what was refused",
          "[runtime][authorizer]") {
  auto db = table_db();
  db.connection().set_authorizer(refusing(ActionKind::insert, "write to table 'notes'"));
  const auto e = refusal_of([&] { db.execute("INSERT INTO notes (body) VALUES ('b')"); });
  CHECK(e.refused() == "write to table 'notes'");
  CHECK(e.code() == 23);
  CHECK(std::string(e.what()).rfind("[dorm.sqlite.23] refused: write to table 'notes'\n  in: INSERT INTO notes", 0) == 0);
  CHECK(e.sql() == "INSERT INTO notes (body) VALUES ('b')");
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM notes") == 1);
}

TEST_CASE("the authorizer rule sees each action with its object, detail and database by meaning",
          "[runtime][authorizer]") {
  auto db = table_db();
  std::vector<std::string> seen;
  db.connection().set_authorizer([&seen](const StatementAction& action) -> std::optional<std::string> {
    seen.push_back(std::string(dorm::sqlite::sql_name(action.kind)) + ' ' + std::string(action.name) + ' ' +
                   std::string(action.detail) + ' ' + std::string(action.database));
    return std::nullopt;
  });
  db.execute("UPDATE notes SET body = upper(body) WHERE id = 1");
  CHECK(std::find(seen.begin(), seen.end(), "UPDATE notes body main") != seen.end());
  CHECK(std::find(seen.begin(), seen.end(), "read notes id main") != seen.end());
  CHECK(std::find(seen.begin(), seen.end(), "function call upper  ") != seen.end());
  seen.clear();
  db.execute("ALTER TABLE notes ADD COLUMN tag TEXT");
  CHECK(std::find(seen.begin(), seen.end(), "ALTER TABLE notes  main") != seen.end());
  seen.clear();
  db.execute("PRAGMA user_version = 3");
  CHECK(std::find(seen.begin(), seen.end(), "PRAGMA user_version 3 ") != seen.end());
}

TEST_CASE("a statement prepared and cached before the rule is checked again before it next runs",
          "[runtime][authorizer]") {
  auto db = table_db();
  CHECK(db.query<std::string>("SELECT body FROM notes") == std::vector<std::string>{"a"});
  db.connection().set_authorizer(refusing(ActionKind::read, "reading table 'notes'"));
  const auto e = refusal_of([&] { (void)db.query<std::string>("SELECT body FROM notes"); });
  CHECK(e.refused() == "reading table 'notes'");
}

TEST_CASE("an empty rule removes the authorizer", "[runtime][authorizer]") {
  auto db = table_db();
  db.connection().set_authorizer(refusing(ActionKind::insert, "insert"));
  CHECK_THROWS_AS(db.execute("INSERT INTO notes (body) VALUES ('b')"), dorm::AuthorizationError);
  db.connection().set_authorizer({});
  CHECK(db.execute("INSERT INTO notes (body) VALUES ('b')") == 1);
}

TEST_CASE("the connection's own transaction statements are not put to the rule, SQL text is",
          "[runtime][authorizer]") {
  auto db = table_db();
  db.connection().set_authorizer(refusing(ActionKind::transaction, "transaction control"));
  db.transaction([&] { db.execute("INSERT INTO notes (body) VALUES ('b')"); });
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM notes") == 2);
  const auto e = refusal_of([&] { db.execute("BEGIN"); });
  CHECK(e.refused() == "transaction control");
  CHECK_FALSE(db.connection().in_transaction());
}

TEST_CASE("a rule that throws refuses the statement and says the rule failed", "[runtime][authorizer]") {
  auto db = table_db();
  db.connection().set_authorizer([](const StatementAction&) -> std::optional<std::string> {
    throw std::runtime_error("policy table missing");
  });
  const auto e = refusal_of([&] { (void)db.query<std::string>("SELECT body FROM notes"); });
  CHECK(e.refused() == "the authorizer rule failed: policy table missing");
}

TEST_CASE("a script statement the rule refuses reports the refusal as its message", "[runtime][authorizer]") {
  auto db = table_db();
  db.connection().set_authorizer(refusing(ActionKind::drop_table, "DROP TABLE notes"));
  const dorm::ScriptStatement outcome = db.connection().run_first("DROP TABLE notes; SELECT 1");
  CHECK(outcome.failed);
  CHECK(outcome.code == 23);
  CHECK(outcome.message == "refused: DROP TABLE notes");
  const auto e = refusal_of([&] { db.execute_script("DROP TABLE notes"); });
  CHECK(e.refused() == "DROP TABLE notes");
}

TEST_CASE("each action kind has an SQL name for messages", "[runtime][authorizer]") {
  CHECK(dorm::sqlite::sql_name(ActionKind::attach) == "ATTACH");
  CHECK(dorm::sqlite::sql_name(ActionKind::create_table) == "CREATE TABLE");
  CHECK(dorm::sqlite::sql_name(ActionKind::function) == "function call");
  CHECK(dorm::sqlite::sql_name(ActionKind::other) == "unknown action");
}

TEST_CASE("a hardened connection cannot attach a database or load an extension", "[runtime][authorizer]") {
  auto db = table_db();
  db.connection().harden_for_untrusted_sql();
  try {
    db.execute("ATTACH DATABASE ':memory:' AS other");
    FAIL("ATTACH ran");
  } catch (const dorm::SqliteError& e) {
    CHECK_THAT(e.what(), Catch::Contains("too many attached databases - max 0"));
  }
  try {
    (void)db.query_value<std::int64_t>("SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6')");
    FAIL("load_extension ran");
  } catch (const dorm::SqliteError& e) {
    CHECK_THAT(e.what(), Catch::Contains("not authorized"));
  }
}

TEST_CASE("a hardened connection refuses writing the schema table and the pointer form of fts3_tokenizer",
          "[runtime][authorizer]") {
  auto db = table_db();
  db.connection().harden_for_untrusted_sql();
  db.execute("PRAGMA writable_schema = ON");
  CHECK_THROWS_AS(db.execute("UPDATE sqlite_schema SET sql = 'CREATE TABLE notes (x)' WHERE name = 'notes'"),
                  dorm::SqliteError);
  CHECK(db.query_value<std::string>("SELECT sql FROM sqlite_schema WHERE name = 'notes'") ==
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
  db.execute("PRAGMA writable_schema = OFF");
  try {
    (void)db.query_value<std::string>("SELECT fts3_tokenizer('simple', x'0000000000000000')");
    FAIL("fts3_tokenizer took a pointer");
  } catch (const dorm::SqliteError& e) {
    CHECK_THAT(e.what(), Catch::Contains("fts3tokenize disabled"));
  }
  CHECK(db.query_value<std::int64_t>("PRAGMA trusted_schema") == 0);
}

TEST_CASE("query_only refuses every write until it is turned off", "[runtime][authorizer]") {
  auto db = table_db();
  CHECK_FALSE(db.connection().query_only());
  db.connection().set_authorizer([](const StatementAction& action) -> std::optional<std::string> {
    if (action.kind == ActionKind::pragma) return "PRAGMA";
    return std::nullopt;
  });
  db.connection().set_query_only(true);
  CHECK(db.connection().query_only());
  try {
    db.execute("INSERT INTO notes (body) VALUES ('b')");
    FAIL("the write ran");
  } catch (const dorm::SqliteError& e) {
    CHECK(e.code() == 8);
  }
  db.connection().set_query_only(false);
  CHECK(db.execute("INSERT INTO notes (body) VALUES ('b')") == 1);
}

TEST_CASE("a function call the rule refuses fails with AuthorizationError as a refused statement does",
          "[runtime][authorizer]") {
  auto db = table_db();
  db.connection().set_authorizer([](const StatementAction& action) -> std::optional<std::string> {
    if (action.kind == ActionKind::function && action.name == "upper") return "upper()";
    return std::nullopt;
  });
  const auto e = refusal_of([&] { (void)db.query<std::string>("SELECT upper(body) FROM notes"); });
  CHECK(e.refused() == "upper()");
  CHECK(e.code() == 23);
  CHECK(std::string(e.what()).rfind("[dorm.sqlite.23] refused: upper()", 0) == 0);
  const dorm::ScriptStatement outcome = db.connection().run_first("SELECT upper(body) FROM notes");
  CHECK(outcome.code == 23);
  CHECK(outcome.message == "refused: upper()");
  // An ordinary error after a refusal is reported as itself.
  CHECK_THROWS_WITH(db.execute("SELECT missing FROM notes"), Catch::StartsWith("[dorm.sqlite.1] no such column: missing"));
}
