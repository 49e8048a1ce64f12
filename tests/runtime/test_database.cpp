// dorm::Database: opening, connection settings, move semantics, closing.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "support.hpp"

using namespace std::chrono_literals;
using rt_test::TempDir;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string garbage_bytes() {
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 37 + 11) % 256);
  return "this is not an SQLite database\n" + bytes;
}

}  // namespace

TEST_CASE("an in-memory database opens and can be used", "[runtime]") {
  auto db = dorm::Database::open(":memory:");
  CHECK(db.is_open());
  CHECK(dorm::sqlite::handle(db) != nullptr);
  CHECK(db.path() == ":memory:");
  rt::migrate(db);
  auto user = rt_test::make_user("ann");
  db.insert(user);
  CHECK(db.select<rt::User>().count() == 1);
}

TEST_CASE("two in-memory databases are separate", "[runtime]") {
  auto a = rt_test::memory_db();
  auto b = rt_test::memory_db();
  auto user = rt_test::make_user("ann");
  a.insert(user);
  CHECK(a.select<rt::User>().count() == 1);
  CHECK(b.select<rt::User>().count() == 0);
}

TEST_CASE("a database file is created and its data survives reopening", "[runtime]") {
  TempDir dir;
  const auto path = dir.file("app.db");
  {
    auto db = dorm::Database::open(path);
    CHECK(std::filesystem::exists(path));
    CHECK(db.path() == path);
    rt::migrate(db);
    auto user = rt_test::make_user("ann", 30);
    db.insert(user);
  }
  auto db = dorm::Database::open(path);
  auto users = db.select<rt::User>().all();
  REQUIRE(users.size() == 1);
  CHECK(users[0].name == "ann");
  CHECK(users[0].age == 30);
}

TEST_CASE("a database file is opened in WAL mode with foreign keys on and a busy timeout", "[runtime]") {
  TempDir dir;
  auto db = dorm::Database::open(dir.file("app.db"));
  CHECK(db.query_value<std::string>("PRAGMA journal_mode") == "wal");
  CHECK(db.query_value<std::int64_t>("PRAGMA foreign_keys") == 1);
  CHECK(db.query_value<std::int64_t>("PRAGMA busy_timeout") == 5000);
  CHECK(db.query_value<std::int64_t>("PRAGMA synchronous") == 1);  // NORMAL
}

TEST_CASE("open options turn WAL, foreign keys, the busy timeout and synchronous mode off or down", "[runtime]") {
  TempDir dir;
  dorm::OpenOptions options;
  options.wal = false;
  options.foreign_keys = false;
  options.busy_timeout = 250ms;
  options.synchronous_normal = false;
  auto db = dorm::Database::open(dir.file("app.db"), options);
  CHECK(db.query_value<std::string>("PRAGMA journal_mode") == "delete");
  CHECK(db.query_value<std::int64_t>("PRAGMA foreign_keys") == 0);
  CHECK(db.query_value<std::int64_t>("PRAGMA busy_timeout") == 250);
  CHECK(db.query_value<std::int64_t>("PRAGMA synchronous") == 2);  // FULL
}

TEST_CASE("foreign keys are enforced in an in-memory database too", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK(db.query_value<std::int64_t>("PRAGMA foreign_keys") == 1);
  rt::Post orphan{.author_id = 999, .title = "orphan"};
  CHECK_THROWS_AS(db.insert(orphan), dorm::ConstraintError);
}

TEST_CASE("a moved-to database works and the moved-from one throws MisuseError on use", "[runtime]") {
  auto a = rt_test::memory_db();
  auto user = rt_test::make_user("ann");
  a.insert(user);

  dorm::Database b = std::move(a);
  CHECK(b.is_open());
  CHECK(b.select<rt::User>().count() == 1);

  CHECK_FALSE(a.is_open());  // NOLINT(bugprone-use-after-move): that is the test
  CHECK(dorm::sqlite::handle(a) == nullptr);
  CHECK_THROWS_AS(a.select<rt::User>(), dorm::MisuseError);
  CHECK_THROWS_AS(a.find<rt::User>(user.id), dorm::MisuseError);
  auto other = rt_test::make_user("bob");
  CHECK_THROWS_AS(a.insert(other), dorm::MisuseError);
  CHECK_THROWS_AS(a.execute("DELETE FROM users"), dorm::MisuseError);
  CHECK_THROWS_AS(a.execute_script("DELETE FROM users"), dorm::MisuseError);
  CHECK_THROWS_AS(a.query<std::int64_t>("SELECT 1"), dorm::MisuseError);
  CHECK_THROWS_AS(a.transaction([] {}), dorm::MisuseError);
  CHECK_THROWS_WITH(a.statements(), Catch::Matchers::StartsWith("[dorm.misuse.closed]"));
  CHECK(a.transaction_depth() == 0);
  CHECK_NOTHROW(a.close());
  CHECK(b.select<rt::User>().count() == 1);
}

TEST_CASE("changes() and last_insert_rowid() of a moved-from database throw MisuseError instead of crashing", "[runtime]") {
  auto a = rt_test::memory_db();
  dorm::Database b = std::move(a);
  CHECK_THROWS_AS(a.changes(), dorm::MisuseError);            // NOLINT(bugprone-use-after-move)
  CHECK_THROWS_AS(a.last_insert_rowid(), dorm::MisuseError);  // NOLINT(bugprone-use-after-move)
  CHECK(b.last_insert_rowid() == 0);
}

TEST_CASE("move assignment closes the target's old connection and takes the source's", "[runtime]") {
  auto a = rt_test::memory_db();
  auto b = rt_test::memory_db();
  auto user = rt_test::make_user("ann");
  a.insert(user);
  b = std::move(a);
  CHECK(b.select<rt::User>().count() == 1);
  CHECK_FALSE(a.is_open());  // NOLINT(bugprone-use-after-move)
  CHECK_THROWS_AS(a.select<rt::User>(), dorm::MisuseError);
}

TEST_CASE("close is idempotent and a closed database throws MisuseError on use", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK(db.select<rt::User>().count() == 0);  // leaves a cached statement to finalize
  db.close();
  CHECK_FALSE(db.is_open());
  CHECK_NOTHROW(db.close());
  CHECK_FALSE(db.is_open());
  CHECK_THROWS_AS(db.select<rt::User>(), dorm::MisuseError);
  CHECK_THROWS_AS(db.execute("SELECT 1"), dorm::MisuseError);
}

TEST_CASE("opening a file that is not a database throws SqliteError naming the file and leaves it unchanged", "[runtime]") {
  TempDir dir;
  const auto path = dir.file("not_a_database.db");
  const std::string garbage = garbage_bytes();
  {
    std::ofstream out(path, std::ios::binary);
    out << garbage;
  }
  try {
    auto db = dorm::Database::open(path);
    FAIL("opening a garbage file succeeded");
  } catch (const dorm::SqliteError& e) {
    CHECK(e.code() == SQLITE_NOTADB);
    CHECK_THAT(e.what(), Catch::Matchers::StartsWith("[dorm.sqlite.26]"));
    CHECK_THAT(e.what(), Catch::Matchers::Contains("file is not a database"));
    CHECK_THAT(e.what(), Catch::Matchers::Contains(path));
  }
  CHECK(read_file(path) == garbage);
  CHECK_FALSE(std::filesystem::exists(path + "-wal"));
  CHECK_FALSE(std::filesystem::exists(path + "-journal"));
}

TEST_CASE("opening a database in a directory that does not exist says which folder is missing", "[runtime]") {
  TempDir dir;
  const auto folder = (dir.path() / "no" / "such" / "dir").string();
  const auto path = folder + "/app.db";
  try {
    auto db = dorm::Database::open(path);
    FAIL("opening in a missing directory succeeded");
  } catch (const dorm::SqliteError& e) {
    CHECK(e.code() == SQLITE_CANTOPEN);
    CHECK(std::string(e.what()) ==
          "[dorm.sqlite.14] cannot open database '" + path + "': the folder '" + folder + "' does not exist");
  }
  CHECK_FALSE(std::filesystem::exists(dir.path() / "no"));
}

TEST_CASE("opening a database under a path whose folder is a file says it is not a folder", "[runtime]") {
  TempDir dir;
  const auto file = dir.file("plain.txt");
  std::ofstream(file) << "not a folder";
  const auto path = file + "/app.db";
  CHECK_THROWS_WITH(dorm::Database::open(path),
                    "[dorm.sqlite.14] cannot open database '" + path + "': '" + file + "' is not a folder");
}

TEST_CASE("create = false refuses to open a missing file and does not create it", "[runtime]") {
  TempDir dir;
  const auto path = dir.file("missing.db");
  dorm::OpenOptions options;
  options.create = false;
  CHECK_THROWS_AS(dorm::Database::open(path, options), dorm::SqliteError);
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("a read-only database can be read but not written", "[runtime]") {
  TempDir dir;
  const auto path = dir.file("app.db");
  {
    auto db = dorm::Database::open(path);
    rt::migrate(db);
    auto user = rt_test::make_user("ann", 30);
    db.insert(user);
  }
  dorm::OpenOptions options;
  options.read_only = true;
  auto db = dorm::Database::open(path, options);
  auto users = db.select<rt::User>().all();
  REQUIRE(users.size() == 1);
  CHECK(users[0].name == "ann");

  auto bob = rt_test::make_user("bob");
  try {
    db.insert(bob);
    FAIL("insert into a read-only database succeeded");
  } catch (const dorm::SqliteError& e) {
    CHECK(e.code() == SQLITE_READONLY);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("readonly"));
  }
  CHECK(bob.id == 0);
  CHECK_THROWS_AS(db.execute("DELETE FROM users"), dorm::SqliteError);
  CHECK(db.select<rt::User>().count() == 1);
}

TEST_CASE("read_only does not create a missing file", "[runtime]") {
  TempDir dir;
  const auto path = dir.file("missing.db");
  dorm::OpenOptions options;
  options.read_only = true;
  CHECK_THROWS_AS(dorm::Database::open(path, options), dorm::SqliteError);
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("two connections to one file see each other's committed rows", "[runtime]") {
  TempDir dir;
  const auto path = dir.file("app.db");
  auto writer = dorm::Database::open(path);
  rt::migrate(writer);
  auto reader = dorm::Database::open(path);
  auto user = rt_test::make_user("ann");
  writer.insert(user);  // an INSERT ... RETURNING, reset after its first row: still committed
  CHECK(reader.find<rt::User>(user.id).has_value());
  CHECK(reader.find<rt::User>(user.id)->created_at == user.created_at);
}
