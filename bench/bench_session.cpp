// dorm::Session's unit of work (issue 16): flush() of 10,000 changed rows against hand-written
// sqlite3 code in one transaction (a prepared single-row UPDATE reused per row, the fastest a
// user writes by hand), and against the two multi-row forms a flush could take (`SET c = CASE
// id WHEN ? THEN ? ...`, `UPDATE ... FROM (VALUES ...)`); a flush with 10,000 managed rows and
// none changed; and the memory a managed row costs. Its own executable: `dorm_bench_session`
// (docs/performance.md, "Unit of work"); and deletes of 10,000 rows, by flush() and by hand
// (below). Every update variant writes the same 10,000 rows of
// users(id, name, email, age, score), changing `age`, in one transaction, on an in-memory
// database; the rows' new values are set in memory inside the timed loop by every variant.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include <dorm/backends/sqlite/handle.hpp>
#include <dorm/dorm.hpp>
#include <dorm/session/session.hpp>

#include "dorm_bench_session/models.hpp"

namespace {

using dorm_bench_session::User;
namespace users = dorm_bench_session;

constexpr int kRows = 10'000;

dorm::Database users_db() {
  auto db = dorm::Database::open(":memory:");
  dorm_bench_session::migrate(db);
  std::vector<User> rows;
  rows.reserve(kRows);
  for (int i = 1; i <= kRows; ++i)
    rows.push_back(User{.id = i, .name = "user " + std::to_string(i), .email = "u" + std::to_string(i) + "@example.com",
                        .age = 20 + i % 50, .score = 0.5 * i});
  db.insert_many(rows);
  return db;
}

void check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) throw std::runtime_error(sqlite3_errmsg(db));
}

// The hand-written writes, out of line so that bench/session_instructions.sh counts them
// alone (callgrind's --toggle-collect), as it counts Session::flush().

// A loop of one prepared single-row UPDATE, reset and rebound per row, in one transaction.
[[gnu::noinline]] void update_by_hand_written_loop(sqlite3* h, const std::vector<User>& rows) {
  check(sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr), h);
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(h, "UPDATE users SET age = ? WHERE id = ?", -1, &st, nullptr), h);
  for (const User& row : rows) {
    sqlite3_bind_int64(st, 1, row.age);
    sqlite3_bind_int64(st, 2, row.id);
    check(sqlite3_step(st), h);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  check(sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr), h);
}

// Multi-row UPDATEs of `batch` rows each (`sql`, see multi_row_sql()), in one transaction.
[[gnu::noinline]] void update_by_multi_row(sqlite3* h, const std::string& sql, bool case_when, int batch,
                                           const std::vector<User>& rows) {
  check(sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr), h);
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr), h);
  for (int begin = 0; begin < kRows; begin += batch) {
    for (int i = 0; i < batch; ++i) {
      const User& row = rows[static_cast<std::size_t>(begin + i)];
      sqlite3_bind_int64(st, 2 * i + 1, row.id);
      sqlite3_bind_int64(st, 2 * i + 2, row.age);
      if (case_when) sqlite3_bind_int64(st, 2 * batch + i + 1, row.id);
    }
    check(sqlite3_step(st), h);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  check(sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr), h);
}

// `SET age = CASE id WHEN ? THEN ? ... END WHERE id IN (...)` (`case_when`), else
// `UPDATE ... FROM (VALUES ...)`, for `batch` rows.
std::string multi_row_sql(bool case_when, int batch) {
  std::string sql;
  if (case_when) {
    sql = "UPDATE users SET age = CASE id";
    for (int i = 0; i < batch; ++i) sql += " WHEN ? THEN ?";
    sql += " END WHERE id IN (";
    for (int i = 0; i < batch; ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
  } else {
    sql = "UPDATE users SET age = v.column2 FROM (VALUES ";
    for (int i = 0; i < batch; ++i) sql += i == 0 ? "(?, ?)" : ", (?, ?)";
    sql += ") AS v WHERE users.id = v.column1";
  }
  return sql;
}

void BM_update_10k_hand_written_loop(benchmark::State& state) {
  auto db = users_db();
  std::vector<User> rows = db.select<User>().all();
  std::int64_t generation = 0;
  for (auto _ : state) {
    ++generation;
    for (User& row : rows) row.age = generation;
    update_by_hand_written_loop(dorm::sqlite::handle(db), rows);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_update_10k_hand_written_loop)->Unit(benchmark::kMillisecond);

void update_10k_multi_row(benchmark::State& state, bool case_when) {
  const int batch = static_cast<int>(state.range(0));
  auto db = users_db();
  std::vector<User> rows = db.select<User>().all();
  const std::string sql = multi_row_sql(case_when, batch);
  std::int64_t generation = 0;
  for (auto _ : state) {
    ++generation;
    for (User& row : rows) row.age = generation;
    update_by_multi_row(dorm::sqlite::handle(db), sql, case_when, batch, rows);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
void BM_update_10k_case_when(benchmark::State& state) { update_10k_multi_row(state, true); }
void BM_update_10k_values_join(benchmark::State& state) { update_10k_multi_row(state, false); }
BENCHMARK(BM_update_10k_case_when)->Arg(50)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_update_10k_values_join)->Arg(50)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

// session.flush() of 10,000 managed rows, every one with `age` changed.
void BM_flush_10k_changed(benchmark::State& state) {
  auto db = users_db();
  dorm::Session session(db);
  std::vector<User*> rows = session.select<User>().all();
  std::int64_t generation = 0;
  for (auto _ : state) {
    ++generation;
    for (User* row : rows) row->age = generation;
    session.flush();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_flush_10k_changed)->Unit(benchmark::kMillisecond);

// session.flush() of 10,000 managed rows, none changed: the comparison with the snapshots.
void BM_flush_10k_unchanged(benchmark::State& state) {
  auto db = users_db();
  dorm::Session session(db);
  std::vector<User*> rows = session.select<User>().all();
  for (auto _ : state) session.flush();
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_flush_10k_unchanged)->Unit(benchmark::kMicrosecond);

// ---- deletes: 10,000 rows of users removed in one transaction ----
// Each iteration starts from the 10,000 rows (inserted again with the timer paused) and deletes
// them all: by hand with a prepared single-row DELETE per row, with the multi-row forms a flush
// could take (`id IN (?, ...)`, `(id) IN (VALUES (?), ...)`, `id IN (SELECT value FROM
// json_each(?))`), and by session.flush() of 10,000 removed rows.

std::vector<User> all_users() {
  std::vector<User> rows;
  rows.reserve(kRows);
  for (int i = 1; i <= kRows; ++i)
    rows.push_back(User{.id = i, .name = "user " + std::to_string(i), .email = "u" + std::to_string(i) + "@example.com",
                        .age = 20 + i % 50, .score = 0.5 * i});
  return rows;
}

// A loop of one prepared `DELETE FROM users WHERE id = ?`, reset and rebound per row.
[[gnu::noinline]] void delete_by_hand_written_loop(sqlite3* h, const std::vector<User>& rows) {
  check(sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr), h);
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(h, "DELETE FROM users WHERE id = ?", -1, &st, nullptr), h);
  for (const User& row : rows) {
    sqlite3_bind_int64(st, 1, row.id);
    check(sqlite3_step(st), h);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  check(sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr), h);
}

// Multi-row DELETEs of `batch` ids each (`sql`), in one transaction.
[[gnu::noinline]] void delete_by_multi_row(sqlite3* h, const std::string& sql, int batch, const std::vector<User>& rows) {
  check(sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr), h);
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr), h);
  for (int begin = 0; begin < kRows; begin += batch) {
    for (int i = 0; i < batch; ++i) sqlite3_bind_int64(st, i + 1, rows[static_cast<std::size_t>(begin + i)].id);
    check(sqlite3_step(st), h);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  check(sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr), h);
}

// One DELETE binding every id as a JSON array: `id IN (SELECT value FROM json_each(?))`.
[[gnu::noinline]] void delete_by_json_each(sqlite3* h, const std::vector<User>& rows) {
  std::string ids = "[";
  for (const User& row : rows) {
    if (ids.size() > 1) ids += ',';
    ids += std::to_string(row.id);
  }
  ids += ']';
  check(sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr), h);
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(h, "DELETE FROM users WHERE id IN (SELECT value FROM json_each(?))", -1, &st, nullptr), h);
  sqlite3_bind_text(st, 1, ids.data(), static_cast<int>(ids.size()), SQLITE_STATIC);
  check(sqlite3_step(st), h);
  sqlite3_finalize(st);
  check(sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr), h);
}

// `id IN (?, ...)` (`values` false) or `id IN (VALUES (?), ...)` for `batch` rows.
std::string multi_row_delete_sql(bool values, int batch) {
  std::string sql = values ? "DELETE FROM users WHERE id IN (VALUES " : "DELETE FROM users WHERE id IN (";
  for (int i = 0; i < batch; ++i) {
    if (i > 0) sql += ", ";
    sql += values ? "(?)" : "?";
  }
  return sql + ")";
}

// Runs `remove(db, rows)` per iteration on the 10,000 rows, inserted again untimed.
template <class Remove>
void delete_10k(benchmark::State& state, Remove remove) {
  auto db = users_db();
  const std::vector<User> rows = all_users();
  for (auto _ : state) {
    remove(db, rows);
    state.PauseTiming();
    if (db.select<User>().count() != 0) state.SkipWithError("rows left");
    std::vector<User> again = rows;
    db.insert_many(again);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_delete_10k_hand_written_loop(benchmark::State& state) {
  delete_10k(state, [](dorm::Database& db, const std::vector<User>& rows) {
    delete_by_hand_written_loop(dorm::sqlite::handle(db), rows);
  });
}
BENCHMARK(BM_delete_10k_hand_written_loop)->Unit(benchmark::kMillisecond);

void BM_delete_10k_in_list(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  const std::string sql = multi_row_delete_sql(false, batch);
  delete_10k(state, [&](dorm::Database& db, const std::vector<User>& rows) {
    delete_by_multi_row(dorm::sqlite::handle(db), sql, batch, rows);
  });
}
BENCHMARK(BM_delete_10k_in_list)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_delete_10k_in_values(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  const std::string sql = multi_row_delete_sql(true, batch);
  delete_10k(state, [&](dorm::Database& db, const std::vector<User>& rows) {
    delete_by_multi_row(dorm::sqlite::handle(db), sql, batch, rows);
  });
}
BENCHMARK(BM_delete_10k_in_values)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_delete_10k_json_each(benchmark::State& state) {
  delete_10k(state, [](dorm::Database& db, const std::vector<User>& rows) {
    delete_by_json_each(dorm::sqlite::handle(db), rows);
  });
}
BENCHMARK(BM_delete_10k_json_each)->Unit(benchmark::kMillisecond);

// session.flush() of 10,000 removed rows: the rows are loaded into the session and remove()d
// untimed; the flush is timed.
void BM_flush_10k_removed(benchmark::State& state) {
  auto db = users_db();
  const std::vector<User> rows = all_users();
  for (auto _ : state) {
    state.PauseTiming();
    {
      dorm::Session session(db);
      for (User* row : session.select<User>().all()) session.remove(*row);
      state.ResumeTiming();
      session.flush();
      state.PauseTiming();
    }
    if (db.select<User>().count() != 0) state.SkipWithError("rows left");
    std::vector<User> again = rows;
    db.insert_many(again);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_flush_10k_removed)->Unit(benchmark::kMillisecond);

// The heap a managed row costs: bytes allocated (glibc's mallinfo2) by a session holding the
// 10,000 rows, less those of the same rows in a std::vector<User> (what select().all() costs),
// per row. Counters: session_bytes_per_row, vector_bytes_per_row, extra_bytes_per_row.
void BM_memory_per_managed_row(benchmark::State& state) {
  auto db = users_db();
  double session_bytes = 0;
  double vector_bytes = 0;
  for (auto _ : state) {
    const auto before = mallinfo2().uordblks;
    {
      std::vector<User> plain = db.select<User>().all();
      vector_bytes = static_cast<double>(mallinfo2().uordblks - before);
      benchmark::DoNotOptimize(plain.data());
    }
    const auto before_session = mallinfo2().uordblks;
    dorm::Session session(db);
    benchmark::DoNotOptimize(session.select<User>().all());
    session_bytes = static_cast<double>(mallinfo2().uordblks - before_session);
  }
  state.counters["session_bytes_per_row"] = session_bytes / kRows;
  state.counters["vector_bytes_per_row"] = vector_bytes / kRows;
  state.counters["extra_bytes_per_row"] = (session_bytes - vector_bytes) / kRows;
  state.counters["sizeof_row"] = sizeof(User);
}
BENCHMARK(BM_memory_per_managed_row)->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
