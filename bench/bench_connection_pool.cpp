// dorm::ConnectionPool from several threads (issue 14, item 11): point reads through reader
// leases and write transactions through the writer lease, with 1, 2 and 4 threads. Its own
// executable, `dorm_bench_connection_pool` (docs/concurrency.md, "Throughput").
//
// ConnectionPool_point_read: each iteration leases a reader, runs find<User>(random id) on a
// 10,000-row table and ends the lease; items/s is reads per second over all threads.
// ConnectionPool_write: each iteration leases the writer and commits one transaction of one
// INSERT; items/s is transactions per second. Its connections have a busy timeout of 0, so a
// lock conflict between them would be a BusyError at once: the `busy_errors` counter counts
// them and the run fails when it is not 0. ConnectionPool_read_lease (a lease with no query)
// and Database_point_read (the same read on one plain Database) split the read's cost.
//
// Environment: DORM_BENCH_DIR (put the database files there instead of a temporary folder).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>

#include <dorm/core/connection_pool.hpp>

#include "dorm_bench_cp/models.hpp"

namespace {

constexpr std::int64_t row_count = 10'000;

// A folder for the benchmark's files, removed at exit.
class Folder {
 public:
  Folder() {
    const char* dir = std::getenv("DORM_BENCH_DIR");
    path_ = (dir != nullptr ? std::filesystem::path(dir) : std::filesystem::temp_directory_path()) /
            ("dorm_bench_cp_" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(path_);
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  ~Folder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

Folder& folder() {
  static Folder instance;
  return instance;
}

dorm::ConnectionPoolOptions options_for(const std::string& file) {
  dorm::ConnectionPoolOptions options;
  options.path = folder().path() / file;
  options.readers = 4;
  options.open.busy_timeout = std::chrono::milliseconds(0);  // a conflict must show, not wait
  options.lease_timeout = std::chrono::milliseconds(60'000);
  options.migrate = [](dorm::Database& db) { dorm_bench_cp::migrate(db); };
  return options;
}

// The read benchmark's pool: 10,000 users, made once (thread-safe static initialization).
dorm::ConnectionPool& read_pool() {
  static dorm::ConnectionPool pool = [] {
    return dorm::ConnectionPool(options_for("read.db"));
  }();
  static const bool filled = [] {
    pool.with_writer([](dorm::Database& db) {
      db.transaction([&] {
        for (std::int64_t id = 1; id <= row_count; ++id) {
          dorm_bench_cp::User user{.id = id, .name = "user " + std::to_string(id), .age = id % 90};
          db.insert(user);
        }
      });
    });
    return true;
  }();
  (void)filled;
  return pool;
}

dorm::ConnectionPool& write_pool() {
  static dorm::ConnectionPool pool(options_for("write.db"));
  return pool;
}

std::atomic<std::int64_t> next_id{1};

void ConnectionPool_point_read(benchmark::State& state) {
  dorm::ConnectionPool& pool = read_pool();
  std::mt19937_64 random(static_cast<std::uint64_t>(state.thread_index()) + 1);
  std::uniform_int_distribution<std::int64_t> pick(1, row_count);
  std::int64_t found = 0;
  for (auto _ : state) {
    auto lease = pool.read();
    found += lease->find<dorm_bench_cp::User>(pick(random)).has_value() ? 1 : 0;
  }
  if (found != static_cast<std::int64_t>(state.iterations())) state.SkipWithError("a point read found no row");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// The lease alone (read() and its end, no query): the pool's share of a point read.
void ConnectionPool_read_lease(benchmark::State& state) {
  dorm::ConnectionPool& pool = read_pool();
  for (auto _ : state) {
    auto lease = pool.read();
    benchmark::DoNotOptimize(&lease);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// The same point read on one plain Database, no pool: the baseline of the read benchmark.
void Database_point_read(benchmark::State& state) {
  read_pool();  // makes and fills the file
  auto db = dorm::Database::open((folder().path() / "read.db").string());
  std::mt19937_64 random(1);
  std::uniform_int_distribution<std::int64_t> pick(1, row_count);
  std::int64_t found = 0;
  for (auto _ : state) found += db.find<dorm_bench_cp::User>(pick(random)).has_value() ? 1 : 0;
  if (found != static_cast<std::int64_t>(state.iterations())) state.SkipWithError("a point read found no row");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void ConnectionPool_write(benchmark::State& state) {
  dorm::ConnectionPool& pool = write_pool();
  std::int64_t busy = 0;
  for (auto _ : state) {
    try {
      pool.with_writer([](dorm::Database& db) {
        db.transaction([&] {
          const std::int64_t id = next_id.fetch_add(1);
          dorm_bench_cp::User user{.id = id, .name = "writer", .age = 30};
          db.insert(user);
        });
      });
    } catch (const dorm::BusyError&) {
      ++busy;
    }
  }
  state.counters["busy_errors"] = benchmark::Counter(static_cast<double>(busy), benchmark::Counter::kDefaults);
  if (busy != 0) state.SkipWithError("a BusyError between the pool's own connections");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

}  // namespace

BENCHMARK(ConnectionPool_point_read)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(ConnectionPool_read_lease)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(Database_point_read)->UseRealTime();
BENCHMARK(ConnectionPool_write)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

BENCHMARK_MAIN();
