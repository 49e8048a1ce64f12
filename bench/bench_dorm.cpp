// dorm's side of W1-W5: the plain one-call API on the generated models of
// bench/schemas/users.json, nothing prepared by hand.
#include <benchmark/benchmark.h>

#include "common.hpp"
#include "dorm_bench/models.hpp"

#include <dorm/backends/sqlite/handle.hpp>

namespace {

using dorm_bench::User;
using dorm_bench::users;

std::vector<User> to_dorm(const std::vector<bench::User>& in) {
  std::vector<User> out;
  out.reserve(in.size());
  for (const auto& u : in) out.push_back(User{u.id, u.name, u.email, u.age, u.score});
  return out;
}

void W1_insert(benchmark::State& state) {
  const std::string path = bench::write_db("w1_dorm");
  auto db = dorm::Database::open(path);
  std::vector<User> rows = to_dorm(bench::insert_rows());
  for (auto _ : state) {
    state.PauseTiming();
    bench::exec(dorm::sqlite::handle(db), "DELETE FROM users");
    bench::exec(dorm::sqlite::handle(db), "PRAGMA wal_checkpoint(TRUNCATE)");
    for (User& u : rows) u.id = 0;
    state.ResumeTiming();
    db.transaction([&] {
      for (User& u : rows) db.insert(u);  // fills u.id
    });
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
}

// Not a target workload: W1 through insert_many() (multi-row INSERTs), for comparison.
void W1_insert_many(benchmark::State& state) {
  const std::string path = bench::write_db("w1_dorm_many");
  auto db = dorm::Database::open(path);
  std::vector<User> rows = to_dorm(bench::insert_rows());
  for (auto _ : state) {
    state.PauseTiming();
    bench::exec(dorm::sqlite::handle(db), "DELETE FROM users");
    bench::exec(dorm::sqlite::handle(db), "PRAGMA wal_checkpoint(TRUNCATE)");
    for (User& u : rows) u.id = 0;
    state.ResumeTiming();
    db.insert_many(rows);
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
}

void W2_point_select(benchmark::State& state) {
  auto db = dorm::Database::open(bench::read_db());
  const auto& ids = bench::lookup_ids();
  for (auto _ : state) {
    std::size_t sink = 0;
    for (std::int64_t id : ids) {
      if (auto u = db.find<User>(id)) sink += static_cast<std::size_t>(u->age) + u->name.size();
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * bench::point_selects);
}

void W3_scan_vector(benchmark::State& state) {
  auto db = dorm::Database::open(bench::read_db());
  for (auto _ : state) {
    std::vector<User> rows = db.select<User>().all();
    if (static_cast<std::int64_t>(rows.size()) != bench::user_rows) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
}

void W3_scan_cursor(benchmark::State& state) {
  auto db = dorm::Database::open(bench::read_db());
  for (auto _ : state) {
    std::size_t sink = 0;
    for (const User& u : db.select<User>().cursor()) sink += static_cast<std::size_t>(u.age) + u.name.size();
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
}

void W4_filtered(benchmark::State& state) {
  auto db = dorm::Database::open(bench::read_db());
  for (auto _ : state) {
    std::size_t sink = 0;
    for (int run = 0; run < bench::filtered_runs; ++run) {
      std::vector<User> rows =
          db.select<User>().where(users.age > 30 && users.name.like("a%")).order_by(users.score).limit(100).all();
      sink += rows.size();
    }
    if (sink != 100u * static_cast<std::size_t>(bench::filtered_runs)) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * bench::filtered_runs);
}

void W5_update(benchmark::State& state) {
  const std::string path = bench::write_db("w5_dorm");
  auto db = dorm::Database::open(path);
  const std::vector<User> rows = to_dorm(bench::update_rows());
  for (auto _ : state) {
    db.transaction([&] {
      for (const User& u : rows) db.update(u);
    });
  }
  state.SetItemsProcessed(state.iterations() * bench::updates);
}

}  // namespace

BENCHMARK(W1_insert)->Name("W1_insert_100k/dorm")->Unit(benchmark::kMillisecond);
BENCHMARK(W1_insert_many)->Name("W1_insert_100k/dorm_insert_many")->Unit(benchmark::kMillisecond);
BENCHMARK(W2_point_select)->Name("W2_point_select_100k/dorm")->Unit(benchmark::kMillisecond);
BENCHMARK(W3_scan_vector)->Name("W3_scan_vector_100k/dorm")->Unit(benchmark::kMillisecond);
BENCHMARK(W3_scan_cursor)->Name("W3_scan_cursor_100k/dorm")->Unit(benchmark::kMillisecond);
BENCHMARK(W4_filtered)->Name("W4_filtered_x1000/dorm")->Unit(benchmark::kMillisecond);
BENCHMARK(W5_update)->Name("W5_update_10k/dorm")->Unit(benchmark::kMillisecond);
