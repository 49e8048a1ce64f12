// Server::stop(): the request in flight finishes and is answered, new ones are refused, the
// database is closed cleanly.
#include <catch2/catch.hpp>

#include <filesystem>
#include <future>

#include "server_support.hpp"
#include "write_in_flight.hpp"

using server_test::RunningServer;

TEST_CASE("stop lets the request in flight finish, then refuses new ones and closes the database", "[server][stop]") {
  dorm::server::ServerOptions options;
  options.limits.statement_time_limit = std::chrono::milliseconds(0);
  RunningServer running("CREATE TABLE t (x INTEGER);", std::move(options));
  auto in_flight = std::async(std::launch::async, [&running] {
    return running.post("/query/raw", server_test::long_insert_body());
  });
  server_test::wait_for_write_lock(running.database_path());
  running.server().stop();

  const auto answer = in_flight.get();
  CHECK(answer.status == 200);
  CHECK(answer.body["result"]["meta"]["rows_written"] == server_test::rows_in_flight);
  CHECK(running.post_json("/query/raw", {{"sql", "SELECT 1"}}).status == 0);  // no connection
  // Every connection closed: the last one to close checkpointed and removed the -wal file.
  CHECK_FALSE(std::filesystem::exists(running.database_path() + "-wal"));
  CHECK(dorm::Database::open(running.database_path()).query_value<std::int64_t>("SELECT count(*) FROM t") ==
        server_test::rows_in_flight);
}
