// POST {prefix}/query: the same statements, rows as objects keyed by column name.
#include <catch2/catch.hpp>

#include "server_support.hpp"

using server_test::RunningServer;

TEST_CASE("a select through /query answers an array of one object per row", "[server][contract]") {
  RunningServer running("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b');");
  const auto answer = running.post_json("/query", {{"sql", "SELECT id, name FROM t ORDER BY id"}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["error"].is_null());
  CHECK(answer.body["result"] == nlohmann::json::parse(R"([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}])"));
}

TEST_CASE("a write through /query answers an empty array", "[server][contract]") {
  RunningServer running("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);");
  const auto answer = running.post_json("/query", {{"sql", "INSERT INTO t (name) VALUES (?)"}, {"params", {"x"}}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"] == nlohmann::json::array());
}

TEST_CASE("a transaction through /query answers one array of objects per statement", "[server][contract]") {
  RunningServer running("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);");
  const auto answer = running.post_json(
      "/query", {{"transaction",
                  {{{"sql", "INSERT INTO t (name) VALUES ('a')"}}, {{"sql", "SELECT name FROM t"}}}}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"] == nlohmann::json::parse(R"([[], [{"name": "a"}]])"));
}
