// parse_query_request: the request body's shapes, and a clear 400 for every other one.
#include <catch2/catch.hpp>

#include "dorm/server/http_error.hpp"
#include "dorm/server/query_request.hpp"

using dorm::server::HttpError;
using dorm::server::parse_query_request;

namespace {
// The status and message parse_query_request throws for `body`.
std::pair<int, std::string> refusal(const std::string& body) {
  try {
    (void)parse_query_request(body);
  } catch (const HttpError& error) {
    return {error.status(), error.what()};
  }
  return {0, "accepted"};
}
}  // namespace

TEST_CASE("a single statement parses with params absent, an array, an object or null", "[server][parser]") {
  const auto plain = parse_query_request(R"({"sql": "SELECT 1"})");
  CHECK_FALSE(plain.transaction);
  REQUIRE(plain.statements.size() == 1);
  CHECK(plain.statements[0].sql == "SELECT 1");
  CHECK(plain.statements[0].params.is_null());
  CHECK(parse_query_request(R"({"sql": "SELECT ?", "params": [1]})").statements[0].params == nlohmann::json{1});
  CHECK(parse_query_request(R"({"sql": "SELECT :a", "params": {"a": 1}})").statements[0].params.is_object());
  CHECK(parse_query_request(R"({"sql": "SELECT 1", "params": null})").statements[0].params.is_null());
}

TEST_CASE("a transaction parses into its statements in order", "[server][parser]") {
  const auto request =
      parse_query_request(R"({"transaction": [{"sql": "SELECT 1"}, {"sql": "SELECT ?", "params": [2]}]})");
  CHECK(request.transaction);
  REQUIRE(request.statements.size() == 2);
  CHECK(request.statements[1].sql == "SELECT ?");
}

TEST_CASE("every malformed body is a 400 saying what is wrong", "[server][parser]") {
  CHECK(refusal("") == std::pair<int, std::string>{400, refusal("").second});
  CHECK_THAT(refusal("").second, Catch::StartsWith("the body is not JSON"));
  CHECK_THAT(refusal("\"SELECT 1\"").second, Catch::Contains("must be a JSON object"));
  CHECK_THAT(refusal(R"({"sql": "SELECT 1", "transaction": [{"sql": "SELECT 1"}]})").second,
             Catch::Contains("both 'sql' and 'transaction'"));
  CHECK_THAT(refusal(R"({"transaction": {"sql": "SELECT 1"}})").second, Catch::Contains("non-empty array"));
  CHECK_THAT(refusal(R"({"transaction": [5]})").second, Catch::Contains("'transaction[0]' must be an object"));
  CHECK_THAT(refusal(R"({"transaction": [{"sql": "SELECT 1", "params": 3}]})").second,
             Catch::Contains("'transaction[0].params' must be an array"));
  for (const char* body : {"", "[]", "{}", R"({"sql": ""})", R"({"sql": null})", R"({"sql": "x", "params": true})"}) {
    INFO(body);
    CHECK(refusal(body).first == 400);
  }
}
