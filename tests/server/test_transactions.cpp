// {"transaction": [...]}: all statements in one BEGIN IMMEDIATE ... COMMIT, or none of them.
#include <catch2/catch.hpp>

#include "server_support.hpp"

using server_test::RunningServer;

namespace {
const char* const accounts_sql =
    "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0));"
    "INSERT INTO accounts VALUES (1, 100), (2, 0);";

std::int64_t balance(const RunningServer& running, int id) {
  return dorm::Database::open(running.database_path())
      .query_value<std::int64_t>("SELECT balance FROM accounts WHERE id = ?", id)
      .value();
}
}  // namespace

TEST_CASE("a transaction answers one raw result per statement, in order", "[server][contract]") {
  RunningServer running(accounts_sql);
  const auto answer = running.post_json(
      "/query/raw",
      {{"transaction",
        {{{"sql", "UPDATE accounts SET balance = balance - ? WHERE id = 1"}, {"params", {30}}},
         {{"sql", "UPDATE accounts SET balance = balance + :amount WHERE id = 2"}, {"params", {{"amount", 30}}}},
         {{"sql", "SELECT id, balance FROM accounts ORDER BY id"}}}}});
  REQUIRE(answer.status == 200);
  CHECK(answer.body["error"].is_null());
  const auto& results = answer.body["result"];
  REQUIRE(results.is_array());
  REQUIRE(results.size() == 3);
  CHECK(results[0]["meta"]["rows_written"] == 1);
  CHECK(results[1]["meta"]["rows_written"] == 1);
  CHECK(results[2]["rows"] == nlohmann::json::parse("[[1, 70], [2, 30]]"));
  CHECK(balance(running, 1) == 70);
}

TEST_CASE("a failing middle statement rolls the whole transaction back and is named by index", "[server][contract]") {
  RunningServer running(accounts_sql);
  const auto answer = running.post_json(
      "/query/raw", {{"transaction",
                      {{{"sql", "UPDATE accounts SET balance = balance + 50 WHERE id = 2"}},
                       {{"sql", "UPDATE accounts SET balance = balance - 500 WHERE id = 1"}},  // CHECK fails
                       {{"sql", "INSERT INTO accounts VALUES (3, 1)"}}}}});
  CHECK(answer.status == 500);
  CHECK(answer.body["result"].is_null());
  CHECK(answer.body["statement"] == 1);
  const std::string error = answer.body["error"];
  CHECK_THAT(error, Catch::StartsWith("transaction statement 1 failed: "));
  CHECK_THAT(error, Catch::Contains("CHECK constraint failed"));
  // Neither the first statement (run before the failure) nor the third took effect.
  CHECK(balance(running, 1) == 100);
  CHECK(balance(running, 2) == 0);
  CHECK(dorm::Database::open(running.database_path()).query_value<std::int64_t>("SELECT count(*) FROM accounts") == 2);
}

TEST_CASE("a bad parameter in a transaction is a 400 naming the statement, nothing written", "[server][contract]") {
  RunningServer running(accounts_sql);
  const auto answer = running.post_json(
      "/query/raw", {{"transaction",
                      {{{"sql", "UPDATE accounts SET balance = 1 WHERE id = 1"}},
                       {{"sql", "UPDATE accounts SET balance = ? WHERE id = 2"}, {"params", {{{"x", 1}}}}}}}});
  CHECK(answer.status == 400);
  CHECK(answer.body["statement"] == 1);
  CHECK_THAT(answer.body["error"].get<std::string>(), Catch::Contains("'transaction[1].params[0]'"));
  CHECK(balance(running, 1) == 100);
}

TEST_CASE("a COMMIT, END or ROLLBACK inside a transaction body is refused before it runs, everything rolled back", "[server][contract]") {
  RunningServer running(accounts_sql);
  const auto answer = running.post_json("/query/raw", {{"transaction",
                                                        {{{"sql", "UPDATE accounts SET balance = 1 WHERE id = 1"}},
                                                         {{"sql", "COMMIT"}},
                                                         {{"sql", "UPDATE accounts SET balance = 2 WHERE id = 2"}}}}});
  CHECK(answer.status == 400);
  CHECK(answer.body["statement"] == 1);
  CHECK_THAT(answer.body["error"].get<std::string>(), Catch::Contains("COMMIT"));
  CHECK(balance(running, 1) == 100);
  CHECK(balance(running, 2) == 0);
}

TEST_CASE("a BEGIN sent alone is rolled back at the end of its request", "[server][contract]") {
  RunningServer running(accounts_sql);
  const auto begin = running.post_json("/query/raw", {{"sql", "BEGIN"}});
  CHECK(begin.status == 400);
  CHECK_THAT(begin.body["error"].get<std::string>(), Catch::Contains("cannot span requests"));
  // The connection is usable again: a write commits on its own.
  CHECK(running.post_json("/query/raw", {{"sql", "UPDATE accounts SET balance = 5 WHERE id = 2"}}).status == 200);
  CHECK(balance(running, 2) == 5);
}

TEST_CASE("an empty transaction or a statement without sql in it is a 400", "[server][contract]") {
  RunningServer running(accounts_sql);
  CHECK(running.post_json("/query/raw", {{"transaction", nlohmann::json::array()}}).status == 400);
  const auto answer = running.post_json("/query/raw", {{"transaction", {{{"sql", "SELECT 1"}}, {{"params", {1}}}}}});
  CHECK(answer.status == 400);
  CHECK_THAT(answer.body["error"].get<std::string>(), Catch::Contains("'transaction[1].sql'"));
}
