// Accept: application/x-ndjson: one statement's result streamed as one JSON record per line.
#include <catch2/catch.hpp>

#include "server_support.hpp"

using server_test::RunningServer;

namespace {
const char* const items_sql =
    "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, data TEXT);"
    "INSERT INTO items VALUES (1, 'a', '{}'), (2, 'b', '[]'), (3, 'c', 'not json');";
}

TEST_CASE("a streamed select sends columns, one record per row, then meta", "[server][ndjson]") {
  RunningServer running(items_sql);
  const auto [status, records] =
      running.post_ndjson("/query/raw", {{"sql", "SELECT id, name FROM items WHERE id < ? ORDER BY id"}, {"params", {3}}});
  REQUIRE(status == 200);
  REQUIRE(records.size() == 4);
  CHECK(records[0] == nlohmann::json::parse(R"({"type": "columns", "data": ["id", "name"]})"));
  CHECK(records[1] == nlohmann::json::parse(R"({"type": "row", "data": [1, "a"]})"));
  CHECK(records[2] == nlohmann::json::parse(R"({"type": "row", "data": [2, "b"]})"));
  CHECK(records[3] == nlohmann::json::parse(R"({"type": "meta", "data": {"rows_read": 2, "rows_written": 0}})"));
}

TEST_CASE("a stream is not held to the row limit of JSON responses", "[server][ndjson]") {
  dorm::server::ServerOptions options;
  options.limits.max_rows = 10;
  RunningServer running("", std::move(options));
  const auto [status, records] = running.post_ndjson(
      "/query/raw", {{"sql", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 50000) SELECT x FROM c"}});
  REQUIRE(status == 200);
  REQUIRE(records.size() == 50'002);
  CHECK(records[50'000]["data"][0] == 50'000);
  CHECK(records.back()["data"]["rows_read"] == 50'000);
}

TEST_CASE("an error after rows were sent ends the stream with an error record", "[server][ndjson]") {
  RunningServer running(items_sql);
  const auto [status, records] =
      running.post_ndjson("/query/raw", {{"sql", "SELECT id, json(data) FROM items ORDER BY id"}});
  CHECK(status == 200);  // sent with the first record, before the error
  REQUIRE(records.size() == 4);
  CHECK(records[2]["type"] == "row");
  CHECK(records[3]["type"] == "error");
  CHECK_THAT(records[3]["data"].get<std::string>(), Catch::Contains("malformed JSON"));
}

TEST_CASE("a streamed runaway statement is interrupted at the time limit with an error record", "[server][ndjson]") {
  dorm::server::ServerOptions options;
  options.limits.statement_time_limit = std::chrono::milliseconds(100);
  RunningServer running("", std::move(options));
  const auto [status, records] = running.post_ndjson(
      "/query/raw", {{"sql", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT sum(x) FROM c"}});
  CHECK(status == 200);
  REQUIRE(records.size() == 2);
  CHECK(records[1]["type"] == "error");
  CHECK_THAT(records[1]["data"].get<std::string>(), Catch::Contains("time limit of 100 ms"));
}

TEST_CASE("a stream that cannot start answers its status and a JSON error, as without streaming", "[server][ndjson]") {
  RunningServer running(items_sql);
  const auto missing = running.post_ndjson("/query/raw", {{"sql", "SELECT * FROM nowhere"}});
  CHECK(missing.first == 500);
  CHECK_THAT(missing.second[0]["error"].get<std::string>(), Catch::Contains("no such table: nowhere"));
  const auto bad_params = running.post_ndjson("/query/raw", {{"sql", "SELECT ?"}, {"params", {1, 2}}});
  CHECK(bad_params.first == 400);
  const auto transaction = running.post_ndjson("/query/raw", {{"transaction", {{{"sql", "SELECT 1"}}}}});
  CHECK(transaction.first == 400);
  CHECK_THAT(transaction.second[0]["error"].get<std::string>(), Catch::Contains("streams one statement"));
}

TEST_CASE("a streamed write reports what it wrote in meta and the connection serves on", "[server][ndjson]") {
  RunningServer running(items_sql);
  const auto [status, records] =
      running.post_ndjson("/query/raw", {{"sql", "UPDATE items SET name = upper(name) RETURNING id"}});
  REQUIRE(status == 200);
  CHECK(records.back() == nlohmann::json::parse(R"({"type": "meta", "data": {"rows_read": 3, "rows_written": 3}})"));
  const auto begin = running.post_ndjson("/query/raw", {{"sql", "BEGIN"}});
  CHECK(begin.second.back()["type"] == "error");
  CHECK(running.post_json("/query/raw", {{"sql", "UPDATE items SET name = 'x' WHERE id = 1"}}).status == 200);
}

TEST_CASE("each streamed request logs one line with the rows it sent", "[server][ndjson]") {
  RunningServer running(items_sql);
  running.post_ndjson("/query/raw", {{"sql", "SELECT id FROM items"}});
  const auto lines = running.log();
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("POST /query/raw 200 rows=3 "));
}
