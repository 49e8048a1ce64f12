// dorm::ConnectionPool from several threads: the writer lease is exclusive, reader leases are
// used at once, waits end in LeaseTimeout, readers see only committed data, and many threads
// writing and reading lose no row and never meet SQLITE_BUSY (the busy timeout is 0 here, so
// any lock conflict between the pool's connections would surface as a BusyError at once).
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "connection_pool_support.hpp"

using namespace std::chrono_literals;

TEST_CASE("a second write() waits until the first writer lease ends", "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp));
  auto first = pool.write();
  add_entry(*first, 1, 1);
  auto second = std::async(std::launch::async, [&] {
    auto lease = pool.write();
    return entry_count(*lease);  // sees the first lease's row: it ran after it
  });
  CHECK_FALSE(finishes(second, 200ms));
  add_entry(*first, 1, 2);
  first.release();
  REQUIRE(finishes(second));
  CHECK(second.get() == 2);
}

TEST_CASE("write() gives up after lease_timeout with LeaseTimeout naming the file", "[connection_pool]") {
  TempDir tmp;
  auto options = pool_options(tmp);
  options.lease_timeout = 100ms;
  dorm::ConnectionPool pool(options);
  auto held = pool.write();
  auto waiter = std::async(std::launch::async, [&] { return pool.write(); });
  REQUIRE(finishes(waiter));
  try {
    (void)waiter.get();
    FAIL("write() did not time out");
  } catch (const dorm::LeaseTimeout& e) {
    CHECK_THAT(e.what(), Catch::Contains("[dorm.connection_pool.write_timeout]") &&
                             Catch::Contains((tmp.path() / "app.db").string()) && Catch::Contains("within 100 ms"));
    CHECK(e.code() == 0);  // the wait was in the pool, not on a SQLite lock
  }
}

TEST_CASE("read() waits while every reader is leased and times out with LeaseTimeout", "[connection_pool]") {
  TempDir tmp;
  auto options = pool_options(tmp, 2);
  options.lease_timeout = 100ms;
  dorm::ConnectionPool pool(options);
  auto a = pool.read();
  auto b = pool.read();
  auto late = std::async(std::launch::async, [&] { return pool.read(); });
  REQUIRE(finishes(late));
  CHECK_THROWS_WITH(late.get(), Catch::Contains("[dorm.connection_pool.read_timeout]") &&
                                    Catch::Contains("all 2 readers stayed leased"));
  CHECK_THROWS_AS(pool.read(), dorm::LeaseTimeout);  // this thread too: holding two does not deadlock
  a.release();
  auto c = pool.read();
  CHECK(entry_count(*c) == 0);
}

TEST_CASE("a waiting read() gets the reader another thread hands back", "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp, 1));
  auto only = pool.read();
  auto waiter = std::async(std::launch::async, [&] { return entry_count(*pool.read()); });
  CHECK_FALSE(finishes(waiter, 200ms));
  only.release();
  REQUIRE(finishes(waiter));
  CHECK(waiter.get() == 0);
}

TEST_CASE("every reader connection is in use at the same time by its own thread", "[connection_pool]") {
  TempDir tmp;
  constexpr std::size_t readers = 4;
  dorm::ConnectionPool pool(pool_options(tmp, readers));
  pool.with_writer([](dorm::Database& db) { add_entry(db, 1, 1); });
  std::latch all_hold(readers);
  std::vector<std::future<std::int64_t>> results;
  for (std::size_t i = 0; i < readers; ++i) {
    results.push_back(std::async(std::launch::async, [&] {
      auto lease = pool.read();
      all_hold.arrive_and_wait();  // returns only once all four hold a reader at once
      return entry_count(*lease);
    }));
  }
  for (auto& result : results) {
    REQUIRE(finishes(result, 5000ms));
    CHECK(result.get() == 1);
  }
}

TEST_CASE("a reader sees a transaction's rows once it commits, and reads meanwhile", "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp));
  auto writer = pool.write();
  writer->execute_script("BEGIN IMMEDIATE");
  add_entry(*writer, 1, 1);
  // WAL: the open write transaction does not block the reader, which sees the last commit.
  CHECK(pool.with_reader([](dorm::Database& db) { return entry_count(db); }) == 0);
  writer->execute_script("COMMIT");
  CHECK(pool.with_reader([](dorm::Database& db) { return entry_count(db); }) == 1);
}

TEST_CASE("many threads writing and reading lose no row and never meet SQLITE_BUSY", "[connection_pool]") {
  TempDir tmp;
  auto options = pool_options(tmp, 3);
  // The default busy timeout stays: a reader that catches the wal-index header while the writer
  // updates it takes SQLite's WAL write lock for a moment to read it again (wal.c,
  // walIndexReadHdr), so with a timeout of 0 the writer's BEGIN IMMEDIATE can fail at once (CI
  // saw it 7 times in 600 transactions). Writers still wait in the pool, not on SQLite's lock.
  options.checkpoint_wal_bytes = 512 << 10;  // the guard truncates several times meanwhile
  options.lease_timeout = 30'000ms;      // a loaded CI machine: waiting is fine, failing is not
  options.checkpoint_wait = 10'000ms;
  dorm::ConnectionPool pool(options);
  constexpr int writers = 4;
  constexpr int readers = 4;
  constexpr int transactions = 150;
  std::atomic<int> busy{0};
  std::atomic<int> other_errors{0};
  std::atomic<int> went_back{0};
  std::atomic<bool> writing{true};
  std::mutex first_error_mutex;
  std::string first_error;
  auto record = [&](const std::exception& e, std::atomic<int>& counter) {
    ++counter;
    std::lock_guard lock(first_error_mutex);
    if (first_error.empty()) first_error = e.what();
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int t = 0; t < transactions; ++t) {
        try {
          pool.with_writer([&](dorm::Database& db) {
            db.transaction([&] {
              for (int r = 0; r < 3; ++r) add_entry(db, w, t * 3 + r, std::string(200, 'a' + static_cast<char>(w)));
            });
          });
        } catch (const dorm::BusyError& e) {
          record(e, busy);
        } catch (const std::exception& e) {
          record(e, other_errors);
        }
      }
    });
  }
  for (int r = 0; r < readers; ++r) {
    threads.emplace_back([&] {
      std::int64_t seen = 0;
      while (writing) {
        try {
          const std::int64_t now = pool.with_reader([](dorm::Database& db) { return entry_count(db); });
          if (now < seen || now % 3 != 0) ++went_back;  // never fewer rows, never half a transaction
          seen = now;
        } catch (const dorm::BusyError& e) {
          record(e, busy);
        } catch (const std::exception& e) {
          record(e, other_errors);
        }
      }
    });
  }
  for (int w = 0; w < writers; ++w) threads[static_cast<std::size_t>(w)].join();
  writing = false;
  for (std::size_t i = writers; i < threads.size(); ++i) threads[i].join();

  INFO("first error: " << first_error);
  CHECK(busy == 0);
  CHECK(other_errors == 0);
  CHECK(went_back == 0);
  auto reader = pool.read();
  CHECK(entry_count(*reader) == writers * transactions * 3);
  for (int w = 0; w < writers; ++w) {
    INFO("writer " << w);
    CHECK(reader->query_value<std::int64_t>("SELECT count(DISTINCT seq) FROM entries WHERE writer = ?", w) ==
          transactions * 3);
  }
  CHECK(pool.checkpoint_stats().truncated > 0);
}
