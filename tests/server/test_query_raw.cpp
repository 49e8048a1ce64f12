// POST {prefix}/query/raw: StarbaseDB's raw result shape for one statement.
#include <catch2/catch.hpp>

#include "server_support.hpp"

using server_test::RunningServer;

namespace {
const char* const users_sql =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL);"
    "INSERT INTO users VALUES (1, 'ada', 1.5), (2, 'bob', NULL);";
}

TEST_CASE("a select through /query/raw answers its columns, rows as arrays and meta", "[server][contract]") {
  RunningServer running(users_sql);
  const auto answer = running.post_json("/query/raw", {{"sql", "SELECT id, name, score FROM users ORDER BY id"}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["error"].is_null());
  const auto& result = answer.body["result"];
  CHECK(result["columns"] == nlohmann::json({"id", "name", "score"}));
  CHECK(result["rows"] == nlohmann::json::parse(R"([[1, "ada", 1.5], [2, "bob", null]])"));
  CHECK(result["meta"]["rows_read"] == 2);
  CHECK(result["meta"]["rows_written"] == 0);
}

TEST_CASE("an insert through /query/raw with positional params writes the row and counts it", "[server][contract]") {
  RunningServer running(users_sql);
  const auto answer =
      running.post_json("/query/raw", {{"sql", "INSERT INTO users (id, name) VALUES (?, ?)"}, {"params", {3, "cy"}}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["columns"].empty());
  CHECK(answer.body["result"]["rows"].empty());
  CHECK(answer.body["result"]["meta"]["rows_written"] == 1);
  CHECK(dorm::Database::open(running.database_path()).query_value<std::string>("SELECT name FROM users WHERE id = 3") ==
        "cy");
}
