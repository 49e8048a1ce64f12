#pragma once
// A request that is certainly in flight: an INSERT of many rows, detected from outside while it
// holds the database's write lock, so a test can stop the server under it without guessing
// with sleeps.
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "dorm/core/database.hpp"

namespace server_test {

/// Rows the in-flight INSERT writes: enough for it to run a while on any machine.
inline constexpr int rows_in_flight = 400'000;

/// The body of the long INSERT into `t (x)`.
inline std::string long_insert_body() {
  return R"({"sql": "INSERT INTO t (x) WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT )" +
         std::to_string(rows_in_flight) + R"() SELECT n FROM c"})";
}

/// Waits (at most 20 s) until another connection holds the write lock of the file at `path`:
/// taking it with no busy timeout fails. Throws std::runtime_error when it never does.
inline void wait_for_write_lock(const std::string& path) {
  dorm::OpenOptions options;
  options.busy_timeout = dorm::Milliseconds(0);
  auto probe = dorm::Database::open(path, options);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < give_up) {
    try {
      probe.execute_script("BEGIN IMMEDIATE; ROLLBACK;");
    } catch (const dorm::BusyError&) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  throw std::runtime_error("no connection took the write lock of " + path + " within 20 s");
}

}  // namespace server_test
