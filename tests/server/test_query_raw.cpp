// POST {prefix}/query/raw: StarbaseDB's raw result shape for one statement, values included.
#include <catch2/catch.hpp>

#include "server_support.hpp"

using server_test::RunningServer;

namespace {
const char* const users_sql =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, picture BLOB);"
    "INSERT INTO users VALUES (1, 'ada', 1.5, NULL), (2, 'bob', NULL, NULL);";
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

TEST_CASE("an update counts every row it changed in rows_written", "[server][contract]") {
  RunningServer running(users_sql);
  const auto answer = running.post_json("/query/raw", {{"sql", "UPDATE users SET score = 2"}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["meta"]["rows_written"] == 2);
  CHECK(answer.body["result"]["meta"]["rows_read"] == 0);
}

TEST_CASE("an insert with RETURNING answers the returned rows and counts the write", "[server][contract]") {
  RunningServer running(users_sql);
  const auto answer =
      running.post_json("/query/raw", {{"sql", "INSERT INTO users (name) VALUES ('dee') RETURNING id, name"}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["rows"] == nlohmann::json::parse(R"([[3, "dee"]])"));
  CHECK(answer.body["result"]["meta"]["rows_written"] == 1);
}

TEST_CASE("a BLOB goes out and comes in as {\"base64\": ...}", "[server][contract]") {
  RunningServer running(users_sql);
  const nlohmann::json blob = {{"base64", "AAEC/w=="}};  // bytes 00 01 02 ff
  REQUIRE(running.post_json("/query/raw", {{"sql", "UPDATE users SET picture = ? WHERE id = 1"}, {"params", {blob}}})
              .status == 200);
  const auto answer = running.post_json("/query/raw", {{"sql", "SELECT picture, hex(picture) FROM users WHERE id = 1"}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["rows"][0][0] == blob);
  CHECK(answer.body["result"]["rows"][0][1] == "000102FF");
}

TEST_CASE("integers beyond 2^53 - 1 come out as strings of their digits, smaller ones as numbers", "[server][contract]") {
  RunningServer running;
  const auto answer = running.post_json(
      "/query/raw", {{"sql", "SELECT 9007199254740991, 9007199254740992, -9223372036854775808, ?"}, {"params", {42}}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["rows"][0] ==
        nlohmann::json::parse(R"([9007199254740991, "9007199254740992", "-9223372036854775808", 42])"));
}

TEST_CASE("booleans bind as 1 and 0, null as NULL, reals as REAL", "[server][contract]") {
  RunningServer running;
  const auto answer = running.post_json(
      "/query/raw", {{"sql", "SELECT ?, ?, ? IS NULL, typeof(?)"}, {"params", {true, false, nullptr, 2.5}}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["rows"][0] == nlohmann::json::parse(R"([1, 0, 1, "real"])"));
}

TEST_CASE("an expression column is named as SQLite names it, an aliased one by its alias", "[server][contract]") {
  RunningServer running;
  const auto answer = running.post_json("/query/raw", {{"sql", "SELECT 1 + 1, 'x' AS letter"}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["columns"] == nlohmann::json({"1 + 1", "letter"}));
}

TEST_CASE("a configured prefix moves the routes under it", "[server][contract]") {
  dorm::server::ServerOptions options;
  options.prefix = "/db/v1";
  RunningServer running("", std::move(options));
  CHECK(running.post_json("/db/v1/query/raw", {{"sql", "SELECT 1"}}).status == 200);
  const auto elsewhere = running.post_json("/query/raw", {{"sql", "SELECT 1"}});
  CHECK(elsewhere.status == 404);
  CHECK(elsewhere.body["error"].get<std::string>().find("no such route") != std::string::npos);
}

TEST_CASE("a prefix that is not a path is refused when the server is built", "[server][contract]") {
  for (const char* prefix : {"db", "/db/", "/a b", "/x//y"}) {
    dorm::server::ServerOptions options;
    options.prefix = prefix;
    options.database = ":memory:";
    INFO(prefix);
    CHECK_THROWS_WITH(dorm::server::Server(std::move(options)), Catch::Contains("prefix"));
  }
}

TEST_CASE("an infinite REAL, which JSON lacks, comes out as SQLite's text of it", "[server][contract]") {
  RunningServer running;
  const auto answer = running.post_json("/query/raw", {{"sql", "SELECT 1e999, -1e999"}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["rows"][0] == nlohmann::json({"Inf", "-Inf"}));
}

TEST_CASE("an empty BLOB is {\"base64\": \"\"}, not null nor text", "[server][contract]") {
  RunningServer running;
  const auto answer =
      running.post_json("/query/raw", {{"sql", "SELECT x'', typeof(?)"}, {"params", {{{"base64", ""}}}}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["rows"][0] == nlohmann::json::parse(R"([{"base64": ""}, "blob"])"));
}

TEST_CASE("TEXT that is not valid UTF-8 comes out with U+FFFD in place of the bad bytes", "[server][contract]") {
  RunningServer running;
  const auto answer = running.post_json("/query/raw", {{"sql", "SELECT CAST(x'41ff42' AS TEXT)"}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["rows"][0][0] == "A\xEF\xBF\xBD" "B");
}
