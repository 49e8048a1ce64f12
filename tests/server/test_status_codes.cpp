// Every status the HTTP layer answers, each with the contract's JSON body {"result": null,
// "error": "..."}: 400 malformed, 413 too large, 500 database error, 503 busy, 404 no route.
#include <catch2/catch.hpp>

#include <string>

#include "server_support.hpp"

using server_test::RunningServer;

namespace {
std::string error_of(const server_test::Answer& answer) {
  return answer.body.is_object() && answer.body["error"].is_string() ? answer.body["error"].get<std::string>() : "";
}
}  // namespace

TEST_CASE("a body that is not JSON is a 400 saying where it stops being JSON", "[server][status]") {
  RunningServer running;
  const auto answer = running.post("/query/raw", R"({"sql": "SELECT 1",)");
  CHECK(answer.status == 400);
  CHECK(answer.body["result"].is_null());
  CHECK_THAT(error_of(answer), Catch::StartsWith("the body is not JSON") && Catch::Contains("column 20"));
}

TEST_CASE("a content type other than application/json is a 400 naming it", "[server][status]") {
  RunningServer running;
  const auto answer = running.post("/query/raw", R"({"sql": "SELECT 1"})", "text/plain");
  CHECK(answer.status == 400);
  CHECK_THAT(error_of(answer), Catch::Contains("Content-Type must be application/json") && Catch::Contains("text/plain"));
  CHECK(running.post("/query/raw", R"({"sql": "SELECT 1"})", "application/json; charset=utf-8").status == 200);
}

TEST_CASE("a body without sql, with blank sql or with params of the wrong type is a 400", "[server][status]") {
  RunningServer running;
  CHECK_THAT(error_of(running.post("/query/raw", "{}")), Catch::Contains("missing 'sql'"));
  CHECK_THAT(error_of(running.post("/query/raw", R"({"sql": "  "})")), Catch::Contains("non-blank string"));
  CHECK_THAT(error_of(running.post("/query/raw", R"({"sql": 5})")), Catch::Contains("non-blank string"));
  CHECK_THAT(error_of(running.post("/query/raw", R"({"sql": "SELECT 1", "params": "x"})")),
             Catch::Contains("'params' must be an array"));
  CHECK_THAT(error_of(running.post("/query/raw", "[1]")), Catch::Contains("must be a JSON object"));
  CHECK(running.post("/query/raw", "{}").status == 400);
}

TEST_CASE("two statements in one sql is a 400 pointing at transactions", "[server][status]") {
  RunningServer running;
  const auto answer = running.post_json("/query/raw", {{"sql", "SELECT 1; SELECT 2"}});
  CHECK(answer.status == 400);
  CHECK_THAT(error_of(answer), Catch::Contains("more than one statement") && Catch::Contains("transaction"));
}

TEST_CASE("a body over the size limit is a 413 with a JSON error", "[server][status]") {
  dorm::server::ServerOptions options;
  options.limits.max_body_bytes = 64;
  RunningServer running("", std::move(options));
  const auto answer = running.post_json("/query/raw", {{"sql", "SELECT '" + std::string(100, 'x') + "'"}});
  CHECK(answer.status == 413);
  CHECK_THAT(error_of(answer), Catch::Contains("larger than the server's limit"));
  CHECK(running.post_json("/query/raw", {{"sql", "SELECT 1"}}).status == 200);
}

TEST_CASE("a database error is a 500 carrying SQLite's message", "[server][status]") {
  RunningServer running("CREATE TABLE t (id INTEGER PRIMARY KEY);");
  const auto missing = running.post_json("/query/raw", {{"sql", "SELECT * FROM nowhere"}});
  CHECK(missing.status == 500);
  CHECK_THAT(error_of(missing), Catch::Contains("no such table: nowhere"));
  const auto duplicate = running.post_json("/query/raw", {{"sql", "INSERT INTO t VALUES (1), (1)"}});
  CHECK(duplicate.status == 500);
  CHECK_THAT(error_of(duplicate), Catch::Contains("UNIQUE constraint failed: t.id"));
}

TEST_CASE("a write blocked by another connection's lock past the busy timeout is a 503", "[server][status]") {
  dorm::server::ServerOptions options;
  options.limits.busy_timeout = std::chrono::milliseconds(50);
  RunningServer running("CREATE TABLE t (id INTEGER PRIMARY KEY);", std::move(options));
  auto holder = dorm::Database::open(running.database_path());
  holder.execute_script("BEGIN IMMEDIATE; INSERT INTO t VALUES (1);");
  const auto answer = running.post_json("/query/raw", {{"sql", "INSERT INTO t VALUES (2)"}});
  CHECK(answer.status == 503);
  CHECK_THAT(error_of(answer), Catch::Contains("database is locked"));
  holder.execute_script("COMMIT;");
  CHECK(running.post_json("/query/raw", {{"sql", "INSERT INTO t VALUES (2)"}}).status == 200);
}

TEST_CASE("a route the server does not serve is a 404 with a JSON error", "[server][status]") {
  RunningServer running;
  const auto answer = running.post_json("/query/other", {{"sql", "SELECT 1"}});
  CHECK(answer.status == 404);
  CHECK_THAT(error_of(answer), Catch::Contains("POST {prefix}/query/raw"));
}
