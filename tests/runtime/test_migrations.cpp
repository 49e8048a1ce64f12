// dorm::apply_migrations: pending migrations in order, each all or nothing, recorded with a
// checksum; table rebuilds run with foreign keys off so CASCADE children survive.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <dorm/dorm.hpp>

#include "support.hpp"
#include "rt_migrated/models.hpp"

namespace {

/// A migration whose checksum is computed from its SQL, as dorm-gen writes it.
struct Step {
  std::string id;
  std::string sql;
  bool foreign_keys_off = false;
  std::string sum = dorm::migration_checksum(sql);
  [[nodiscard]] dorm::Migration migration() const { return {id, sum, sql, foreign_keys_off}; }
};

std::size_t apply(dorm::Database& db, const std::vector<Step>& steps) {
  std::vector<dorm::Migration> list;
  for (const Step& s : steps) list.push_back(s.migration());
  return dorm::apply_migrations(db, list);
}

const Step init{"0001_init",
                "CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'a');\n"
                "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
                "REFERENCES parents (id) ON DELETE CASCADE);\n"
                "CREATE INDEX children_by_parent ON children (parent_id);"};
const Step add_note{"0002_note", "ALTER TABLE parents ADD COLUMN note TEXT;"};

/// The rebuild dorm-gen writes for a changed default of `parents.kind`.
const Step rebuild_parents{"0003_kind_default",
                           "PRAGMA defer_foreign_keys = ON;\n"
                           "CREATE TABLE dorm_new_parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                           "kind TEXT NOT NULL DEFAULT 'b', note TEXT);\n"
                           "INSERT INTO dorm_new_parents (id, name, kind, note) SELECT id, name, kind, note FROM parents;\n"
                           "DROP TABLE parents;\n"
                           "ALTER TABLE dorm_new_parents RENAME TO parents;",
                           true};

std::vector<std::string> applied_ids(dorm::Database& db) {
  return db.query<std::string>("SELECT id FROM dorm_migrations ORDER BY id");
}

}  // namespace

TEST_CASE("pending migrations are applied in order and recorded; applying again does nothing", "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  CHECK(apply(db, {init}) == 1);
  CHECK(apply(db, {init, add_note}) == 1);
  CHECK(apply(db, {init, add_note}) == 0);
  CHECK(applied_ids(db) == std::vector<std::string>{"0001_init", "0002_note"});
  CHECK(db.query_value<std::string>("SELECT checksum FROM dorm_migrations WHERE id = '0002_note'") ==
        dorm::migration_checksum(add_note.sql));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM dorm_migrations WHERE applied_at LIKE '____-__-__T%'") == 2);
  db.execute("INSERT INTO parents (name, note) VALUES ('p', 'n')");
}

TEST_CASE("a rebuild of a parent table keeps its CASCADE children and turns foreign keys back on", "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  apply(db, {init, add_note});
  db.execute_script("INSERT INTO parents (id, name) VALUES (1, 'p'), (2, 'q');"
                    "INSERT INTO children (parent_id) VALUES (1), (1), (2)");
  REQUIRE(db.query_value<std::int64_t>("PRAGMA foreign_keys") == 1);
  CHECK(apply(db, {init, add_note, rebuild_parents}) == 1);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM children") == 3);
  CHECK(db.query_value<std::int64_t>("PRAGMA foreign_keys") == 1);
  db.execute("INSERT INTO parents (name) VALUES ('r')");
  CHECK(db.query_value<std::string>("SELECT kind FROM parents WHERE name = 'r'") == "b");
  db.execute("DELETE FROM parents WHERE id = 1");  // still cascades
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM children") == 1);
}

TEST_CASE("without foreign keys off, the same rebuild would have deleted the children", "[runtime][migrations]") {
  // Why needs_foreign_keys_off exists: DROP TABLE on a parent cascades when foreign keys are on.
  auto db = dorm::Database::open(":memory:");
  apply(db, {init, add_note});
  db.execute_script("INSERT INTO parents (id, name) VALUES (1, 'p'); INSERT INTO children (parent_id) VALUES (1)");
  Step unsafe = rebuild_parents;
  unsafe.foreign_keys_off = false;
  unsafe.sum = dorm::migration_checksum(unsafe.sql);
  apply(db, {init, add_note, unsafe});
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM children") == 0);
}

TEST_CASE("a failing migration is rolled back whole and names itself and the statement", "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  apply(db, {init});
  db.execute("INSERT INTO parents (id, name) VALUES (1, 'p')");
  const Step broken{"0002_broken",
                    "CREATE TABLE extra (id INTEGER PRIMARY KEY);\n"
                    "UPDATE parents SET name = 'changed';\n"
                    "INSERT INTO parents (id, name) VALUES (1, 'duplicate');"};
  CHECK_THROWS_MATCHES(apply(db, {init, broken, add_note}), dorm::MigrationError,
                       Catch::Matchers::Predicate<dorm::MigrationError>([](const dorm::MigrationError& e) {
                         const std::string m = e.what();
                         return m.find("[dorm.migration.failed] migration 0002_broken") != std::string::npos &&
                                m.find("UNIQUE constraint failed") != std::string::npos &&
                                m.find("INSERT INTO parents (id, name) VALUES (1, 'duplicate');") != std::string::npos;
                       }));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'") == 0);
  CHECK(db.query_value<std::string>("SELECT name FROM parents WHERE id = 1") == "p");
  CHECK(applied_ids(db) == std::vector<std::string>{"0001_init"});  // and 0003 was not attempted
  CHECK(db.transaction_depth() == 0);
}

TEST_CASE("a rebuild that leaves dangling foreign keys is rolled back", "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  apply(db, {init, add_note});
  db.execute_script("INSERT INTO parents (id, name) VALUES (1, 'p'); INSERT INTO children (parent_id) VALUES (1)");
  const Step lossy{"0003_lossy",
                   "CREATE TABLE dorm_new_parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT, note TEXT);\n"
                   "DROP TABLE parents;\n"
                   "ALTER TABLE dorm_new_parents RENAME TO parents;",
                   true};
  CHECK_THROWS_WITH(apply(db, {init, add_note, lossy}),
                    Catch::Contains("[dorm.migration.foreign_key] migration 0003_lossy") &&
                        Catch::Contains("children"));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM parents") == 1);
  CHECK(db.query_value<std::int64_t>("PRAGMA foreign_keys") == 1);
}

TEST_CASE("an applied migration edited afterwards is detected by its checksum", "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  apply(db, {init, add_note});
  Step edited = add_note;
  edited.sql = "ALTER TABLE parents ADD COLUMN note TEXT NOT NULL DEFAULT '';";
  edited.sum = dorm::migration_checksum(edited.sql);
  CHECK_THROWS_WITH(apply(db, {init, edited}), Catch::Contains("[dorm.migration.checksum] migration 0002_note") &&
                                                   Catch::Contains("edited after it was applied"));
}

TEST_CASE("migrations cannot run inside a transaction", "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  dorm::Transaction tx(db);
  CHECK_THROWS_AS(apply(db, {init}), dorm::MisuseError);
}

TEST_CASE("migrations persist in a database file across connections", "[runtime][migrations]") {
  rt_test::TempDir dir;
  const std::string file = (dir.path() / "app.db").string();
  {
    auto db = dorm::Database::open(file);
    CHECK(apply(db, {init}) == 1);
  }
  auto db = dorm::Database::open(file);
  CHECK(apply(db, {init, add_note}) == 1);
  CHECK(applied_ids(db) == std::vector<std::string>{"0001_init", "0002_note"});
}

TEST_CASE("generated migrate() applies the embedded migrations: the rebuilt parent keeps its pages",
          "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  // A database deployed at 0001_init, holding rows.
  dorm::apply_migrations(db, std::span<const dorm::Migration>(rt_migrated::migrations, 1));
  db.execute_script("INSERT INTO notebooks (id, title) VALUES (1, 'n');"
                    "INSERT INTO pages (notebook_id, text) VALUES (1, 'one'), (1, 'two')");
  rt_migrated::migrate(db);
  CHECK(applied_ids(db) == std::vector<std::string>{"0001_init", "0002_yellow_pages"});
  using rt_migrated::pages;
  auto kept = db.select<rt_migrated::Page>().order_by(pages.id.asc()).all();
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].body == "one");  // renamed from `text`, values kept
  CHECK(kept[1].words == 0);
  db.execute("INSERT INTO notebooks (title) VALUES ('m')");
  CHECK(db.query_value<std::string>("SELECT color FROM notebooks WHERE title = 'm'") == "yellow");
  rt_migrated::migrate(db);  // idempotent
  CHECK(applied_ids(db).size() == 2);
}

TEST_CASE("a database made without migrations is adopted: the migrations that build its schema are recorded, "
          "the rest applied",
          "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  // The schema of 0001_init, written by hand in other words (what a schema-only migrate(db)
  // or a legacy tool leaves): before baselines, applying 0001 failed with "table parents
  // already exists".
  db.execute_script(
      "CREATE TABLE parents (id INTEGER NOT NULL PRIMARY KEY, kind NVARCHAR(8) NOT NULL DEFAULT ('a'), name VARCHAR(40) NOT NULL);"
      "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INT NOT NULL REFERENCES parents ON DELETE CASCADE);"
      "CREATE INDEX children_by_parent ON children (parent_id);"
      "INSERT INTO parents (id, name) VALUES (1, 'kept')");
  CHECK(apply(db, {init, add_note}) == 1);
  CHECK(applied_ids(db) == std::vector<std::string>{"0001_init", "0002_note"});
  CHECK(db.query_value<std::string>("SELECT checksum FROM dorm_migrations WHERE id = '0001_init'") ==
        dorm::migration_checksum(init.sql));
  CHECK(db.query_value<std::string>("SELECT name FROM parents WHERE id = 1") == "kept");
  db.execute("UPDATE parents SET note = 'added by 0002' WHERE id = 1");
  CHECK(apply(db, {init, add_note}) == 0);
}

TEST_CASE("a database already at a later migration records every migration up to it and applies only the next",
          "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  for (const Step& s : {init, add_note}) db.execute_script(s.sql);
  db.execute("INSERT INTO parents (id, name) VALUES (1, 'p')");
  CHECK(apply(db, {init, add_note, rebuild_parents}) == 1);
  CHECK(applied_ids(db) == std::vector<std::string>{"0001_init", "0002_note", "0003_kind_default"});
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM parents") == 1);
  db.execute("INSERT INTO parents (name) VALUES ('new')");
  CHECK(db.query_value<std::string>("SELECT kind FROM parents WHERE name = 'new'") == "b");  // 0003 ran
}

TEST_CASE("a database that matches no prefix of the migrations is refused with the difference and left unchanged",
          "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  // Like 0001_init, but parents has no `kind` and `name` may be NULL.
  db.execute_script(
      "CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT);"
      "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id) "
      "ON DELETE CASCADE);"
      "CREATE INDEX children_by_parent ON children (parent_id);");
  try {
    apply(db, {init, add_note});
    FAIL("a database of another schema was adopted");
  } catch (const dorm::MigrationError& e) {
    CHECK(std::string(e.what()) ==
          "[dorm.migration.baseline] the database has tables but no recorded migrations, and no prefix of the 2 "
          "migrations builds its schema, so nothing was recorded or changed; closest: the schema after 0001_init, "
          "which differs in 3 lines (- what the migrations build, + in the database):\n"
          "  - parents column kind TEXT NOT NULL DEFAULT 'a'\n"
          "  - parents column name TEXT NOT NULL\n"
          "  + parents column name TEXT\n");
  }
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE name = 'dorm_migrations'") == 0);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM pragma_table_info('parents')") == 2);
}

TEST_CASE("a migration that fails on an empty database stops a baseline with its name", "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  db.execute_script("CREATE TABLE parents (id INTEGER PRIMARY KEY)");
  const Step broken{"0001_broken", "CREATE TABLE parents (id INTEGER PRIMARY KEY); ALTER TABLE nowhere ADD COLUMN x;"};
  CHECK_THROWS_WITH(apply(db, {broken}),
                    Catch::StartsWith("[dorm.migration.failed] migration 0001_broken fails on an empty database") &&
                        Catch::Contains("no such table: nowhere"));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE name = 'dorm_migrations'") == 0);
}

TEST_CASE("a baseline stops at the first matching migration, so a later data-only migration still runs",
          "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  db.execute_script(init.sql);
  db.execute("INSERT INTO parents (id, name) VALUES (1, 'ada')");
  const Step shout{"0002_shout", "UPDATE parents SET name = upper(name);"};
  CHECK(apply(db, {init, shout}) == 1);
  CHECK(applied_ids(db) == std::vector<std::string>{"0001_init", "0002_shout"});
  CHECK(db.query_value<std::string>("SELECT name FROM parents WHERE id = 1") == "ADA");
}

TEST_CASE("a refused baseline with one differing line says so in the singular", "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  for (const Step& s : {init, add_note}) db.execute_script(s.sql);
  db.execute_script("CREATE INDEX parents_by_note ON parents (note)");
  CHECK_THROWS_WITH(apply(db, {init, add_note}),
                    Catch::EndsWith("closest: the schema after 0002_note, which differs in 1 line (- what the migrations "
                                    "build, + in the database):\n  + parents index parents_by_note (note)\n"));
}

TEST_CASE("a baseline leaves out tables no migration creates, and a database holding only such tables is migrated "
          "from the start",
          "[runtime][migrations]") {
  auto other = dorm::Database::open(":memory:");
  other.execute_script("CREATE TABLE legacy_log (line TEXT)");
  CHECK(apply(other, {init, add_note}) == 2);
  CHECK(other.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE name = 'legacy_log'") == 1);

  auto shared = dorm::Database::open(":memory:");
  shared.execute_script("CREATE TABLE legacy_log (line TEXT);" + init.sql);
  CHECK(apply(shared, {init, add_note}) == 1);
  CHECK(applied_ids(shared) == std::vector<std::string>{"0001_init", "0002_note"});
}

TEST_CASE("a baseline does not compare CHECK constraints, which SQLite keeps only as CREATE text", "[runtime][migrations]") {
  auto db = dorm::Database::open(":memory:");
  db.execute_script("CREATE TABLE scores (id INTEGER PRIMARY KEY, points INTEGER NOT NULL)");
  const Step checked{"0001_init", "CREATE TABLE scores (id INTEGER PRIMARY KEY, points INTEGER NOT NULL "
                                  "CONSTRAINT points_minimum CHECK (points >= 0));"};
  CHECK(apply(db, {checked}) == 0);
  CHECK(applied_ids(db) == std::vector<std::string>{"0001_init"});
  db.execute("INSERT INTO scores (points) VALUES (-1)");  // the constraint is not there
}
