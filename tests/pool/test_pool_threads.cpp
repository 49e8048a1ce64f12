// dorm::Pool from several threads: exclusive leases, no lost updates under eviction, waiting
// for a held tenant, slow opens that hold up only their own tenant, and drop() under contention.
#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "pool_support.hpp"

using namespace std::chrono_literals;

namespace {

// True once `future` is ready, waiting at most `patience`.
template <class T>
bool finishes(std::future<T>& future, std::chrono::milliseconds patience = 2000ms) {
  return future.wait_for(patience) == std::future_status::ready;
}

}  // namespace

TEST_CASE("threads bumping counters in random tenants never share a handle and lose no update", "[pool][threads]") {
  TempDir tmp;
  constexpr int threads = 8;
  constexpr int tenants = 24;
  constexpr int ops_per_thread = 150;
  constexpr std::size_t max_open = 5;  // fewer than the threads: overflow and eviction both happen
  dorm::Pool pool(pool_options(tmp.path(), max_open));

  std::array<std::atomic<bool>, tenants> in_use{};
  std::atomic<int> overlaps{0};
  std::atomic<std::size_t> most_open{0};
  std::mutex expected_mutex;
  std::map<int, std::int64_t> expected;

  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t) * 7919U + 1U);
      std::uniform_int_distribution<int> pick(0, tenants - 1);
      std::map<int, std::int64_t> mine;
      for (int op = 0; op < ops_per_thread; ++op) {
        const int tenant = pick(random);
        pool.with_tenant("tenant-" + std::to_string(tenant), [&](dorm::Database& db) {
          if (in_use[tenant].exchange(true)) ++overlaps;
          bump(db, "hits");
          std::size_t now = pool.open_count();
          std::size_t seen = most_open.load();
          while (now > seen && !most_open.compare_exchange_weak(seen, now)) {
          }
          in_use[tenant] = false;
        });
        ++mine[tenant];
      }
      std::lock_guard lock(expected_mutex);
      for (auto [tenant, n] : mine) expected[tenant] += n;
    });
  }
  for (auto& worker : workers) worker.join();

  CHECK(overlaps == 0);
  CHECK(most_open.load() <= static_cast<std::size_t>(threads));  // max(max_open, leases held at once)
  CHECK(pool.open_count() <= max_open);
  std::int64_t total = 0;
  for (auto [tenant, n] : expected) {
    INFO("tenant-" << tenant);
    CHECK(pool.with_tenant("tenant-" + std::to_string(tenant), [](dorm::Database& db) { return counter(db, "hits"); }) == n);
    total += n;
  }
  CHECK(total == threads * ops_per_thread);
}

TEST_CASE("one tenant's handle goes to one thread at a time", "[pool][threads]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path(), 1));
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
  std::atomic<dorm::Database*> handle{nullptr};
  std::atomic<int> handles_seen{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < 40; ++i) {
        pool.with_tenant("shared", [&](dorm::Database& db) {
          const int now = ++inside;
          int seen = most_inside.load();
          while (now > seen && !most_inside.compare_exchange_weak(seen, now)) {
          }
          if (handle.exchange(&db) != &db) ++handles_seen;
          bump(db, "n");
          std::this_thread::yield();
          --inside;
        });
      }
    });
  }
  for (auto& worker : workers) worker.join();
  CHECK(most_inside == 1);
  CHECK(handles_seen == 1);  // the same open handle all along: never evicted, never reopened
  CHECK(pool.with_tenant("shared", [](dorm::Database& db) { return counter(db, "n"); }) == 160);
}

TEST_CASE("acquire waits while another thread holds the tenant and proceeds once it is released", "[pool][threads]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  auto lease = pool.acquire("alice");
  bump(*lease, "k");
  auto waiter = std::async(std::launch::async, [&] {
    return pool.with_tenant("alice", [](dorm::Database& db) { return counter(db, "k"); });
  });
  CHECK(waiter.wait_for(100ms) == std::future_status::timeout);
  CHECK(pool.with_tenant("bob", [](dorm::Database& db) { return db.is_open(); }));  // other tenants are free
  lease.release();
  REQUIRE(finishes(waiter));
  CHECK(waiter.get() == 1);
}

TEST_CASE("a slow open of one tenant does not hold up other tenants", "[pool][threads]") {
  TempDir tmp;
  auto options = pool_options(tmp.path());
  std::promise<void> slow_started;
  std::promise<void> let_slow_finish;
  auto finish = let_slow_finish.get_future().share();
  options.on_open = [&](dorm::Database&, std::string_view name) {
    if (name == "slow") {
      slow_started.set_value();
      finish.wait();
    }
  };
  dorm::Pool pool(options);
  auto slow = std::async(std::launch::async, [&] { pool.with_tenant("slow", [](dorm::Database& db) { bump(db, "k"); }); });
  slow_started.get_future().wait();
  // "slow" is mid-open: other tenants open, list and report meanwhile.
  auto fast = std::async(std::launch::async, [&] {
    pool.with_tenant("fast", [](dorm::Database& db) { bump(db, "k"); });
    return pool.open_count();
  });
  REQUIRE(finishes(fast));
  CHECK(fast.get() == 2);
  CHECK(slow.wait_for(0ms) == std::future_status::timeout);
  let_slow_finish.set_value();
  REQUIRE(finishes(slow));
}

TEST_CASE("drop waits for the lease, and an acquire waiting meanwhile sees the old or a fresh database", "[pool][threads]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  auto lease = pool.acquire("alice");
  bump(*lease, "k");
  auto dropper = std::async(std::launch::async, [&] { return pool.drop("alice"); });
  CHECK(dropper.wait_for(100ms) == std::future_status::timeout);
  auto reader = std::async(std::launch::async, [&] {
    return pool.with_tenant("alice", [](dorm::Database& db) { return counter(db, "k"); });
  });
  CHECK(reader.wait_for(50ms) == std::future_status::timeout);
  CHECK(pool.exists("alice"));
  lease.release();
  REQUIRE(finishes(dropper));
  REQUIRE(finishes(reader));
  CHECK(dropper.get());
  const auto seen = reader.get();
  CHECK((seen == 0 || seen == 1));
  // Whoever went second decides what is left: the fresh database of a later reader, or nothing.
  CHECK(pool.exists("alice") == (seen == 0));
  CHECK(pool.open_count() == (seen == 0 ? 1U : 0U));
}

TEST_CASE("an evicted tenant's waiters get it back once its handle is closed", "[pool][threads]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path(), 2));
  std::vector<std::thread> workers;
  std::atomic<int> done{0};
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        pool.with_tenant("t" + std::to_string((t + i) % 3), [](dorm::Database& db) { bump(db, "n"); });
        ++done;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  CHECK(done == 120);
  std::int64_t total = 0;
  for (int t = 0; t < 3; ++t)
    total += pool.with_tenant("t" + std::to_string(t), [](dorm::Database& db) { return counter(db, "n"); });
  CHECK(total == 120);
  CHECK(pool.open_count() == 2);
}

TEST_CASE("destroying a pool waits for the leases other threads still hold", "[pool][threads]") {
  TempDir tmp;
  auto pool = std::make_unique<dorm::Pool>(pool_options(tmp.path()));
  std::promise<void> holding;
  std::atomic<bool> released{false};
  std::thread holder([&] {
    auto lease = pool->acquire("alice");
    holding.set_value();
    std::this_thread::sleep_for(100ms);
    bump(*lease, "k");
    released = true;
  });
  holding.get_future().wait();
  pool.reset();
  CHECK(released);
  holder.join();
}
