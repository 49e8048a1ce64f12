// Hostile database files: every damaged, foreign or surprising file a program may be pointed at
// gives a dorm::Error that says what is wrong (or works, where SQLite can read it), never a
// crash, and a file dorm could not use is left exactly as it was.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <vector>

#include "support.hpp"

using rt_test::TempDir;

namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

/// A healthy database of the test schema with `users` rows (and one post each), closed, so the
/// WAL has been checkpointed into the main file and removed.
std::string healthy_database(const TempDir& dir, int users = 40) {
  const auto path = dir.file("healthy.db");
  {
    auto db = dorm::Database::open(path);
    rt::migrate(db);
    for (int i = 0; i < users; ++i) {
      auto user = rt_test::make_user("user" + std::to_string(i), i);
      db.insert(user);
      rt::Post post;
      post.author_id = user.id;
      post.title = "post of user " + std::to_string(i) + std::string(200, static_cast<char>('a' + i % 26));
      db.insert(post);
    }
  }
  auto bytes = read_bytes(path);
  std::filesystem::remove(path);
  return bytes;
}

/// The page number of the users table's b-tree root in `healthy`.
std::uint32_t users_root_page(const TempDir& dir, const std::string& healthy) {
  const auto path = dir.file("probe.db");
  std::ofstream(path, std::ios::binary) << healthy;
  std::int64_t page = 0;
  {
    auto db = dorm::Database::open(path);
    page = db.query_value<std::int64_t>("SELECT rootpage FROM sqlite_schema WHERE name = 'users'").value_or(0);
  }
  std::filesystem::remove(path);
  REQUIRE(page > 1);
  return static_cast<std::uint32_t>(page);
}

std::uint32_t page_size_of(const std::string& db) {
  const auto hi = static_cast<unsigned char>(db[16]);
  const auto lo = static_cast<unsigned char>(db[17]);
  const std::uint32_t size = (hi << 8U) | lo;
  return size == 1 ? 65536 : size;
}

std::string with_byte(std::string db, std::size_t offset, unsigned char value) {
  // replace(), not operator[]: g++ 12 at -O3 takes the write for one past a string it cannot size.
  db.replace(offset, 1, 1, static_cast<char>(value));
  return db;
}

std::string with_u32(std::string db, std::size_t offset, std::uint32_t value) {
  std::string big_endian(4, '\0');
  for (std::size_t i = 0; i < 4; ++i) big_endian[i] = static_cast<char>((value >> (24 - 8 * i)) & 0xFFU);
  db.replace(offset, 4, big_endian);
  return db;
}

/// `db` with every occurrence of `from` replaced by `to` (same length).
std::string with_text_replaced(std::string db, std::string_view from, std::string_view to) {
  REQUIRE(from.size() == to.size());
  bool found = false;
  for (auto at = db.find(from); at != std::string::npos; at = db.find(from, at + to.size())) {
    db.replace(at, from.size(), to);
    found = true;
  }
  REQUIRE(found);
  return db;
}

/// `db` with `count` seeded random bytes of the pages after the first overwritten.
std::string with_flipped_bytes(std::string db, unsigned seed, int count) {
  std::mt19937 random(seed);
  const std::size_t first = page_size_of(db);
  std::uniform_int_distribution<std::size_t> where(first, db.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < count; ++i) db[where(random)] = static_cast<char>(byte(random));
  return db;
}

/// The users table as another program (or an older dorm) may have made it: the test schema's
/// columns, written by hand.
constexpr std::string_view users_table =
    "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    " bio TEXT, age INTEGER, active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);";

/// A database made by raw SQL (another program's file at the path dorm was given).
std::string database_from_sql(const TempDir& dir, std::string_view sql) {
  const auto path = dir.file("foreign.db");
  {
    auto db = dorm::Database::open(path);
    db.execute_script(sql);
  }
  auto bytes = read_bytes(path);
  std::filesystem::remove(path);
  return bytes;
}

/// What dorm did with a file: the first step that failed and its message, or "" when every step
/// (open, migrate, count, read every row, insert, integrity check) worked.
struct Outcome {
  std::string failed_step;
  std::string message;
};

Outcome use_as_a_program_would(const std::string& path) {
  std::string step = "open";
  try {
    auto db = dorm::Database::open(path);
    step = "migrate";
    rt::migrate(db);
    step = "count";
    const auto users = db.select<rt::User>().count();
    step = "read";
    const auto rows = db.select<rt::User>().all();
    CHECK(rows.size() == static_cast<std::size_t>(users));
    for (const auto& post : db.select<rt::Post>().all()) CHECK_FALSE(post.title.empty());
    step = "insert";
    auto user = rt_test::make_user("newcomer");
    db.insert(user);
    step = "integrity";
    const std::string integrity = db.query_value<std::string>("PRAGMA integrity_check").value_or("(no row)");
    if (integrity != "ok") return {step, integrity};
    return {};
  } catch (const dorm::Error& e) {
    return {step, e.what()};
  } catch (const std::exception& e) {
    FAIL("step " << step << " threw something other than a dorm::Error: " << e.what());
  }
  return {step, "unreachable"};
}

struct HostileFile {
  std::string name;
  std::function<std::string(const std::string& healthy, const TempDir& dir)> bytes;
  std::string failed_step;  ///< "" when dorm can use the file
  std::string message;      ///< a part of the error message
  std::function<void(const std::filesystem::path& db)> extra = nullptr;  ///< more files beside it
};

std::vector<HostileFile> hostile_files() {
  const auto same = [](const std::string& healthy, const TempDir&) { return healthy; };
  return {
      {"an empty file (SQLite's new database)", [](const std::string&, const TempDir&) { return std::string(); }, "", ""},
      {"text that is not a database",
       [](const std::string&, const TempDir&) { return std::string("name,email\nann,ann@example.com\n"); }, "open",
       "file is not a database"},
      {"4 KiB of zero bytes", [](const std::string&, const TempDir&) { return std::string(4096, '\0'); }, "open",
       "file is not a database"},
      {"the 100-byte header alone", [](const std::string& h, const TempDir&) { return h.substr(0, 100); }, "open",
       "database disk image is malformed"},
      {"the first page alone", [](const std::string& h, const TempDir&) { return h.substr(0, page_size_of(h)); },
       "open", "database disk image is malformed"},
      {"cut in the middle of a page",
       [](const std::string& h, const TempDir&) { return h.substr(0, h.size() / 2 + 100); }, "open",
       "database disk image is malformed"},
      {"cut to half its pages",
       [](const std::string& h, const TempDir&) { return h.substr(0, h.size() / 2 / page_size_of(h) * page_size_of(h)); },
       "open", "database disk image is malformed"},
      {"a page size of 3 in the header", [](const std::string& h, const TempDir&) { return with_byte(with_byte(h, 16, 0), 17, 3); },
       "open", "file is not a database"},
      {"a page size of 1024 in the header of a 4096-byte-page file",
       [](const std::string& h, const TempDir&) { return with_byte(with_byte(h, 16, 4), 17, 0); }, "open",
       "malformed database schema"},
      {"a write format version SQLite does not know", [](const std::string& h, const TempDir&) { return with_byte(h, 18, 3); },
       "insert", "attempt to write a readonly database"},
      {"a read format version SQLite does not know", [](const std::string& h, const TempDir&) { return with_byte(h, 19, 3); },
       "open", "file is not a database"},
      {"a page count in the header far beyond the file",
       [](const std::string& h, const TempDir&) { return with_u32(h, 28, 0x7FFFFFFF); }, "open",
       "database disk image is malformed"},
      {"a free-list trunk page beyond the file",
       [](const std::string& h, const TempDir&) { return with_u32(with_u32(h, 32, 0x00FFFFFF), 36, 5); }, "integrity",
       "Main freelist: invalid page number 16777215"},
      {"a text encoding byte of 7 in the header", [](const std::string& h, const TempDir&) { return with_u32(h, 56, 7); },
       "open", "malformed database schema"},
      {"a mangled CREATE TABLE in the schema table",
       [](const std::string& h, const TempDir&) { return with_text_replaced(h, "CREATE TABLE", "CREATE TABBY"); }, "open",
       "malformed database schema"},
      {"the users table's root page zeroed",
       [](const std::string& h, const TempDir& d) {
         auto db = h;
         std::memset(db.data() + std::size_t{page_size_of(h)} * (users_root_page(d, h) - 1), 0, page_size_of(h));
         return db;
       },
       "read", "database disk image is malformed"},
      {"the users table's root page with an invalid page type",
       [](const std::string& h, const TempDir& d) {
         return with_byte(h, std::size_t{page_size_of(h)} * (users_root_page(d, h) - 1), 0x2A);
       },
       "read", "database disk image is malformed"},
      {"the second page zeroed (an empty table's root)",
       [](const std::string& h, const TempDir&) {
         auto db = h;
         std::memset(db.data() + page_size_of(h), 0, page_size_of(h));
         return db;
       },
       "integrity", "Page 2: btreeInitPage() returns error code 11"},
      {"random bytes in its data pages (seed 1)", [](const std::string& h, const TempDir&) { return with_flipped_bytes(h, 1, 64); },
       "?", ""},
      {"random bytes in its data pages (seed 2)", [](const std::string& h, const TempDir&) { return with_flipped_bytes(h, 2, 64); },
       "?", ""},
      {"random bytes in its data pages (seed 3)", [](const std::string& h, const TempDir&) { return with_flipped_bytes(h, 3, 512); },
       "?", ""},
      {"random bytes in its data pages (seed 4)", [](const std::string& h, const TempDir&) { return with_flipped_bytes(h, 4, 4096); },
       "?", ""},
      {"a healthy file with a garbage -wal beside it", same, "", "",
       [](const std::filesystem::path& db) { write_bytes(db.string() + "-wal", std::string(8192, 'W')); }},
      {"a healthy file with a garbage hot -journal beside it", same, "", "",
       [](const std::filesystem::path& db) { write_bytes(db.string() + "-journal", std::string(8192, 'J')); }},
      {"another program's users table with other columns",
       [](const std::string&, const TempDir& d) {
         return database_from_sql(d, "CREATE TABLE users (login TEXT PRIMARY KEY, hash BLOB) WITHOUT ROWID;"
                                     "INSERT INTO users VALUES ('root', x'00ff');");
       },
       "read", "no such column: users.id"},
      {"a users view instead of a table",
       [](const std::string&, const TempDir& d) {
         return database_from_sql(d, "CREATE VIEW users AS SELECT 1 AS id, 'a' AS email, 'a' AS name, NULL AS bio,"
                                     " NULL AS age, 1 AS active, '' AS created_at;");
       },
       "insert", "[dorm.insert.no_row] inserting into \"users\" stored no row: the table is a view"},
      {"a trigger that refuses every insert",
       [](const std::string&, const TempDir& d) {
         return database_from_sql(d, std::string(users_table) +
                                     "CREATE TRIGGER no_users BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'users are closed'); END;");
       },
       "insert", "users are closed"},
      {"a trigger that silently ignores every insert",
       [](const std::string&, const TempDir& d) {
         return database_from_sql(d, std::string(users_table) +
                                     "CREATE TRIGGER skip_users BEFORE INSERT ON users BEGIN SELECT RAISE(IGNORE); END;");
       },
       "insert", "or a trigger ignored the row"},
      {"text where the schema has an integer",
       [](const std::string&, const TempDir& d) {
         return database_from_sql(d, std::string(users_table) +
                                     "INSERT INTO users (email, name, age) VALUES ('a@b', 'ann', 'forty');");
       },
       "read", "users"},
      {"a UTF-16 database",
       [](const std::string&, const TempDir& d) {
         return database_from_sql(d, "PRAGMA encoding = 'UTF-16le'; CREATE TABLE other (x TEXT); INSERT INTO other VALUES ('é');");
       },
       "", ""},
      {"a database with 512-byte pages and auto-vacuum",
       [](const std::string&, const TempDir& d) {
         return database_from_sql(d, "PRAGMA page_size = 512; PRAGMA auto_vacuum = FULL; VACUUM;"
                                     " CREATE TABLE other (x TEXT); INSERT INTO other VALUES (zeroblob(10000));");
       },
       "", ""},
      {"a name with NUL bytes and newlines in a text column",
       [](const std::string&, const TempDir& d) {
         return database_from_sql(d, std::string(users_table) +
                                     "INSERT INTO users (email, name) VALUES ('a@b', 'an' || char(0) || char(10) || 'n');");
       },
       "", ""},
  };
}

}  // namespace

TEST_CASE("every hostile database file gives a dorm::Error naming the problem, or works, and is never damaged further",
          "[runtime][hostile_files]") {
  TempDir dir;
  const std::string healthy = healthy_database(dir);
  REQUIRE(page_size_of(healthy) == 4096);
  int index = 0;
  for (const auto& file : hostile_files()) {
    const auto path = dir.path() / ("hostile_" + std::to_string(index++) + ".db");
    const std::string bytes = file.bytes(healthy, dir);
    write_bytes(path, bytes);
    if (file.extra) file.extra(path);
    const Outcome outcome = use_as_a_program_would(path.string());
    INFO(file.name << ": failed at '" << outcome.failed_step << "': " << outcome.message);
    if (file.failed_step == "?") {
      // Random damage: whatever step fails (if any), the error is dorm's and says what it is.
      if (!outcome.failed_step.empty() && outcome.failed_step != "integrity") {
        CHECK_THAT(outcome.message, Catch::Matchers::StartsWith("[dorm."));
      }
    } else {
      CHECK(outcome.failed_step == file.failed_step);
      CHECK_THAT(outcome.message, Catch::Matchers::Contains(file.message));
    }
    if (outcome.failed_step == "open" || outcome.failed_step == "migrate" || outcome.failed_step == "count") {
      // Nothing was written: the file dorm refused is exactly as it was.
      CHECK(read_bytes(path) == bytes);
    }
    if (outcome.failed_step == "open") CHECK_THAT(outcome.message, Catch::Matchers::Contains(path.string()));
  }
}

TEST_CASE("a path that is a folder is refused with an error naming it", "[runtime][hostile_files]") {
  TempDir dir;
  const auto path = dir.path() / "a_folder.db";
  std::filesystem::create_directory(path);
  const Outcome outcome = use_as_a_program_would(path.string());
  CHECK(outcome.failed_step == "open");
  CHECK_THAT(outcome.message, Catch::Matchers::StartsWith("[dorm.sqlite."));
  CHECK_THAT(outcome.message, Catch::Matchers::Contains(path.string()));
  CHECK(std::filesystem::is_directory(path));
}
TEST_CASE("insert_many into a table whose trigger ignores rows says how many were stored", "[runtime][hostile_files]") {
  auto db = dorm::Database::open(":memory:");
  db.execute_script(
      "CREATE TABLE memberships (org_id INTEGER NOT NULL, user_id INTEGER NOT NULL, role TEXT NOT NULL,"
      " score REAL, PRIMARY KEY (org_id, user_id));"
      "CREATE TRIGGER odd_orgs BEFORE INSERT ON memberships WHEN NEW.org_id % 2 = 1 BEGIN SELECT RAISE(IGNORE); END;");
  std::vector<rt::Membership> rows(4);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].org_id = static_cast<std::int64_t>(i);
    rows[i].user_id = 1;
    rows[i].role = "member";
  }
  CHECK_THROWS_WITH(db.insert_many(rows), Catch::Matchers::StartsWith(
                                              "[dorm.insert.no_row] inserting 4 rows into \"memberships\" stored 2:"));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM memberships") == 0);  // all or nothing
  rt::Membership odd = rows[1];
  CHECK_THROWS_WITH(db.insert(odd), Catch::Matchers::StartsWith("[dorm.insert.no_row] inserting into \"memberships\""));
}
