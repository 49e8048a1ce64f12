// The SQLite behaviour docs/concurrency.md builds on, checked on two plain dorm::Database
// connections to one WAL file: a deferred transaction that reads, then writes after another
// connection committed fails at once with SQLITE_BUSY_SNAPSHOT (no busy timeout can help it);
// dorm's BEGIN IMMEDIATE takes the write lock up front, so its writes cannot fail that way, and
// another connection's write waits for it up to its busy timeout, then throws BusyError; a
// write that waits for a transaction which commits within the timeout goes through; a reader
// is never blocked by an open write transaction.
#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "connection_pool_support.hpp"

using namespace std::chrono_literals;

namespace {

dorm::Database connect(const TempDir& tmp, std::chrono::milliseconds busy_timeout) {
  dorm::OpenOptions options;
  options.busy_timeout = busy_timeout;
  auto db = dorm::Database::open(tmp.file("app.db"), options);
  cp_test::migrate(db);
  return db;
}

}  // namespace

TEST_CASE("a deferred transaction that writes after another connection committed fails with BUSY_SNAPSHOT",
          "[connection_pool]") {
  TempDir tmp;
  auto a = connect(tmp, 5000ms);
  auto b = connect(tmp, 5000ms);
  a.execute_script("BEGIN");  // deferred: a reader until its first write
  CHECK(entry_count(a) == 0);
  add_entry(b, 2, 1);  // commits after a's snapshot
  try {
    add_entry(a, 1, 1);
    FAIL("the write of the stale snapshot succeeded");
  } catch (const dorm::BusyError& e) {
    // SQLITE_BUSY_SNAPSHOT: the busy handler is not called, since waiting cannot make the
    // snapshot current; the transaction must start again.
    CHECK(e.extended_code() == SQLITE_BUSY_SNAPSHOT);
  }
  a.execute_script("ROLLBACK");
  CHECK(entry_count(a) == 1);
}

TEST_CASE("dorm's transaction takes the write lock at BEGIN: another writer waits its busy timeout, then BusyError",
          "[connection_pool]") {
  TempDir tmp;
  auto a = connect(tmp, 5000ms);
  auto b = connect(tmp, 100ms);
  a.transaction([&] {
    CHECK(entry_count(a) == 0);
    try {
      add_entry(b, 2, 1);
      FAIL("a second writer got the write lock during a transaction");
    } catch (const dorm::BusyError& e) {
      CHECK(e.code() == SQLITE_BUSY);
      CHECK_THAT(e.what(), Catch::Contains("[dorm.sqlite.5] database is locked"));
    }
    CHECK(entry_count(b) == 0);  // a reader is not blocked by the open write transaction
    add_entry(a, 1, 1);          // cannot meet BUSY_SNAPSHOT: nobody could commit since BEGIN
  });
  CHECK(entry_count(b) == 1);
}

TEST_CASE("a write waits for another connection's transaction that commits within its busy timeout",
          "[connection_pool]") {
  TempDir tmp;
  auto a = connect(tmp, 5000ms);
  auto b = connect(tmp, 10'000ms);
  a.execute_script("BEGIN IMMEDIATE");
  add_entry(a, 1, 1);
  auto waiting = std::async(std::launch::async, [&] { return add_entry(b, 2, 1); });
  CHECK_FALSE(finishes(waiting, 200ms));  // b's busy handler is waiting for the lock
  a.execute_script("COMMIT");
  REQUIRE(finishes(waiting, 10'000ms));
  CHECK(waiting.get() == 2);
  CHECK(entry_count(a) == 2);
}
