// One log line per request: method, path, status, rows, duration; never a bound value.
#include <catch2/catch.hpp>

#include "server_support.hpp"

using server_test::RunningServer;

TEST_CASE("each request logs method, path, status, rows and duration, and no bound value", "[server][log]") {
  RunningServer running("CREATE TABLE t (secret TEXT);");
  running.post_json("/query/raw", {{"sql", "INSERT INTO t VALUES (?)"}, {"params", {"hunter2"}}});
  running.post_json("/query", {{"sql", "SELECT secret FROM t"}});
  running.post("/query/raw", "not json");
  const auto lines = running.log();
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[0], Catch::Matches(R"(POST /query/raw 200 rows=0 [0-9]+\.[0-9]{2}ms)"));
  CHECK_THAT(lines[1], Catch::Matches(R"(POST /query 200 rows=1 [0-9]+\.[0-9]{2}ms)"));
  CHECK_THAT(lines[2], Catch::Matches(R"(POST /query/raw 400 rows=0 [0-9]+\.[0-9]{2}ms)"));
  for (const auto& line : lines) CHECK(line.find("hunter2") == std::string::npos);
}
