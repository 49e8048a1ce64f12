// The checkpoint guard of dorm::ConnectionPool, measured through the file system: a reader that
// keeps its snapshot lets the -wal file grow without bound (the problem); the guard truncates it
// after the write that passes the bound while other threads keep reading; a reader lease held
// past checkpoint_wait gets a PASSIVE checkpoint, and the truncation follows once it ends;
// read() waits while the guard drains the readers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "connection_pool_support.hpp"

using namespace std::chrono_literals;

namespace {

std::uintmax_t wal_size(const dorm::ConnectionPool& pool) {
  std::filesystem::path wal = pool.path();
  wal += "-wal";
  std::error_code missing;
  const std::uintmax_t size = std::filesystem::file_size(wal, missing);
  return missing ? 0 : size;
}

/// One transaction of `rows` entries of 1,000 bytes each.
void write_rows(dorm::ConnectionPool& pool, int rows) {
  pool.with_writer([&](dorm::Database& db) {
    db.transaction([&] {
      for (int r = 0; r < rows; ++r) add_entry(db, 1, r, std::string(1000, 'w'));
    });
  });
}

}  // namespace

TEST_CASE("without the guard a reader that keeps its snapshot lets the -wal file grow past SQLite's checkpoints",
          "[connection_pool]") {
  TempDir tmp;
  auto options = pool_options(tmp, 1);
  options.checkpoint_wal_bytes = 0;
  dorm::ConnectionPool pool(options);
  auto reader = pool.read();
  reader->execute_script("BEGIN");
  CHECK(entry_count(*reader) == 0);  // holds this snapshot while the writes go on
  for (int t = 0; t < 600; ++t) write_rows(pool, 10);
  // SQLite's automatic checkpoint would restart the WAL after 1,000 pages (4 MB): the snapshot
  // stops it, so the file holds every transaction.
  CHECK(wal_size(pool) > (std::uintmax_t{5} << 20));
  CHECK(entry_count(*reader) == 0);
  reader->execute_script("COMMIT");
  CHECK(entry_count(*reader) == 6000);
  CHECK(pool.checkpoint_stats().truncated == 0);
  CHECK(pool.checkpoint_stats().passive == 0);
}

TEST_CASE("the guard truncates the -wal file after the write that passes the bound while readers keep reading",
          "[connection_pool]") {
  TempDir tmp;
  auto options = pool_options(tmp, 2);
  options.checkpoint_wal_bytes = 256 << 10;
  options.checkpoint_wait = 10'000ms;  // a loaded CI machine may pause a reader; the guard waits only as needed
  dorm::ConnectionPool pool(options);
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (writing) {
        pool.with_reader([](dorm::Database& db) {
          // A read transaction over two statements: the snapshot lasts the whole lease.
          db.execute_script("BEGIN");
          (void)(entry_count(db) + entry_count(db));
          db.execute_script("COMMIT");
        });
        ++reads;
      }
    });
  }
  std::uintmax_t largest_after_write = 0;
  for (int t = 0; t < 300; ++t) {
    write_rows(pool, 10);
    largest_after_write = std::max(largest_after_write, wal_size(pool));
  }
  writing = false;
  for (auto& reader : readers) reader.join();

  CHECK(reads > 0);
  CHECK(largest_after_write <= options.checkpoint_wal_bytes);
  CHECK(pool.checkpoint_stats().truncated > 0);
  CHECK(pool.with_reader([](dorm::Database& db) { return entry_count(db); }) == 3000);
}

TEST_CASE("a reader lease held past checkpoint_wait gets a PASSIVE checkpoint and the truncation follows its end",
          "[connection_pool]") {
  TempDir tmp;
  auto options = pool_options(tmp, 1);
  options.checkpoint_wal_bytes = 64 << 10;
  options.checkpoint_wait = 50ms;
  dorm::ConnectionPool pool(options);
  auto reader = pool.read();
  reader->execute_script("BEGIN");
  CHECK(entry_count(*reader) == 0);
  write_rows(pool, 200);  // about 200 KB: past the bound
  CHECK(pool.checkpoint_stats().passive == 1);
  CHECK(pool.checkpoint_stats().truncated == 0);
  CHECK(wal_size(pool) > options.checkpoint_wal_bytes);
  reader.release();  // ends its transaction too
  write_rows(pool, 1);
  CHECK(pool.checkpoint_stats().truncated == 1);
  CHECK(wal_size(pool) == 0);
  CHECK(pool.with_reader([](dorm::Database& db) { return entry_count(db); }) == 201);
}

TEST_CASE("read() waits while the guard drains the readers, and its timeout says a checkpoint was waiting",
          "[connection_pool]") {
  TempDir tmp;
  auto options = pool_options(tmp, 2);
  options.checkpoint_wal_bytes = 64 << 10;
  options.checkpoint_wait = 30'000ms;  // the guard waits for `held` as long as the test needs
  options.lease_timeout = 100ms;
  dorm::ConnectionPool pool(options);
  auto held = pool.read();  // not in a transaction, but leased: the guard waits for it
  std::thread writer([&] { write_rows(pool, 200); });
  // The other reader is free, so read() succeeds until the guard stops handing readers out.
  std::string message;
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  while (message.empty() && std::chrono::steady_clock::now() < give_up) {
    try {
      auto lease = pool.read();
      lease.release();
      std::this_thread::sleep_for(1ms);
    } catch (const dorm::LeaseTimeout& e) {
      message = e.what();
    }
  }
  held.release();  // the guard runs its TRUNCATE now
  writer.join();
  CHECK_THAT(message, Catch::Contains("[dorm.connection_pool.read_timeout]") &&
                          Catch::Contains("a checkpoint was waiting for the reader leases to end"));
  CHECK(pool.checkpoint_stats().truncated == 1);
  CHECK(wal_size(pool) == 0);
  CHECK(pool.with_reader([](dorm::Database& db) { return entry_count(db); }) == 200);
}
