// The baseline: the best hand-written sqlite3 C API code for W1-W5. Statements are prepared
// once (persistent), values bound with sqlite3_bind_* (text SQLITE_STATIC), rows read with
// sqlite3_column_* straight into the struct (text by pointer + byte count, no strlen, no
// intermediate copies); NULL checks only on the nullable columns.
#include <benchmark/benchmark.h>

#include "common.hpp"

namespace {

using bench::User;

void read_user(sqlite3_stmt* st, User& u) {
  u.id = sqlite3_column_int64(st, 0);
  u.name.assign(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)),
                static_cast<std::size_t>(sqlite3_column_bytes(st, 1)));
  if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
    u.email.emplace(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)),
                    static_cast<std::size_t>(sqlite3_column_bytes(st, 2)));
  } else {
    u.email.reset();
  }
  u.age = sqlite3_column_int64(st, 3);
  if (sqlite3_column_type(st, 4) != SQLITE_NULL) u.score = sqlite3_column_double(st, 4);
  else u.score.reset();
}

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
}

constexpr const char* select_columns = "SELECT id, name, email, age, score FROM users";

void W1_insert(benchmark::State& state) {
  const std::string path = bench::write_db("w1_c_api");
  sqlite3* db = bench::open_raw(path);
  sqlite3_stmt* ins = bench::prepare(db, "INSERT INTO users (name, email, age, score) VALUES (?, ?, ?, ?)");
  sqlite3_stmt* begin = bench::prepare(db, "BEGIN IMMEDIATE");
  sqlite3_stmt* commit = bench::prepare(db, "COMMIT");
  std::vector<User> rows = bench::insert_rows();
  for (auto _ : state) {
    state.PauseTiming();
    bench::exec(db, "DELETE FROM users");
    bench::exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    for (User& u : rows) u.id = 0;
    state.ResumeTiming();
    bench::check(db, sqlite3_step(begin));
    sqlite3_reset(begin);
    for (User& u : rows) {
      bind_text(ins, 1, u.name);
      if (u.email) bind_text(ins, 2, *u.email);
      else sqlite3_bind_null(ins, 2);
      sqlite3_bind_int64(ins, 3, u.age);
      if (u.score) sqlite3_bind_double(ins, 4, *u.score);
      else sqlite3_bind_null(ins, 4);
      bench::check(db, sqlite3_step(ins));
      sqlite3_reset(ins);
      u.id = sqlite3_last_insert_rowid(db);
    }
    bench::check(db, sqlite3_step(commit));
    sqlite3_reset(commit);
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
  sqlite3_finalize(ins);
  sqlite3_finalize(begin);
  sqlite3_finalize(commit);
  sqlite3_close_v2(db);
}

void W2_point_select(benchmark::State& state) {
  sqlite3* db = bench::open_raw(bench::read_db());
  sqlite3_stmt* st = bench::prepare(db, (std::string(select_columns) + " WHERE id = ?").c_str());
  const auto& ids = bench::lookup_ids();
  for (auto _ : state) {
    std::size_t sink = 0;
    for (std::int64_t id : ids) {
      sqlite3_bind_int64(st, 1, id);
      if (sqlite3_step(st) == SQLITE_ROW) {
        User u;
        read_user(st, u);
        sink += static_cast<std::size_t>(u.age) + u.name.size();
      }
      sqlite3_reset(st);
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * bench::point_selects);
  sqlite3_finalize(st);
  sqlite3_close_v2(db);
}

void W3_scan_vector(benchmark::State& state) {
  sqlite3* db = bench::open_raw(bench::read_db());
  sqlite3_stmt* st = bench::prepare(db, select_columns);
  for (auto _ : state) {
    std::vector<User> rows;
    while (sqlite3_step(st) == SQLITE_ROW) read_user(st, rows.emplace_back());
    sqlite3_reset(st);
    if (static_cast<std::int64_t>(rows.size()) != bench::user_rows) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
  sqlite3_finalize(st);
  sqlite3_close_v2(db);
}

void W3_scan_cursor(benchmark::State& state) {
  sqlite3* db = bench::open_raw(bench::read_db());
  sqlite3_stmt* st = bench::prepare(db, select_columns);
  for (auto _ : state) {
    std::size_t sink = 0;
    User u;
    while (sqlite3_step(st) == SQLITE_ROW) {
      read_user(st, u);
      sink += static_cast<std::size_t>(u.age) + u.name.size();
    }
    sqlite3_reset(st);
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
  sqlite3_finalize(st);
  sqlite3_close_v2(db);
}

void W4_filtered(benchmark::State& state) {
  sqlite3* db = bench::open_raw(bench::read_db());
  sqlite3_stmt* st =
      bench::prepare(db, (std::string(select_columns) + " WHERE age > ? AND name LIKE ? ORDER BY score LIMIT ?").c_str());
  for (auto _ : state) {
    std::size_t sink = 0;
    for (int run = 0; run < bench::filtered_runs; ++run) {
      sqlite3_bind_int64(st, 1, 30);
      sqlite3_bind_text(st, 2, "a%", 2, SQLITE_STATIC);
      sqlite3_bind_int64(st, 3, 100);
      std::vector<User> rows;
      rows.reserve(100);
      while (sqlite3_step(st) == SQLITE_ROW) read_user(st, rows.emplace_back());
      sqlite3_reset(st);
      sink += rows.size();
    }
    if (sink != 100u * static_cast<std::size_t>(bench::filtered_runs)) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * bench::filtered_runs);
  sqlite3_finalize(st);
  sqlite3_close_v2(db);
}

void W5_update(benchmark::State& state) {
  const std::string path = bench::write_db("w5_c_api");
  sqlite3* db = bench::open_raw(path);
  sqlite3_stmt* st = bench::prepare(db, "UPDATE users SET name = ?, email = ?, age = ?, score = ? WHERE id = ?");
  sqlite3_stmt* begin = bench::prepare(db, "BEGIN IMMEDIATE");
  sqlite3_stmt* commit = bench::prepare(db, "COMMIT");
  const auto& rows = bench::update_rows();
  for (auto _ : state) {
    bench::check(db, sqlite3_step(begin));
    sqlite3_reset(begin);
    for (const User& u : rows) {
      bind_text(st, 1, u.name);
      if (u.email) bind_text(st, 2, *u.email);
      else sqlite3_bind_null(st, 2);
      sqlite3_bind_int64(st, 3, u.age);
      if (u.score) sqlite3_bind_double(st, 4, *u.score);
      else sqlite3_bind_null(st, 4);
      sqlite3_bind_int64(st, 5, u.id);
      bench::check(db, sqlite3_step(st));
      sqlite3_reset(st);
    }
    bench::check(db, sqlite3_step(commit));
    sqlite3_reset(commit);
  }
  state.SetItemsProcessed(state.iterations() * bench::updates);
  sqlite3_finalize(st);
  sqlite3_finalize(begin);
  sqlite3_finalize(commit);
  sqlite3_close_v2(db);
}

}  // namespace

BENCHMARK(W1_insert)->Name("W1_insert_100k/c_api")->Unit(benchmark::kMillisecond);
BENCHMARK(W2_point_select)->Name("W2_point_select_100k/c_api")->Unit(benchmark::kMillisecond);
BENCHMARK(W3_scan_vector)->Name("W3_scan_vector_100k/c_api")->Unit(benchmark::kMillisecond);
BENCHMARK(W3_scan_cursor)->Name("W3_scan_cursor_100k/c_api")->Unit(benchmark::kMillisecond);
BENCHMARK(W4_filtered)->Name("W4_filtered_x1000/c_api")->Unit(benchmark::kMillisecond);
BENCHMARK(W5_update)->Name("W5_update_10k/c_api")->Unit(benchmark::kMillisecond);
