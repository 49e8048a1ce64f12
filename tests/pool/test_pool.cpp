// dorm::Pool on one thread: lazy creation and migration, the version prefix, LRU eviction and
// reopening, the open-handle limit, leases, list/exists/drop, and the error paths.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "pool_support.hpp"

#include <dorm/backends/sqlite/handle.hpp>

TEST_CASE("a pool creates its folder but no database before the first acquire", "[pool]") {
  TempDir tmp;
  const auto folder = tmp.path() / "nested" / "tenants";
  dorm::Pool pool(pool_options(folder));
  CHECK(std::filesystem::is_directory(folder));
  CHECK(pool.list().empty());
  CHECK_FALSE(pool.exists("alice"));
  CHECK(pool.path_of("alice") == std::filesystem::absolute(folder) / "alice.db");
  CHECK_FALSE(std::filesystem::exists(pool.path_of("alice")));
  CHECK(pool.open_count() == 0);
  {
    auto lease = pool.acquire("alice");
    CHECK(std::filesystem::exists(pool.path_of("alice")));
    // Created through the real migrations runner: the table and its bookkeeping row.
    CHECK(lease->query<std::string>("SELECT id FROM dorm_migrations") == std::vector<std::string>{"0001_init"});
    pool_test::Counter c{.key = "visits", .value = 1};
    lease->insert(c);
    CHECK(c.id == 1);
    CHECK(lease.name() == "alice");
  }
  CHECK(pool.exists("alice"));
  CHECK(pool.list() == std::vector<std::string>{"alice"});
  CHECK(pool.open_count() == 1);
}

TEST_CASE("a tenant's data outlives its leases and its pool", "[pool]") {
  TempDir tmp;
  {
    dorm::Pool pool(pool_options(tmp.path()));
    pool.with_tenant("alice", [](dorm::Database& db) { bump(db, "k"); });
    pool.with_tenant("alice", [](dorm::Database& db) { bump(db, "k"); });
  }
  dorm::Pool pool(pool_options(tmp.path()));
  CHECK(pool.with_tenant("alice", [](dorm::Database& db) { return counter(db, "k"); }) == 2);
}

TEST_CASE("a new version prefix gives every tenant a fresh database", "[pool]") {
  TempDir tmp;
  auto v1 = pool_options(tmp.path());
  v1.version_prefix = "v1";
  auto v2 = v1;
  v2.version_prefix = "v2";
  {
    dorm::Pool pool(v1);
    pool.with_tenant("alice", [](dorm::Database& db) { bump(db, "k"); });
    pool.with_tenant("Bob", [](dorm::Database& db) { bump(db, "k"); });
    CHECK(pool.path_of("alice").filename() == "v1.alice.db");
  }
  dorm::Pool pool2(v2);
  CHECK(pool2.list().empty());
  CHECK_FALSE(pool2.exists("alice"));
  CHECK(pool2.with_tenant("alice", [](dorm::Database& db) { return counter(db, "k"); }) == 0);
  CHECK(pool2.list() == std::vector<std::string>{"alice"});
  // The unprefixed pool sees neither version's files, the old version still sees its own.
  CHECK(dorm::Pool(pool_options(tmp.path())).list().empty());
  dorm::Pool pool1(v1);
  CHECK(pool1.list() == std::vector<std::string>{"Bob", "alice"});
  CHECK(pool1.with_tenant("alice", [](dorm::Database& db) { return counter(db, "k"); }) == 1);
}

TEST_CASE("beyond max_open the least recently used idle handle is closed and reopens with its data", "[pool]") {
  TempDir tmp;
  auto options = pool_options(tmp.path(), 3);
  std::vector<std::string> opened;
  int migrations = 0;
  options.migrate = [&](dorm::Database& db) {
    ++migrations;
    pool_test::migrate(db);
  };
  options.on_open = [&](dorm::Database& db, std::string_view name) {
    CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM counters").has_value());  // after migrate
    opened.emplace_back(name);
  };
  dorm::Pool pool(options);
  auto touch = [&](const std::string& name) {
    pool.with_tenant(name, [&](dorm::Database& db) { bump(db, name); });
    CHECK(pool.open_count() <= 3);
  };

  for (const char* name : {"a", "b", "c", "a", "d"}) touch(name);
  CHECK(opened == std::vector<std::string>{"a", "b", "c", "d"});  // d evicted b, the LRU
  touch("a");
  touch("c");
  CHECK(opened.size() == 4);  // both still open
  touch("b");                 // reopened: evicts d
  CHECK(opened == std::vector<std::string>{"a", "b", "c", "d", "b"});
  CHECK(migrations == 5);  // migrate runs at every open, reopen included

  for (int round = 0; round < 3; ++round)
    for (int t = 0; t < 10; ++t) touch("t" + std::to_string(t));
  CHECK(pool.open_count() == 3);
  for (int t = 0; t < 10; ++t) {
    const std::string name = "t" + std::to_string(t);
    CHECK(pool.with_tenant(name, [&](dorm::Database& db) { return counter(db, name); }) == 3);
  }
  CHECK(pool.with_tenant("b", [](dorm::Database& db) { return counter(db, "b"); }) == 2);
}

TEST_CASE("more leases than max_open exceed the limit until they end", "[pool]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path(), 2));
  std::vector<dorm::Pool::Lease> held;
  for (const char* name : {"a", "b", "c", "d"}) held.push_back(pool.acquire(name));
  CHECK(pool.open_count() == 4);
  held.pop_back();
  CHECK(pool.open_count() == 3);
  held.pop_back();
  CHECK(pool.open_count() == 2);
  held.clear();
  CHECK(pool.open_count() == 2);
  for (const char* name : {"a", "b", "c", "d"}) CHECK(pool.with_tenant(name, [](dorm::Database& db) { return db.is_open(); }));
  CHECK(pool.open_count() == 2);
}

TEST_CASE("a thread that acquires or drops a tenant it holds gets MisuseError, not a deadlock", "[pool]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  auto lease = pool.acquire("alice");
  CHECK_THROWS_AS(pool.acquire("alice"), dorm::MisuseError);
  CHECK_THROWS_WITH(pool.acquire("alice"), Catch::StartsWith("[dorm.misuse.pool_reentrant] acquire of tenant \"alice\""));
  CHECK_THROWS_WITH(pool.drop("alice"), Catch::StartsWith("[dorm.misuse.pool_reentrant] drop of tenant \"alice\""));
  CHECK_THROWS_AS(pool.with_tenant("alice", [](dorm::Database&) {}), dorm::MisuseError);
  auto other = pool.acquire("bob");  // other tenants are fine
  lease.release();
  CHECK_NOTHROW(pool.acquire("alice"));
}

TEST_CASE("a lease ended inside a transaction closes its handle so the next holder starts clean", "[pool]") {
  TempDir tmp;
  auto options = pool_options(tmp.path());
  int opens = 0;
  options.on_open = [&](dorm::Database&, std::string_view) { ++opens; };
  dorm::Pool pool(options);
  {
    auto lease = pool.acquire("alice");
    lease->execute("BEGIN");
    bump(*lease, "k");
  }
  CHECK(pool.open_count() == 0);
  auto lease = pool.acquire("alice");
  CHECK(opens == 2);
  CHECK(sqlite3_get_autocommit(dorm::sqlite::handle(*lease)) != 0);
  CHECK(counter(*lease, "k") == 0);  // rolled back
}

TEST_CASE("a handle closed through its lease is reopened by the next acquire", "[pool]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  pool.with_tenant("alice", [](dorm::Database& db) {
    bump(db, "k");
    db.close();
  });
  CHECK(pool.open_count() == 0);
  CHECK(pool.with_tenant("alice", [](dorm::Database& db) { return counter(db, "k"); }) == 1);
}

TEST_CASE("on_release errors propagate from release() and are recorded when a lease is destroyed", "[pool]") {
  TempDir tmp;
  auto options = pool_options(tmp.path());
  std::vector<std::string> released;
  options.on_release = [&](dorm::Database&, std::string_view name) {
    released.emplace_back(name);
    if (name == "bad") throw std::runtime_error("mirror unreachable");
  };
  dorm::Pool pool(options);
  {
    auto lease = pool.acquire("bad");
    CHECK_THROWS_WITH(lease.release(), "mirror unreachable");
    CHECK_FALSE(lease);  // ended anyway
    CHECK_THROWS_AS(lease.db(), dorm::MisuseError);
    CHECK_NOTHROW(lease.release());  // a second release does nothing
  }
  CHECK(pool.take_release_errors().empty());
  CHECK_THROWS_WITH(pool.with_tenant("bad", [](dorm::Database&) {}), "mirror unreachable");
  { auto lease = pool.acquire("bad"); }
  { auto lease = pool.acquire("good"); }
  const auto errors = pool.take_release_errors();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].name == "bad");
  CHECK(errors[0].message == "mirror unreachable");
  CHECK_THROWS_AS(std::rethrow_exception(errors[0].error), std::runtime_error);
  CHECK(pool.take_release_errors().empty());
  CHECK(released == std::vector<std::string>{"bad", "bad", "bad", "good"});
  CHECK(pool.open_count() == 2);  // the handles stay usable
}

TEST_CASE("with() returns the body's result and ends the lease when the body throws", "[pool]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  CHECK(pool.with_tenant("alice", [](dorm::Database&) { return std::string("value"); }) == "value");
  int outside = 0;
  int& same = pool.with_tenant("alice", [&](dorm::Database&) -> int& { return outside; });
  CHECK(&same == &outside);
  CHECK_THROWS_WITH(pool.with_tenant("alice", [](dorm::Database&) -> int { throw std::runtime_error("body failed"); }),
                    "body failed");
  CHECK_NOTHROW(pool.acquire("alice"));
}

TEST_CASE("a lease moves, and an ended lease refuses to give out its database", "[pool]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  auto first = pool.acquire("alice");
  dorm::Pool::Lease second = std::move(first);
  CHECK_FALSE(first);  // NOLINT(bugprone-use-after-move): the moved-from state is the point
  CHECK_THROWS_WITH(first.db(), Catch::StartsWith("[dorm.misuse.lease_ended]"));
  CHECK_THROWS_AS(first.name(), dorm::MisuseError);
  CHECK(second.name() == "alice");
  second = pool.acquire("bob");  // ends alice's lease first
  CHECK(second.name() == "bob");
  CHECK_NOTHROW(pool.acquire("alice"));
}

TEST_CASE("a failed first open removes the file it created", "[pool]") {
  TempDir tmp;
  auto options = pool_options(tmp.path());
  options.on_open = [](dorm::Database&, std::string_view name) {
    if (name == "broken") throw std::runtime_error("on_open failed");
  };
  dorm::Pool pool(options);
  CHECK_THROWS_WITH(pool.acquire("broken"), "on_open failed");
  CHECK_FALSE(pool.exists("broken"));
  CHECK(std::filesystem::is_empty(tmp.path()));
  CHECK(pool.open_count() == 0);
  CHECK_THROWS_WITH(pool.acquire("broken"), "on_open failed");  // not stuck leased
}

TEST_CASE("list, exists and drop see only this pool's tenant files", "[pool]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  for (const char* name : {"c", "B", "a", "a b"}) pool.with_tenant(name, [](dorm::Database& db) { bump(db, "k"); });
  std::ofstream(tmp.path() / "notes.txt") << "not a tenant";
  std::ofstream(tmp.path() / "v2.a.db") << "another version's tenant";
  std::filesystem::create_directory(tmp.path() / "dir.db");
  CHECK(pool.list() == std::vector<std::string>{"B", "a", "a b", "c"});

  CHECK(pool.drop("B"));
  CHECK_FALSE(pool.exists("B"));
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    CHECK_FALSE(std::filesystem::exists(tmp.path() / (std::string("%42.db") + suffix)));
  CHECK_FALSE(pool.drop("B"));
  CHECK_FALSE(pool.drop("never"));
  CHECK(pool.list() == std::vector<std::string>{"a", "a b", "c"});
  CHECK(pool.open_count() == 3);
  CHECK(std::filesystem::exists(tmp.path() / "notes.txt"));
  CHECK(std::filesystem::exists(tmp.path() / "v2.a.db"));
  // After a drop the tenant starts over, migrated.
  CHECK(pool.with_tenant("B", [](dorm::Database& db) { return counter(db, "k"); }) == 0);
}

TEST_CASE("every entry point rejects a bad name before touching the file system", "[pool]") {
  TempDir tmp;
  const auto folder = tmp.path() / "tenants";
  dorm::Pool pool(pool_options(folder));
  for (const auto& name : std::vector<std::string>{"../escape", "/tmp/abs", "", "con", std::string("a\0b", 3)}) {
    INFO(name);
    CHECK_THROWS_AS(pool.acquire(name), dorm::TenantNameError);
    CHECK_THROWS_AS(pool.exists(name), dorm::TenantNameError);
    CHECK_THROWS_AS(pool.drop(name), dorm::TenantNameError);
    CHECK_THROWS_AS(pool.path_of(name), dorm::TenantNameError);
    CHECK_THROWS_AS(pool.with_tenant(name, [](dorm::Database&) {}), dorm::TenantNameError);
  }
  CHECK(std::filesystem::is_empty(folder));
  CHECK(std::vector<std::filesystem::path>(std::filesystem::directory_iterator(tmp.path()), {}) ==
        std::vector<std::filesystem::path>{folder});
  CHECK(pool.open_count() == 0);
}

TEST_CASE("bad pool options are refused when the pool is made", "[pool]") {
  TempDir tmp;
  auto options = pool_options(tmp.path());
  SECTION("max_open of zero") {
    options.max_open = 0;
    CHECK_THROWS_WITH(dorm::Pool(options), Catch::StartsWith("[dorm.misuse.pool_options]"));
  }
  SECTION("no folder") {
    options.folder.clear();
    CHECK_THROWS_AS(dorm::Pool(options), dorm::MisuseError);
  }
  SECTION("a file where the folder should be") {
    std::ofstream(tmp.path() / "file") << "x";
    options.folder = tmp.path() / "file";
    CHECK_THROWS_WITH(dorm::Pool(options), Catch::StartsWith("[dorm.pool.folder]"));
  }
  SECTION("a bad version prefix") {
    options.version_prefix = "V2";
    CHECK_THROWS_AS(dorm::Pool(options), dorm::TenantNameError);
  }
}

TEST_CASE("a pool without a migrate function opens plain databases", "[pool]") {
  TempDir tmp;
  dorm::PoolOptions options;
  options.folder = tmp.path();
  dorm::Pool pool(options);
  CHECK(pool.with_tenant("raw", [](dorm::Database& db) { return db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema"); }) == 0);
}

TEST_CASE("a drop that cannot delete a file says which tenant and leaves the tenant usable", "[pool]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  pool.with_tenant("alice", [](dorm::Database& db) { bump(db, "k"); });
  // A non-empty directory where SQLite's journal would be: remove() refuses it.
  std::filesystem::create_directories(tmp.path() / "alice.db-journal" / "inside");
  CHECK_THROWS_WITH(pool.drop("alice"), Catch::StartsWith("[dorm.pool.drop] cannot delete the database of tenant \"alice\""));
  CHECK_FALSE(pool.exists("alice"));  // the database file itself went first
  CHECK(pool.open_count() == 0);
  std::filesystem::remove_all(tmp.path() / "alice.db-journal");
  CHECK(pool.with_tenant("alice", [](dorm::Database& db) { return counter(db, "k"); }) == 0);
}
