// The limits of docs/server.md "Limits": rows per response, time per statement, workers.
#include <catch2/catch.hpp>

#include <future>
#include <string>
#include <thread>
#include <vector>

#include "server_support.hpp"

using server_test::RunningServer;

namespace {
// Never ends by itself: counts forever.
const char* const runaway_sql =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
}  // namespace

TEST_CASE("a result with more rows than the limit is a 400 saying to page", "[server][limits]") {
  dorm::server::ServerOptions options;
  options.limits.max_rows = 10;
  RunningServer running("", std::move(options));
  const auto over = running.post_json(
      "/query/raw", {{"sql", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 11) SELECT x FROM c"}});
  CHECK(over.status == 400);
  CHECK_THAT(over.body["error"].get<std::string>(), Catch::Contains("more than 10 rows") && Catch::Contains("LIMIT"));
  const auto at = running.post_json(
      "/query/raw", {{"sql", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 10) SELECT x FROM c"}});
  CHECK(at.status == 200);
  CHECK(at.body["result"]["rows"].size() == 10);
}

TEST_CASE("a runaway statement is interrupted at the time limit with a 503 saying so", "[server][limits]") {
  dorm::server::ServerOptions options;
  options.limits.statement_time_limit = std::chrono::milliseconds(100);
  RunningServer running("", std::move(options));
  const auto answer = running.post_json("/query/raw", {{"sql", runaway_sql}});
  CHECK(answer.status == 503);
  CHECK_THAT(answer.body["error"].get<std::string>(), Catch::Contains("time limit of 100 ms"));
  // The connection serves the next request normally.
  CHECK(running.post_json("/query/raw", {{"sql", "SELECT 1"}}).status == 200);
}

TEST_CASE("a runaway statement in a transaction is interrupted and the transaction rolled back", "[server][limits]") {
  dorm::server::ServerOptions options;
  options.limits.statement_time_limit = std::chrono::milliseconds(100);
  RunningServer running("CREATE TABLE t (id INTEGER PRIMARY KEY);", std::move(options));
  const auto answer = running.post_json(
      "/query/raw", {{"transaction", {{{"sql", "INSERT INTO t VALUES (1)"}}, {{"sql", runaway_sql}}}}});
  CHECK(answer.status == 503);
  CHECK(answer.body["statement"] == 1);
  CHECK(dorm::Database::open(running.database_path()).query_value<std::int64_t>("SELECT count(*) FROM t") == 0);
}

TEST_CASE("requests beyond the worker count wait for a worker and are all answered", "[server][limits]") {
  dorm::server::ServerOptions options;
  options.limits.workers = 2;
  RunningServer running("CREATE TABLE t (id INTEGER PRIMARY KEY);", std::move(options));
  std::vector<std::future<int>> answers;
  for (int i = 0; i < 8; ++i) {
    answers.push_back(std::async(std::launch::async, [&running, i] {
      return running.post_json("/query/raw", {{"sql", "INSERT INTO t VALUES (?)"}, {"params", {i}}}).status;
    }));
  }
  for (auto& answer : answers) CHECK(answer.get() == 200);
  CHECK(dorm::Database::open(running.database_path()).query_value<std::int64_t>("SELECT count(*) FROM t") == 8);
}
