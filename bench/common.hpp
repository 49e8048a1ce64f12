#pragma once
// Shared set-up of the benchmarks: the data (deterministic), the database files and the raw
// sqlite3 helpers the hand-written baselines use. Every library gets its own connection, with
// the same settings as dorm's defaults: WAL, synchronous=NORMAL, foreign_keys=ON.
#include <sqlite3.h>

#include <algorithm>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace bench {

/// The workload sizes below divided by $DORM_BENCH_DIVISOR (default 1): a small run for
/// profiling under callgrind, e.g. DORM_BENCH_DIVISOR=10.
inline std::int64_t scaled(std::int64_t n) {
  const char* d = std::getenv("DORM_BENCH_DIVISOR");
  const std::int64_t divisor = d != nullptr ? std::max<std::int64_t>(1, std::atoll(d)) : 1;
  return n / divisor;
}
/// Rows of the users table in W1-W5.
inline const std::int64_t user_rows = scaled(100'000);
/// Point selects in W2.
inline const std::int64_t point_selects = scaled(100'000);
/// Runs of the W4 query.
inline const int filtered_runs = static_cast<int>(scaled(1'000));
/// Updates in W5.
inline const std::int64_t updates = scaled(10'000);
/// W6: users, posts and comments per post.
inline constexpr std::int64_t eager_users = 100;
inline constexpr std::int64_t eager_posts = 1'000;
inline constexpr std::int64_t comments_per_post = 5;

/// The row type of the hand-written and SQLiteCpp code: the same members as dorm's generated
/// struct, so every library builds the same objects.
struct User {
  std::int64_t id{};
  std::string name{};
  std::optional<std::string> email{};
  std::int64_t age{};
  std::optional<double> score{};
};

/// The users of W1 (id 0: SQLite assigns it), deterministic.
const std::vector<User>& insert_rows();
/// Primary keys in a fixed shuffled order (W2).
const std::vector<std::int64_t>& lookup_ids();
/// The rows W5 writes: 10,000 distinct existing ids with changed values.
const std::vector<User>& update_rows();

/// Path of a database file in the benchmarks' scratch directory (removed at exit).
std::string db_path(const std::string& name);
/// The read-only data set of W2-W4: `user_rows` users and an index on score (for W4's ORDER BY),
/// created on first use.
const std::string& read_db();
/// The database of W1 (empty users table) or W5 (`user_rows` users) of one library
/// (`name`: "w1_dorm", "w5_c_api", ...), made by prepare_all().
std::string write_db(const std::string& name);
/// The database of W6: users, posts, comments.
const std::string& eager_db();

/// Creates every data set and database file before the benchmarks run, so that no benchmark
/// (and no callgrind profile of one) includes making its data.
void prepare_all();

/// Opens like dorm does: NOMUTEX, WAL, synchronous=NORMAL, foreign_keys=ON.
sqlite3* open_raw(const std::string& path);
void exec(sqlite3* db, const char* sql);
sqlite3_stmt* prepare(sqlite3* db, const char* sql);
/// Throws on anything but SQLITE_DONE / SQLITE_ROW.
void check(sqlite3* db, int rc);

}  // namespace bench
