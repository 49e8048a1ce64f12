#include "common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "dorm_bench/models.hpp"
#include "dorm_bench_eager/models.hpp"

namespace bench {

namespace {

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

User make_user(std::int64_t i) {
  const std::uint64_t h = splitmix(static_cast<std::uint64_t>(i));
  User u;
  u.name = std::string(1, static_cast<char>('a' + h % 26)) + "user" + std::to_string(i);
  if (i % 10 != 0) u.email = "user" + std::to_string(i) + "@example.com";
  u.age = 18 + static_cast<std::int64_t>((h >> 8) % 60);
  if (i % 20 != 0) u.score = static_cast<double>((h >> 16) % 1'000'000) / 1000.0;
  return u;
}

struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    const char* env = std::getenv("DORM_BENCH_DIR");
    dir = env != nullptr ? std::filesystem::path(env)
                         : std::filesystem::temp_directory_path() / ("dorm-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
  }
  ~Scratch() {
    if (std::getenv("DORM_BENCH_DIR") == nullptr) {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  }
};

Scratch& scratch() {
  static Scratch s;
  return s;
}

void remove_db(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

void fill_users(sqlite3* db) {
  exec(db, "BEGIN");
  sqlite3_stmt* st = prepare(db, "INSERT INTO users (id, name, email, age, score) VALUES (?, ?, ?, ?, ?)");
  std::int64_t id = 0;
  for (const User& u : insert_rows()) {
    sqlite3_bind_int64(st, 1, ++id);
    sqlite3_bind_text(st, 2, u.name.data(), static_cast<int>(u.name.size()), SQLITE_STATIC);
    if (u.email) sqlite3_bind_text(st, 3, u.email->data(), static_cast<int>(u.email->size()), SQLITE_STATIC);
    else sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, u.age);
    if (u.score) sqlite3_bind_double(st, 5, *u.score);
    else sqlite3_bind_null(st, 5);
    check(db, sqlite3_step(st));
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  exec(db, "COMMIT");
}

void create_schema(sqlite3* db, const auto& statements) {
  for (std::string_view s : statements) exec(db, std::string(s).c_str());
}

}  // namespace

const std::vector<User>& insert_rows() {
  static const std::vector<User> rows = [] {
    std::vector<User> v;
    v.reserve(user_rows);
    for (std::int64_t i = 1; i <= user_rows; ++i) v.push_back(make_user(i));
    return v;
  }();
  return rows;
}

const std::vector<std::int64_t>& lookup_ids() {
  static const std::vector<std::int64_t> ids = [] {
    std::vector<std::int64_t> v(point_selects);
    for (std::int64_t i = 0; i < point_selects; ++i) v[i] = i % user_rows + 1;
    std::shuffle(v.begin(), v.end(), std::mt19937_64(42));
    return v;
  }();
  return ids;
}

const std::vector<User>& update_rows() {
  static const std::vector<User> rows = [] {
    std::vector<std::int64_t> ids(user_rows);
    for (std::int64_t i = 0; i < user_rows; ++i) ids[i] = i + 1;
    std::shuffle(ids.begin(), ids.end(), std::mt19937_64(7));
    std::vector<User> v;
    v.reserve(updates);
    for (std::int64_t i = 0; i < updates; ++i) {
      User u = make_user(ids[i]);
      u.id = ids[i];
      u.age += 1;
      u.score = u.score.value_or(0.0) + 1.5;
      v.push_back(std::move(u));
    }
    return v;
  }();
  return rows;
}

std::string db_path(const std::string& name) { return (scratch().dir / (name + ".db")).string(); }

const std::string& read_db() {
  static const std::string path = [] {
    std::string p = db_path("read");
    remove_db(p);
    sqlite3* db = open_raw(p);
    create_schema(db, dorm_bench::schema_statements);
    fill_users(db);
    // W4 orders by score: without an index every run would sort the whole table.
    exec(db, "CREATE INDEX idx_users_score ON users (score)");
    exec(db, "ANALYZE");
    exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close_v2(db);
    return p;
  }();
  return path;
}

namespace {
std::string make_write_db(const std::string& name, bool filled) {
  std::string p = db_path(name);
  remove_db(p);
  sqlite3* db = open_raw(p);
  create_schema(db, dorm_bench::schema_statements);
  if (filled) fill_users(db);
  exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close_v2(db);
  return p;
}
}  // namespace

std::string write_db(const std::string& name) { return db_path(name); }

void prepare_all() {
  insert_rows();
  lookup_ids();
  update_rows();
  read_db();
  eager_db();
  for (const char* library : {"c_api", "dorm", "dorm_many", "sqlitecpp"}) {
    make_write_db(std::string("w1_") + library, false);
    make_write_db(std::string("w5_") + library, true);
  }
}

const std::string& eager_db() {
  static const std::string path = [] {
    std::string p = db_path("eager");
    remove_db(p);
    sqlite3* db = open_raw(p);
    create_schema(db, dorm_bench_eager::schema_statements);
    exec(db, "BEGIN");
    sqlite3_stmt* u = prepare(db, "INSERT INTO users (id, name, email) VALUES (?, ?, ?)");
    for (std::int64_t i = 1; i <= eager_users; ++i) {
      std::string name = "author" + std::to_string(i);
      std::string email = name + "@example.com";
      sqlite3_bind_int64(u, 1, i);
      sqlite3_bind_text(u, 2, name.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(u, 3, email.c_str(), -1, SQLITE_TRANSIENT);
      check(db, sqlite3_step(u));
      sqlite3_reset(u);
    }
    sqlite3_finalize(u);
    sqlite3_stmt* p_st = prepare(db, "INSERT INTO posts (id, author_id, title, body) VALUES (?, ?, ?, ?)");
    for (std::int64_t i = 1; i <= eager_posts; ++i) {
      std::string title = "Post number " + std::to_string(i);
      std::string body(200, static_cast<char>('a' + i % 26));
      sqlite3_bind_int64(p_st, 1, i);
      sqlite3_bind_int64(p_st, 2, 1 + static_cast<std::int64_t>(splitmix(static_cast<std::uint64_t>(i)) % eager_users));
      sqlite3_bind_text(p_st, 3, title.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(p_st, 4, body.c_str(), -1, SQLITE_TRANSIENT);
      check(db, sqlite3_step(p_st));
      sqlite3_reset(p_st);
    }
    sqlite3_finalize(p_st);
    // Comments are inserted round-robin over the posts, so one post's comments are spread over
    // the table as in real data.
    sqlite3_stmt* c = prepare(db, "INSERT INTO comments (id, post_id, body) VALUES (?, ?, ?)");
    for (std::int64_t i = 1; i <= eager_posts * comments_per_post; ++i) {
      std::string body = "Comment " + std::to_string(i) + " with some words in it";
      sqlite3_bind_int64(c, 1, i);
      sqlite3_bind_int64(c, 2, 1 + (i - 1) % eager_posts);
      sqlite3_bind_text(c, 3, body.c_str(), -1, SQLITE_TRANSIENT);
      check(db, sqlite3_step(c));
      sqlite3_reset(c);
    }
    sqlite3_finalize(c);
    exec(db, "COMMIT");
    exec(db, "ANALYZE");
    exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close_v2(db);
    return p;
  }();
  return path;
}

sqlite3* open_raw(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  exec(db, "PRAGMA journal_mode = WAL");
  exec(db, "PRAGMA synchronous = NORMAL");
  exec(db, "PRAGMA foreign_keys = ON");
  return db;
}

void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = std::string(sql) + ": " + (error != nullptr ? error : "?");
    sqlite3_free(error);
    throw std::runtime_error(message);
  }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string(sql) + ": " + sqlite3_errmsg(db));
  return st;
}

void check(sqlite3* db, int rc) {
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) throw std::runtime_error(sqlite3_errmsg(db));
}

}  // namespace bench
