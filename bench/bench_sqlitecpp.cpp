// SQLiteCpp's side of W1-W5, written the way its README shows: SQLite::Database opened with
// OPEN_READWRITE | OPEN_CREATE, one SQLite::Statement per query prepared once and reused with
// bind() / executeStep() / exec() / reset(), SQLite::Transaction for the writes, values read
// with getColumn(i).getInt64() / getString() / getDouble() / isNull().
#include <SQLiteCpp/SQLiteCpp.h>
#include <benchmark/benchmark.h>

#include "common.hpp"

namespace {

using bench::User;

SQLite::Database open(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  return db;
}

void read_user(SQLite::Statement& q, User& u) {
  u.id = q.getColumn(0).getInt64();
  u.name = q.getColumn(1).getString();
  SQLite::Column email = q.getColumn(2);
  if (email.isNull()) u.email.reset();
  else u.email = email.getString();
  u.age = q.getColumn(3).getInt64();
  SQLite::Column score = q.getColumn(4);
  if (score.isNull()) u.score.reset();
  else u.score = score.getDouble();
}

constexpr const char* select_columns = "SELECT id, name, email, age, score FROM users";

void W1_insert(benchmark::State& state) {
  const std::string path = bench::write_db("w1_sqlitecpp");
  SQLite::Database db = open(path);
  SQLite::Statement insert(db, "INSERT INTO users (name, email, age, score) VALUES (?, ?, ?, ?)");
  std::vector<User> rows = bench::insert_rows();
  for (auto _ : state) {
    state.PauseTiming();
    bench::exec(db.getHandle(), "DELETE FROM users");
    bench::exec(db.getHandle(), "PRAGMA wal_checkpoint(TRUNCATE)");
    for (User& u : rows) u.id = 0;
    state.ResumeTiming();
    SQLite::Transaction transaction(db);
    for (User& u : rows) {
      insert.bind(1, u.name);
      if (u.email) insert.bind(2, *u.email);
      else insert.bind(2);
      insert.bind(3, u.age);
      if (u.score) insert.bind(4, *u.score);
      else insert.bind(4);
      insert.exec();
      insert.reset();
      u.id = db.getLastInsertRowid();
    }
    transaction.commit();
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
}

void W2_point_select(benchmark::State& state) {
  SQLite::Database db = open(bench::read_db());
  SQLite::Statement query(db, std::string(select_columns) + " WHERE id = ?");
  const auto& ids = bench::lookup_ids();
  for (auto _ : state) {
    std::size_t sink = 0;
    for (std::int64_t id : ids) {
      query.bind(1, id);
      if (query.executeStep()) {
        User u;
        read_user(query, u);
        sink += static_cast<std::size_t>(u.age) + u.name.size();
      }
      query.reset();
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * bench::point_selects);
}

void W3_scan_vector(benchmark::State& state) {
  SQLite::Database db = open(bench::read_db());
  SQLite::Statement query(db, select_columns);
  for (auto _ : state) {
    std::vector<User> rows;
    while (query.executeStep()) read_user(query, rows.emplace_back());
    query.reset();
    if (static_cast<std::int64_t>(rows.size()) != bench::user_rows) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
}

void W3_scan_cursor(benchmark::State& state) {
  SQLite::Database db = open(bench::read_db());
  SQLite::Statement query(db, select_columns);
  for (auto _ : state) {
    std::size_t sink = 0;
    User u;
    while (query.executeStep()) {
      read_user(query, u);
      sink += static_cast<std::size_t>(u.age) + u.name.size();
    }
    query.reset();
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * bench::user_rows);
}

void W4_filtered(benchmark::State& state) {
  SQLite::Database db = open(bench::read_db());
  SQLite::Statement query(db, std::string(select_columns) + " WHERE age > ? AND name LIKE ? ORDER BY score LIMIT ?");
  for (auto _ : state) {
    std::size_t sink = 0;
    for (int run = 0; run < bench::filtered_runs; ++run) {
      query.bind(1, 30);
      query.bind(2, "a%");
      query.bind(3, 100);
      std::vector<User> rows;
      rows.reserve(100);
      while (query.executeStep()) read_user(query, rows.emplace_back());
      query.reset();
      sink += rows.size();
    }
    if (sink != 100u * static_cast<std::size_t>(bench::filtered_runs)) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(state.iterations() * bench::filtered_runs);
}

void W5_update(benchmark::State& state) {
  const std::string path = bench::write_db("w5_sqlitecpp");
  SQLite::Database db = open(path);
  SQLite::Statement update(db, "UPDATE users SET name = ?, email = ?, age = ?, score = ? WHERE id = ?");
  const auto& rows = bench::update_rows();
  for (auto _ : state) {
    SQLite::Transaction transaction(db);
    for (const User& u : rows) {
      update.bind(1, u.name);
      if (u.email) update.bind(2, *u.email);
      else update.bind(2);
      update.bind(3, u.age);
      if (u.score) update.bind(4, *u.score);
      else update.bind(4);
      update.bind(5, u.id);
      update.exec();
      update.reset();
    }
    transaction.commit();
  }
  state.SetItemsProcessed(state.iterations() * bench::updates);
}

}  // namespace

BENCHMARK(W1_insert)->Name("W1_insert_100k/sqlitecpp")->Unit(benchmark::kMillisecond);
BENCHMARK(W2_point_select)->Name("W2_point_select_100k/sqlitecpp")->Unit(benchmark::kMillisecond);
BENCHMARK(W3_scan_vector)->Name("W3_scan_vector_100k/sqlitecpp")->Unit(benchmark::kMillisecond);
BENCHMARK(W3_scan_cursor)->Name("W3_scan_cursor_100k/sqlitecpp")->Unit(benchmark::kMillisecond);
BENCHMARK(W4_filtered)->Name("W4_filtered_x1000/sqlitecpp")->Unit(benchmark::kMillisecond);
BENCHMARK(W5_update)->Name("W5_update_10k/sqlitecpp")->Unit(benchmark::kMillisecond);
