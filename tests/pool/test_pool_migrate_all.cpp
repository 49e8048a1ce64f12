// Pool::migrate_all: every tenant migrated, progress after each, and a per-tenant error report
// that does not stop at the first failure.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "pool_support.hpp"

namespace {

// Tenant files made by a pool that migrates nothing: empty databases, as an older program
// version would have left them.
void make_unmigrated(const std::filesystem::path& folder, const std::vector<std::string>& names) {
  dorm::PoolOptions options;
  options.folder = folder;
  dorm::Pool pool(options);
  for (const auto& name : names) pool.with_tenant(name, [](dorm::Database& db) { db.execute("CREATE TABLE old_stuff (x)"); });
}

bool has_counters(dorm::Database& db) {
  return db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE name = 'counters'") == 1;
}

}  // namespace

TEST_CASE("migrate_all migrates every tenant, reports progress, and continues past a failing one", "[pool][migrate_all]") {
  TempDir tmp;
  make_unmigrated(tmp.path(), {"a", "b", "bad", "c", "d"});
  {
    // "bad" already has a "counters" table of another shape: 0001_init's CREATE TABLE fails.
    auto db = dorm::Database::open((tmp.path() / "bad.db").string());
    db.execute_script("CREATE TABLE counters (something_else TEXT)");
  }
  dorm::Pool pool(pool_options(tmp.path()));
  std::vector<std::string> progress_lines;
  const auto report = pool.migrate_all([&](const dorm::MigrateProgress& p) {
    progress_lines.push_back(std::to_string(p.done) + "/" + std::to_string(p.total) + " " + std::string(p.name) +
                             (p.ok ? " ok" : " failed"));
  });

  CHECK(progress_lines == std::vector<std::string>{"1/5 a ok", "2/5 b ok", "3/5 bad failed", "4/5 c ok", "5/5 d ok"});
  CHECK_FALSE(report.ok());
  CHECK(report.migrated == std::vector<std::string>{"a", "b", "c", "d"});
  REQUIRE(report.failed.size() == 1);
  CHECK(report.failed[0].name == "bad");
  CHECK_THAT(report.failed[0].message, Catch::Contains("0001_init") && Catch::Contains("counters"));
  CHECK_THROWS_AS(std::rethrow_exception(report.failed[0].error), dorm::MigrationError);

  CHECK(pool.open_count() == 0);  // tenants that were closed are closed again
  for (const char* name : {"a", "b", "c", "d"}) {
    INFO(name);
    CHECK(pool.with_tenant(name, [](dorm::Database& db) { return has_counters(db); }));
  }
  // The failed tenant stays as it was (the migration rolled back) and keeps failing to open.
  CHECK(pool.exists("bad"));
  CHECK_THROWS_AS(pool.acquire("bad"), dorm::MigrationError);
}

TEST_CASE("migrate_all migrates open handles again and leaves them open", "[pool][migrate_all]") {
  TempDir tmp;
  auto options = pool_options(tmp.path());
  int migrations = 0;
  options.migrate = [&](dorm::Database& db) {
    ++migrations;
    pool_test::migrate(db);
  };
  dorm::Pool pool(options);
  pool.with_tenant("hot", [](dorm::Database& db) { bump(db, "k"); });
  pool.with_tenant("warm", [](dorm::Database& db) { bump(db, "k"); });
  CHECK(migrations == 2);
  const auto report = pool.migrate_all();
  CHECK(report.ok());
  CHECK(report.migrated == std::vector<std::string>{"hot", "warm"});
  CHECK(migrations == 4);
  CHECK(pool.open_count() == 2);
}

TEST_CASE("migrate_all reports a tenant this thread holds instead of deadlocking", "[pool][migrate_all]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  pool.with_tenant("a", [](dorm::Database&) {});
  auto held = pool.acquire("b");
  const auto report = pool.migrate_all();
  CHECK(report.migrated == std::vector<std::string>{"a"});
  REQUIRE(report.failed.size() == 1);
  CHECK(report.failed[0].name == "b");
  CHECK_THAT(report.failed[0].message, Catch::StartsWith("[dorm.misuse.pool_reentrant]"));
}

TEST_CASE("migrate_all of an empty folder does nothing, and a throwing progress callback stops it", "[pool][migrate_all]") {
  TempDir tmp;
  dorm::Pool pool(pool_options(tmp.path()));
  int calls = 0;
  auto report = pool.migrate_all([&](const dorm::MigrateProgress&) { ++calls; });
  CHECK(report.ok());
  CHECK(report.migrated.empty());
  CHECK(calls == 0);

  make_unmigrated(tmp.path(), {"a", "b", "c"});
  CHECK_THROWS_WITH(pool.migrate_all([&](const dorm::MigrateProgress& p) {
                      if (p.done == 2) throw std::runtime_error("cancelled");
                    }),
                    "cancelled");
  // a and b were migrated before the cancel, c was not touched.
  dorm::PoolOptions plain;
  plain.folder = tmp.path();
  dorm::Pool peek(plain);
  CHECK(peek.with_tenant("b", [](dorm::Database& db) { return has_counters(db); }));
  CHECK_FALSE(peek.with_tenant("c", [](dorm::Database& db) { return has_counters(db); }));
}
