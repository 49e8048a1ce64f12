// dorm's dqlite client (runtime/src/backends/dqlite/client.hpp) against a real node running in
// this process: handshake, open, prepare, exec, query over several batches, finalize, exec_sql,
// every value type through SQLite and back, and errors mapped to dorm's classes.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "backends/dqlite/client.hpp"
#include "backends/dqlite/error.hpp"
#include "bytes.hpp"
#include "in_process_node.hpp"

using dorm::Milliseconds;
using dorm::StorageClass;
using dorm::dqlite::Client;
using dorm::dqlite::Role;
using dorm::dqlite::Value;
using dqlite_test::InProcessNode;

namespace {

// A single-node cluster with a client of it and "app.db" open.
struct OneNode {
  InProcessNode node{1};
  Client client = dqlite_test::client_once_led(node);
  std::uint32_t db = client.open("app.db");
};

std::int64_t count_rows(Client& client, std::uint32_t db, const std::string& table) {
  auto rows = client.query_sql(db, "SELECT count(*) FROM " + table);
  REQUIRE(rows.next());
  return rows[0].integer();
}

}  // namespace

TEST_CASE("a client shakes hands with a node, which leads its own one-node cluster", "[dqlite][client]") {
  OneNode one;
  CHECK(one.client.address() == one.node.address());
  CHECK(one.client.heartbeat_timeout() > 0);
  const auto leader = one.client.leader();
  REQUIRE(leader);
  CHECK(leader->id == 1);
  CHECK(leader->address == one.node.address());
  const auto members = one.client.cluster();
  REQUIRE(members.size() == 1);
  CHECK(members[0] == dorm::dqlite::NodeInfo{1, one.node.address(), Role::voter});
}

TEST_CASE("prepare, exec with parameters, query and finalize a statement", "[dqlite][client]") {
  OneNode one;
  one.client.exec_sql(one.db, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)");
  const auto insert = one.client.prepare(one.db, "INSERT INTO users (name, score) VALUES (?, ?)");
  CHECK(insert.parameter_count == 2);
  const Value ada[] = {Value::text("ada"), Value::real(9.5)};
  const auto first = one.client.exec(one.db, insert.id, ada);
  CHECK(first.last_insert_id == 1);
  CHECK(first.rows_affected == 1);
  const Value bob[] = {Value::text("bob"), Value::null()};
  CHECK(one.client.exec(one.db, insert.id, bob).last_insert_id == 2);

  const auto select = one.client.prepare(one.db, "SELECT id, name, score FROM users WHERE id >= ? ORDER BY id");
  const Value from[] = {Value::integer(1)};
  auto rows = one.client.query(one.db, select.id, from);
  CHECK(rows.columns() == std::vector<std::string>{"id", "name", "score"});
  REQUIRE(rows.next());
  CHECK(rows[0].integer() == 1);
  CHECK(rows[1].text() == "ada");
  CHECK(rows[2].real() == 9.5);
  REQUIRE(rows.next());
  CHECK(rows[1].text() == "bob");
  CHECK(rows[2].is_null());
  CHECK_FALSE(rows.next());
  CHECK(rows.done());

  one.client.finalize(one.db, insert.id);
  one.client.finalize(one.db, select.id);
  // A finalized id is refused before it is sent: a dqlite 1.11 node would crash on it.
  CHECK_THROWS_WITH(one.client.exec(one.db, insert.id, ada),
                    Catch::StartsWith("[dorm.misuse.dqlite_statement] statement " + std::to_string(insert.id) +
                                      " is not prepared on this connection"));
  CHECK_THROWS_AS(one.client.query(one.db, 999, {}), dorm::MisuseError);
  CHECK_THROWS_AS(one.client.finalize(one.db, select.id), dorm::MisuseError);
  CHECK(one.client.leader());  // and the node still serves
}

TEST_CASE("a query of many rows arrives in several batches and reads whole", "[dqlite][client]") {
  OneNode one;
  one.client.exec_sql(one.db,
                      "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT);"
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                      "INSERT INTO items SELECT i, printf('item %05d', i) FROM n");
  auto rows = one.client.query_sql(one.db, "SELECT id, label FROM items ORDER BY id");
  std::int64_t expected = 1;
  while (rows.next()) {
    REQUIRE(rows[0].integer() == expected);
    char label[16];
    std::snprintf(label, sizeof label, "item %05d", static_cast<int>(expected));
    REQUIRE(rows[1].text() == label);
    ++expected;
  }
  CHECK(expected == 3001);
  CHECK(rows.batches() > 1);
}

TEST_CASE("a result left unread is dropped before the next request, which then works", "[dqlite][client]") {
  OneNode one;
  one.client.exec_sql(one.db,
                      "CREATE TABLE items (id INTEGER PRIMARY KEY);"
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                      "INSERT INTO items SELECT i FROM n");
  auto abandoned = one.client.query_sql(one.db, "SELECT id FROM items ORDER BY id");
  REQUIRE(abandoned.next());
  CHECK(abandoned[0].integer() == 1);
  CHECK(count_rows(one.client, one.db, "items") == 5000);
  // The rows already received stay readable; the batches after them were dropped.
  std::int64_t last = 1;
  CHECK_THROWS_WITH(
      [&] {
        while (abandoned.next()) last = abandoned[0].integer();
      }(),
      Catch::Contains("[dorm.misuse.dqlite_rows] the rows of 'SELECT id FROM items ORDER BY id' were read after"));
  CHECK(last > 1);
  CHECK(last < 5000);
}

TEST_CASE("every value type goes through a node and back", "[dqlite][client]") {
  OneNode one;
  one.client.exec_sql(one.db, "CREATE TABLE v (i INTEGER, r REAL, t TEXT, b BLOB, n TEXT)");
  const auto blob = dqlite_test::bytes({0, 1, 0, 255, 0});
  const std::string long_text(10000, 'x');
  const Value values[] = {Value::integer(std::numeric_limits<std::int64_t>::min()), Value::real(-0.125),
                          Value::text("héllo"), Value::blob(blob), Value::null()};
  const Value max_values[] = {Value::integer(std::numeric_limits<std::int64_t>::max()), Value::real(1e300),
                              Value::text(long_text), Value::blob({}), Value::text("")};
  const auto insert = one.client.prepare(one.db, "INSERT INTO v VALUES (?, ?, ?, ?, ?)");
  one.client.exec(one.db, insert.id, values);
  one.client.exec(one.db, insert.id, max_values);
  auto rows = one.client.query_sql(one.db, "SELECT i, r, t, b, n FROM v ORDER BY rowid");
  REQUIRE(rows.next());
  CHECK(rows[0].integer() == std::numeric_limits<std::int64_t>::min());
  CHECK(rows[1].real() == -0.125);
  CHECK(rows[2].text() == "héllo");
  CHECK(rows[3].storage_class() == StorageClass::blob);
  CHECK(std::vector<std::byte>(rows[3].blob_data(), rows[3].blob_data() + rows[3].size()) == blob);
  CHECK(rows[4].storage_class() == StorageClass::null);
  REQUIRE(rows.next());
  CHECK(rows[0].integer() == std::numeric_limits<std::int64_t>::max());
  CHECK(rows[1].real() == 1e300);
  CHECK(rows[2].text() == long_text);
  CHECK(rows[3].storage_class() == StorageClass::blob);
  CHECK(rows[3].size() == 0);
  CHECK(rows[4].storage_class() == StorageClass::text);
  CHECK(rows[4].text().empty());
  CHECK_FALSE(rows.next());
}

TEST_CASE("a text holding a NUL comes back cut at it, as dqlite 1.11 sends text; as a BLOB whole",
          "[dqlite][client]") {
  OneNode one;
  auto rows = one.client.query_sql(one.db, "SELECT 'ab' || char(0) || 'cd', CAST('ab' || char(0) || 'cd' AS BLOB)");
  REQUIRE(rows.next());
  CHECK(rows[0].text() == "ab");
  CHECK(rows[1].storage_class() == StorageClass::blob);
  CHECK(rows[1].size() == 5);
  const std::string with_nul("ab\0cd", 5);
  const Value parameter[] = {Value::text(with_nul)};
  CHECK_THROWS_AS(one.client.query_sql(one.db, "SELECT ?", parameter), dorm::Error);
  CHECK(count_rows(one.client, one.db, "sqlite_master") == 0);  // the refusal sent nothing
}

TEST_CASE("columns declared DATETIME and BOOLEAN come as dqlite's time and boolean types", "[dqlite][client]") {
  OneNode one;
  one.client.exec_sql(one.db,
                      "CREATE TABLE e (at DATETIME, stamp TIMESTAMP, flag BOOLEAN, missing DATETIME);"
                      "INSERT INTO e VALUES ('2026-12-07 10:00:00', 1700000000, 1, NULL)");
  auto rows = one.client.query_sql(one.db, "SELECT at, stamp, flag, missing FROM e");
  REQUIRE(rows.next());
  CHECK(rows[0].wire_type() == dorm::dqlite::WireType::iso8601);
  CHECK(rows[0].text() == "2026-12-07 10:00:00");
  CHECK(rows[1].wire_type() == dorm::dqlite::WireType::unixtime);
  CHECK(rows[1].integer() == 1700000000);
  CHECK(rows[2].wire_type() == dorm::dqlite::WireType::boolean);
  CHECK(rows[2].integer() == 1);
  CHECK(rows[3].is_null());
}

TEST_CASE("exec_sql runs every statement of a script and query_sql takes parameters", "[dqlite][client]") {
  OneNode one;
  const auto result = one.client.exec_sql(one.db, "CREATE TABLE t (x); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)");
  CHECK(result.last_insert_id == 2);
  const Value two[] = {Value::integer(2)};
  auto rows = one.client.query_sql(one.db, "SELECT x FROM t WHERE x = ?", two);
  REQUIRE(rows.next());
  CHECK(rows[0].integer() == 2);
  CHECK_FALSE(rows.next());
  const Value three[] = {Value::integer(3)};
  CHECK(one.client.exec_sql(one.db, "INSERT INTO t VALUES (?)", three).rows_affected == 1);
  CHECK(count_rows(one.client, one.db, "t") == 3);
}

TEST_CASE("a SQL error from the node is the dorm error SQLite's engine throws", "[dqlite][client]") {
  OneNode one;
  CHECK_THROWS_MATCHES(one.client.prepare(one.db, "SELEC 1"), dorm::SqliteError,
                       Catch::Message("[dorm.sqlite.1] near \"SELEC\": syntax error\n  in: SELEC 1"));
  one.client.exec_sql(one.db, "CREATE TABLE users (email TEXT UNIQUE NOT NULL)");
  const auto insert = one.client.prepare(one.db, "INSERT INTO users (email) VALUES (?)");
  const Value email[] = {Value::text("a@example.com")};
  one.client.exec(one.db, insert.id, email);
  try {
    one.client.exec(one.db, insert.id, email);
    FAIL("a duplicate was accepted");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::unique);
    CHECK(e.extended_code() == 2067);
    CHECK(e.sql() == "INSERT INTO users (email) VALUES (?)");
    CHECK(std::string(e.what()).find("UNIQUE constraint failed: users.email") != std::string::npos);
  }
  const Value none[] = {Value::null()};
  CHECK_THROWS_MATCHES(one.client.exec(one.db, insert.id, none), dorm::ConstraintError,
                       Catch::Predicate<dorm::ConstraintError>(
                           [](const dorm::ConstraintError& e) { return e.kind() == dorm::ConstraintError::Kind::not_null; },
                           "is a not_null ConstraintError"));
  CHECK_THROWS_AS(one.client.prepare(one.db, "  "), dorm::MisuseError);
  // The connection still serves after each error.
  CHECK(count_rows(one.client, one.db, "users") == 1);
}

TEST_CASE("an error while a query steps ends its rows with the mapped error", "[dqlite][client]") {
  OneNode one;
  // abs() of the smallest integer overflows when its row is reached: in the first batch, or
  // after several (dqlite 1.11 then sends the failure after the rows it had put in the batch).
  for (const int failing_row : {2, 3000}) {
    const std::string sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                            std::to_string(failing_row) + ") SELECT abs(CASE WHEN i = " + std::to_string(failing_row) +
                            " THEN -9223372036854775808 ELSE i END) FROM n";
    std::int64_t read = 0;
    CHECK_THROWS_MATCHES(
        [&] {
          auto rows = one.client.query_sql(one.db, sql);
          while (rows.next()) read = rows[0].integer();
        }(),
        dorm::SqliteError, Catch::Message("[dorm.sqlite.1] integer overflow\n  in: " + sql));
    CHECK(read < failing_row);
    CHECK(count_rows(one.client, one.db, "sqlite_master") == 0);  // the connection still serves
  }
}

TEST_CASE("DUMP gives the database file as the node holds it", "[dqlite][client]") {
  OneNode one;
  one.client.exec_sql(one.db, "CREATE TABLE t (x); INSERT INTO t VALUES (42)");
  const auto files = one.client.dump("app.db");
  REQUIRE(files.size() == 2);
  CHECK(files[0].name == "app.db");
  CHECK(files[1].name == "app.db-wal");
  CHECK(files[0].bytes.size() + files[1].bytes.size() > 0);
}

TEST_CASE("a node stopped under a client makes its next request ConnectionLost, and every one after",
          "[dqlite][client]") {
  OneNode one;
  one.node.stop();
  CHECK_THROWS_AS(one.client.exec_sql(one.db, "CREATE TABLE t (x)"), dorm::dqlite::ConnectionLost);
  CHECK_THROWS_WITH(one.client.leader(), Catch::Contains("[dorm.dqlite.connection_lost]"));
}

TEST_CASE("a write run as a query, or with RETURNING as exec, is refused before a 1.11 node sees it",
          "[dqlite][client]") {
  OneNode one;
  one.client.exec_sql(one.db, "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT DEFAULT 'd')");
  CHECK_THROWS_WITH(one.client.query_sql(one.db, "INSERT INTO t (id) VALUES (1) RETURNING x"),
                    Catch::StartsWith("[dorm.dqlite.write_query] 'INSERT INTO t (id) VALUES (1) RETURNING x' writes"));
  const auto update = one.client.prepare(one.db, "UPDATE t SET x = 'y' RETURNING id");
  CHECK_THROWS_AS(one.client.query(one.db, update.id), dorm::MisuseError);
  CHECK_THROWS_WITH(one.client.exec(one.db, update.id), Catch::StartsWith("[dorm.dqlite.returning]"));
  CHECK_THROWS_AS(one.client.exec_sql(one.db, "INSERT INTO t (id) VALUES (2) RETURNING id"), dorm::MisuseError);
  // Nothing was written, and the node still serves.
  CHECK(count_rows(one.client, one.db, "t") == 0);
  CHECK(one.client.exec_sql(one.db, "INSERT INTO t (id) VALUES (3)").last_insert_id == 3);
}
