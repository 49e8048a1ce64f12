// "params" of a statement: an array binds positionally, an object binds named parameters.
#include <catch2/catch.hpp>

#include "server_support.hpp"

using server_test::RunningServer;

namespace {
const char* const table_sql = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER);";

std::string error_of(const server_test::Answer& answer) {
  return answer.body.is_object() && answer.body["error"].is_string() ? answer.body["error"].get<std::string>() : "";
}
}  // namespace

TEST_CASE("named params bind by name with or without the prefix, for :, @ and $", "[server][contract]") {
  RunningServer running(table_sql);
  const auto answer = running.post_json(
      "/query/raw", {{"sql", "INSERT INTO t (id, name, n) VALUES (:id, @name, $n) RETURNING id, name, n"},
                     {"params", {{"id", 7}, {"@name", "seven"}, {"n", 49}}}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["rows"] == nlohmann::json::parse(R"([[7, "seven", 49]])"));
}

TEST_CASE("a named parameter used twice binds once", "[server][contract]") {
  RunningServer running;
  const auto answer = running.post_json("/query/raw", {{"sql", "SELECT :x + :x"}, {"params", {{"x", 21}}}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["result"]["rows"][0][0] == 42);
}

TEST_CASE("a named parameter without a value is a 400 naming it", "[server][contract]") {
  RunningServer running(table_sql);
  const auto answer =
      running.post_json("/query/raw", {{"sql", "SELECT * FROM t WHERE id = :id AND name = :name"}, {"params", {{"id", 1}}}});
  CHECK(answer.status == 400);
  CHECK_THAT(error_of(answer), Catch::Contains("no value for parameter ':name'"));
}

TEST_CASE("a key that names no parameter is a 400 naming it", "[server][contract]") {
  RunningServer running(table_sql);
  const auto answer =
      running.post_json("/query/raw", {{"sql", "SELECT * FROM t WHERE id = :id"}, {"params", {{"id", 1}, {"idd", 2}}}});
  CHECK(answer.status == 400);
  CHECK_THAT(error_of(answer), Catch::Contains("'params.idd' names no parameter"));
}

TEST_CASE("an object of params for a positional ? is a 400", "[server][contract]") {
  RunningServer running(table_sql);
  const auto answer = running.post_json("/query/raw", {{"sql", "SELECT * FROM t WHERE id = ?"}, {"params", {{"id", 1}}}});
  CHECK(answer.status == 400);
  CHECK_THAT(error_of(answer), Catch::Contains("positional"));
}

TEST_CASE("too few or too many positional params is a 400 with both counts", "[server][contract]") {
  RunningServer running(table_sql);
  const auto few = running.post_json("/query/raw", {{"sql", "SELECT ?, ?"}, {"params", {1}}});
  CHECK(few.status == 400);
  CHECK_THAT(error_of(few), Catch::Contains("has 2 parameter(s) but 'params' has 1 value(s)"));
  const auto many = running.post_json("/query/raw", {{"sql", "SELECT 1"}, {"params", {1}}});
  CHECK(many.status == 400);
  const auto missing = running.post_json("/query/raw", {{"sql", "SELECT ?"}});
  CHECK(missing.status == 400);
  CHECK_THAT(error_of(missing), Catch::Contains("'params' is missing"));
}

TEST_CASE("a param that is an array or an object other than {\"base64\"} is a 400 naming it", "[server][contract]") {
  RunningServer running;
  const auto array = running.post_json("/query/raw", {{"sql", "SELECT ?, ?"}, {"params", {1, {1, 2}}}});
  CHECK(array.status == 400);
  CHECK_THAT(error_of(array), Catch::Contains("'params[1]'"));
  const auto object = running.post_json("/query/raw", {{"sql", "SELECT :a"}, {"params", {{"a", {{"x", 1}}}}}});
  CHECK(object.status == 400);
  CHECK_THAT(error_of(object), Catch::Contains("'params.a'"));
  const auto bad_base64 = running.post_json("/query/raw", {{"sql", "SELECT ?"}, {"params", {{{"base64", "A*=="}}}}});
  CHECK(bad_base64.status == 400);
  CHECK_THAT(error_of(bad_base64), Catch::Contains("'params[0].base64' is not base64"));
}

TEST_CASE("an unsigned integer beyond SQLite's range is a 400 saying to send a string", "[server][contract]") {
  RunningServer running;
  const auto answer = running.post("/query/raw", R"({"sql": "SELECT ?", "params": [18446744073709551615]})");
  CHECK(answer.status == 400);
  CHECK_THAT(error_of(answer), Catch::Contains("send it as a string"));
}
