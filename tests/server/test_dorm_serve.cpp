// The dorm-serve program: --help, serving a file, SIGTERM with a request in flight.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <future>
#include <regex>
#include <string>

#include <httplib.h>

#include "../crash/child_process.hpp"
#include "../temp_dir.hpp"
#include "dorm/core/database.hpp"
#include "write_in_flight.hpp"

using dorm_crash::ChildProcess;

namespace {

const auto ten_seconds = std::chrono::seconds(10);

// The port of a dorm-serve child, read from its first line ("... on http://127.0.0.1:PORT/...").
int port_of(ChildProcess& child) {
  const auto line = child.read_line(ChildProcess::Clock::now() + ten_seconds);
  REQUIRE(line.has_value());
  std::smatch match;
  REQUIRE(std::regex_search(*line, match, std::regex(R"(http://127\.0\.0\.1:([0-9]+))")));
  return std::stoi(match[1]);
}

}  // namespace

TEST_CASE("dorm-serve --help lists every option", "[server][program]") {
  ChildProcess child(DORM_SERVE_PROGRAM, {"--help"});
  std::string text;
  while (auto line = child.read_line(ChildProcess::Clock::now() + ten_seconds)) text += *line + "\n";
  CHECK(WEXITSTATUS(child.reap(std::chrono::milliseconds(10'000))) == 0);
  for (const char* option : {"--pool", "--version-prefix", "--migrations", "--mirror-into", "--mirror-table", "--address", "--port", "--prefix", "--max-body-bytes", "--max-rows",
                             "--statement-timeout-ms", "--busy-timeout-ms", "--workers"}) {
    CHECK_THAT(text, Catch::Contains(option));
  }
}

TEST_CASE("dorm-serve with neither a database nor a pool exits 2", "[server][program]") {
  ChildProcess child(DORM_SERVE_PROGRAM, {});
  const int status = child.reap(std::chrono::milliseconds(10'000));
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
}

TEST_CASE("dorm-serve --pool serves migrated tenants and mirrors their writes", "[server][program]") {
  dorm_test::TempDir folder("dorm_serve_test");
  const std::string aggregate = folder.file("aggregate.db");
  ChildProcess child(DORM_SERVE_PROGRAM,
                     {"--pool", folder.file("tenants"), "--port", "0", "--migrations", DORM_POOL_MIGRATIONS,
                      "--mirror-into", aggregate, "--mirror-table", "counters", "--unauthenticated", "read-write"});
  const int port = port_of(child);
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10);
  const auto insert = client.Post(
      "/t/acme/query/raw", R"json({"sql": "INSERT INTO counters (key, value) VALUES ('hits', 3)"})json", "application/json");
  REQUIRE(insert);
  CHECK(insert->status == 200);
  REQUIRE(::kill(child.pid(), SIGTERM) == 0);
  CHECK(WEXITSTATUS(child.reap(std::chrono::milliseconds(20'000))) == 0);
  CHECK(dorm::Database::open(folder.file("tenants/acme.db"))
            .query_value<std::int64_t>("SELECT count(*) FROM dorm_migrations") == 1);
  CHECK(dorm::Database::open(aggregate).query_value<std::string>("SELECT dorm_source || ':' || key FROM counters") ==
        "acme:hits");
}

TEST_CASE("dorm-serve finishes the request in flight on SIGTERM, then exits 0", "[server][program]") {
  dorm_test::TempDir folder("dorm_serve_test");
  const std::string path = folder.file("served.db");
  dorm::Database::open(path).execute_script("CREATE TABLE t (x INTEGER);");
  ChildProcess child(DORM_SERVE_PROGRAM, {path, "--port", "0", "--statement-timeout-ms", "0", "--unauthenticated", "read-write"});
  const int port = port_of(child);

  auto in_flight = std::async(std::launch::async, [port] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30);
    auto result = client.Post("/query/raw", server_test::long_insert_body(), "application/json");
    return result ? result->status : 0;
  });
  server_test::wait_for_write_lock(path);
  REQUIRE(::kill(child.pid(), SIGTERM) == 0);

  CHECK(in_flight.get() == 200);
  const int status = child.reap(std::chrono::milliseconds(20'000));
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(dorm::Database::open(path).query_value<std::int64_t>("SELECT count(*) FROM t") == server_test::rows_in_flight);
}
