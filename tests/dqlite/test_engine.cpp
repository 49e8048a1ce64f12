// The dqlite engine behind the connection seam (runtime/src/backends/dqlite/connection.hpp,
// statement.hpp): it satisfies dorm's engine concepts, and runs statements, scripts and nested
// transactions on a node running in this process.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "backends/dqlite/connection.hpp"
#include "backends/dqlite/statement.hpp"
#include "dorm/core/connection.hpp"
#include "in_process_node.hpp"

using dorm::dqlite::Connection;
using dorm::dqlite::Statement;
using dqlite_test::InProcessNode;

static_assert(dorm::ConnectionEngine<Connection>);
static_assert(dorm::StatementEngine<Statement>);

namespace {

struct EngineOnNode {
  InProcessNode node{1};
  Connection connection = open();

  Connection open() {
    (void)dqlite_test::client_once_led(node);
    dorm::OpenOptions options;
    options.busy_timeout = dorm::Milliseconds(5000);
    return Connection::open("dqlite://" + dqlite_test::free_address() + "," + node.address() + "/app.db", options);
  }

  std::int64_t count(const std::string& table) {
    Statement st(connection, "SELECT count(*) FROM " + table);
    REQUIRE(st.step());
    return st.column(0).integer();
  }
};

}  // namespace

TEST_CASE("a statement binds, runs a write as EXEC and a read as QUERY, and reads its rows", "[dqlite][engine]") {
  EngineOnNode e;
  e.connection.execute_script("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, score REAL)");
  Statement insert(e.connection, "INSERT INTO users (name, score) VALUES (?, ?)", true);
  CHECK(insert.parameter_count() == 2);
  CHECK_FALSE(insert.is_read_only());
  std::string name = "ada";
  insert.bind_text_copy(1, name);
  name = "changed after binding";
  insert.bind_double(2, 9.5);
  CHECK_FALSE(insert.step());
  CHECK(insert.changes() == 1);
  CHECK(insert.last_insert_rowid() == 1);
  insert.reset();
  insert.bind_text(1, "bob");
  insert.bind_null(2);
  CHECK_FALSE(insert.step());
  CHECK(e.connection.last_insert_rowid() == 2);
  CHECK(e.connection.total_changes() == 2);

  Statement select(e.connection, "SELECT id, name, score FROM users ORDER BY id");
  CHECK(select.is_read_only());
  REQUIRE(select.step());
  CHECK(select.column_count() == 3);
  CHECK(select.column(0).integer() == 1);
  CHECK(select.column(1).text() == "ada");
  CHECK(select.column(2).real() == 9.5);
  REQUIRE(select.step());
  CHECK(select.column(1).text() == "bob");
  CHECK(select.column(2).storage_class() == dorm::StorageClass::null);
  CHECK_FALSE(select.step());
  select.reset();
  CHECK(select.step());  // runs again after a reset
  CHECK_THROWS_AS(select.bind_int64(1, 0), dorm::MisuseError);
}

TEST_CASE("nested transactions commit, and roll back to their savepoint", "[dqlite][engine]") {
  EngineOnNode e;
  e.connection.execute_script("CREATE TABLE t (x INTEGER)");
  CHECK_FALSE(e.connection.in_transaction());
  e.connection.begin(1);
  CHECK(e.connection.in_transaction());
  e.connection.execute_script("INSERT INTO t VALUES (1)");
  e.connection.begin(2);
  e.connection.execute_script("INSERT INTO t VALUES (2)");
  e.connection.rollback(2);
  e.connection.begin(2);
  e.connection.execute_script("INSERT INTO t VALUES (3)");
  e.connection.commit(2);
  e.connection.commit(1);
  CHECK_FALSE(e.connection.in_transaction());
  Statement st(e.connection, "SELECT group_concat(x) FROM t");
  REQUIRE(st.step());
  CHECK(st.column(0).text() == "1,3");

  e.connection.begin(1);
  e.connection.execute_script("INSERT INTO t VALUES (4)");
  e.connection.rollback(1);
  CHECK_FALSE(e.connection.in_transaction());
  CHECK(e.count("t") == 2);
}

TEST_CASE("BEGIN and COMMIT in SQL the connection runs are followed too", "[dqlite][engine]") {
  EngineOnNode e;
  e.connection.execute_script("CREATE TABLE t (x); BEGIN; INSERT INTO t VALUES (1)");
  CHECK(e.connection.in_transaction());
  e.connection.execute_script("COMMIT");
  CHECK_FALSE(e.connection.in_transaction());
}

TEST_CASE("run_first runs a script's first statement and reports its failure as SQLite's engine does",
          "[dqlite][engine]") {
  EngineOnNode e;
  std::string_view script = "CREATE TABLE t (x UNIQUE);\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1);\n";
  const auto first = e.connection.run_first(script);
  CHECK(first.text == "CREATE TABLE t (x UNIQUE);");
  CHECK_FALSE(first.failed);
  script.remove_prefix(first.text.size());
  const auto second = e.connection.run_first(script);
  CHECK(second.text == "\nINSERT INTO t VALUES (1);");
  CHECK_FALSE(second.failed);
  script.remove_prefix(second.text.size());
  const auto third = e.connection.run_first(script);
  CHECK(third.failed);
  CHECK(third.code == 19);
  CHECK(third.extended_code == 2067);
  CHECK(third.message == "UNIQUE constraint failed: t.x");
  script.remove_prefix(third.text.size());
  const auto rest = e.connection.run_first(script);
  CHECK_FALSE(rest.failed);
  CHECK(rest.text == "\n");
}

TEST_CASE("the statement hook sees each statement before it runs", "[dqlite][engine]") {
  EngineOnNode e;
  std::vector<std::string> seen;
  e.connection.on_statement([&seen](std::string_view sql) { seen.emplace_back(sql); });
  e.connection.execute_script("CREATE TABLE t (x)");
  Statement st(e.connection, "SELECT count(*) FROM t");
  (void)st.step();
  CHECK(seen == std::vector<std::string>{"CREATE TABLE t (x)", "SELECT count(*) FROM t"});
}

TEST_CASE("functions cannot be added on a cluster, and a bad address is refused", "[dqlite][engine]") {
  EngineOnNode e;
  CHECK_THROWS_WITH(e.connection.create_function("twice", 1, true, {}),
                    Catch::StartsWith("[dorm.dqlite.function] the SQL function 'twice' cannot be added"));
  CHECK_THROWS_WITH(e.connection.create_aggregate("median", 1, true, {}),
                    Catch::StartsWith("[dorm.dqlite.function] the SQL function 'median' cannot be added"));
  CHECK_FALSE(e.connection.checkpoint(true));
  CHECK_THROWS_WITH(Connection::open("dqlite://127.0.0.1:1"), Catch::Contains("[dorm.dqlite.url]"));
}

TEST_CASE("foreign keys are enforced on the cluster's database as locally", "[dqlite][engine]") {
  EngineOnNode e;
  e.connection.execute_script(
      "CREATE TABLE parents (id INTEGER PRIMARY KEY); CREATE TABLE children (p INTEGER REFERENCES parents(id))");
  CHECK_THROWS_AS(e.connection.execute_script("INSERT INTO children VALUES (7)"), dorm::ConstraintError);
}
