// Snapshots, migration files and the migrate/check commands (run in-process): what users
// commit, how branches are caught, and when a database or schema has drifted.
#include <sqlite3.h>

#include "ir/names.hpp"
#include "migrate/commands.hpp"
#include "migrate/snapshot.hpp"
#include "migrate_support.hpp"

using namespace dorm::migrate;
using migrate_test::schema_of;
using migrate_test::ScratchDir;
using migrate_test::write_file;

namespace {

const std::string notes_v1 = R"({"$id": "notes", "properties": {
  "id": {"type": "integer", "x-dorm-primary-key": true},
  "body": {"type": "string"}}, "required": ["body"]})";
const std::string notes_v2 = R"({"$id": "notes", "properties": {
  "id": {"type": "integer", "x-dorm-primary-key": true},
  "body": {"type": "string"},
  "pinned": {"type": "boolean", "default": false}}, "required": ["body", "pinned"]})";
const std::string notes_v3 = R"({"$id": "notes", "properties": {
  "id": {"type": "integer", "x-dorm-primary-key": true},
  "body": {"type": "string"},
  "pinned": {"type": "boolean", "default": false},
  "color": {"type": "string"}}, "required": ["body", "pinned"]})";
const std::string notes_without_body = R"({"$id": "notes", "properties": {
  "id": {"type": "integer", "x-dorm-primary-key": true}}})";

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Writes `text` as the schema file of a test and returns its path.
std::string schema_file(const std::filesystem::path& dir, const std::string& text) {
  const auto path = dir / "schema" / "notes.json";
  write_file(path, text);
  return path.string();
}

}  // namespace

TEST_CASE("a snapshot is deterministic and reads back to the same snapshot", "[generator][migrate]") {
  const std::string tags = R"({"$id": "tags", "properties": {"id": {"type": "integer", "x-dorm-primary-key": true},
    "label": {"type": "string", "x-dorm-unique": true, "x-dorm-index": "tags_label"}}})";
  const auto text = snapshot_text(schema_of({notes_v2, tags}));
  CHECK(text == snapshot_text(schema_of({tags, notes_v2})));
  CHECK(snapshot_text(schema_from_snapshot(text, "s.json")) == text);
  CHECK(text.find(R"("name": "notes")") < text.find(R"("name": "tags")"));
  CHECK(text.find("relations") == std::string::npos);
  CHECK_THROWS_WITH(schema_from_snapshot("{}", "bad.snapshot.json"), Catch::Contains("bad.snapshot.json"));
}

TEST_CASE("a snapshot that names a table or a column twice is refused, naming the file and the name", "[generator][migrate]") {
  // Found by fuzz_migrations: the planner compared a table with its namesake and planned a change
  // from a snapshot to itself. SQLite compares names without case, and so does the check.
  const std::string twice_column =
      R"({"dorm_snapshot":1,"tables":[{"name":"a","columns":[{"name":"x","type":"INTEGER","nullable":false},)"
      R"({"name":"X","type":"TEXT","nullable":true}],"primary_key":["x"]}]})";
  CHECK_THROWS_WITH(schema_from_snapshot(twice_column, "0001_init.snapshot.json"),
                    Catch::Contains("0001_init.snapshot.json") && Catch::Contains("column \"X\" of table \"a\" appears twice"));
  const std::string twice_table =
      R"({"dorm_snapshot":1,"tables":[{"name":"a","columns":[{"name":"x","type":"INTEGER","nullable":false}],"primary_key":["x"]},)"
      R"({"name":"a","columns":[{"name":"y","type":"TEXT","nullable":false}],"primary_key":["y"]}]})";
  CHECK_THROWS_WITH(schema_from_snapshot(twice_table, "0002_more.snapshot.json"),
                    Catch::Contains("0002_more.snapshot.json") && Catch::Contains("table \"a\" appears twice"));
}

TEST_CASE("a migration file says what changed and what it follows, and parses back", "[generator][migrate]") {
  const auto plan = plan_migration(schema_of({notes_v1}), schema_of({notes_v2}));
  const std::string text = render_migration("0002_pin", "0001_init", plan);
  CHECK(text.starts_with("-- dorm migration 0002_pin\n-- follows: 0001_init\n-- foreign-keys: on\n"
                         "-- changes:\n--   add column notes.pinned\n\n-- up\n"
                         "ALTER TABLE \"notes\" ADD COLUMN \"pinned\" INTEGER NOT NULL DEFAULT 0;\n"));
  const MigrationFile parsed = parse_migration(text, "0002_pin");
  CHECK(parsed.follows == "0001_init");
  CHECK(parsed.up_sql == "ALTER TABLE \"notes\" ADD COLUMN \"pinned\" INTEGER NOT NULL DEFAULT 0;");
  CHECK_FALSE(parsed.needs_foreign_keys_off);
}

TEST_CASE("a default whose lines read like section markers stays in the up section and applies", "[generator][migrate]") {
  // '-- up' and '-- down' were found line by line, also inside a string, so this default cut the
  // up SQL in two and put the rest into the down section (fuzz/fuzz_schema_header's migration
  // round trip fails on it).
  const auto schema = schema_of({R"({"$id": "notes", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "body": {"type": "string", "default": "first\n-- down\nDROP TABLE notes;\r\n-- up\n/* ["}},
    "required": ["body"]})"});
  const MigrationPlan plan = plan_migration({}, schema);
  const MigrationFile parsed = parse_migration(render_migration("0001_init", "", plan), "0001_init");
  std::string up;
  for (const std::string& s : plan.up) up += s + ";\n";
  up.pop_back();
  CHECK(parsed.up_sql == up);
  CHECK(parsed.down_sql == "DROP TABLE \"notes\";");

  auto db = dorm::Database::open(":memory:");
  db.execute_script(parsed.up_sql);
  db.execute("INSERT INTO notes (id) VALUES (1)");
  CHECK(db.query_value<std::string>("SELECT body FROM notes") ==
        std::optional<std::string>("first\n-- down\nDROP TABLE notes;\r\n-- up\n/* ["));
}

TEST_CASE("CRLF line ends of a migration file read as LF", "[generator][migrate]") {
  const MigrationFile parsed =
      parse_migration("-- follows: none\r\n-- up\r\nCREATE TABLE t (a TEXT DEFAULT 'x');\r\n-- down\r\nDROP TABLE t;\r\n", "0001_t");
  CHECK(parsed.up_sql == "CREATE TABLE t (a TEXT DEFAULT 'x');");
  CHECK(parsed.down_sql == "DROP TABLE t;");
}

TEST_CASE("a migration number too large for the history is an error naming the file", "[generator][migrate]") {
  // std::stoi threw std::out_of_range, and dorm-gen said only "error: stoi" (the input is in
  // fuzz/regressions/fuzz_migrations/).
  const ScratchDir scratch("big_number");
  write_file(scratch.path / "99999999999_x.sql", "-- up\nSELECT 1;\n");
  CHECK_THROWS_WITH(read_migrations(scratch.path),
                    Catch::Contains("99999999999_x.sql: migration number 99999999999 is too large (at most 2147483647)"));
  std::filesystem::remove(scratch.path / "99999999999_x.sql");
  write_file(scratch.path / "0000000000007_x.sql", "-- up\nSELECT 1;\n");
  CHECK(read_migrations(scratch.path).at(0).number == 7);
}

TEST_CASE("dorm-gen migrate writes numbered migrations with snapshots, and nothing when nothing changed",
          "[generator][migrate]") {
  const ScratchDir scratch("sequence");
  const auto& dir = scratch.path;
  const auto mig = dir / "migrations";
  CHECK(run_migrate({"init", mig, {schema_file(dir, notes_v1)}, false}) == 0);
  CHECK(run_migrate({"pin", mig, {schema_file(dir, notes_v2)}, false}) == 0);
  CHECK(run_migrate({"again", mig, {schema_file(dir, notes_v2)}, false}) == 0);
  CHECK(std::filesystem::exists(mig / "0001_init.sql"));
  CHECK(std::filesystem::exists(mig / "0001_init.snapshot.json"));
  CHECK(std::filesystem::exists(mig / "0002_pin.snapshot.json"));
  CHECK_FALSE(std::filesystem::exists(mig / "0003_again.sql"));
  CHECK(read(mig / "0002_pin.sql").find("-- follows: 0001_init\n") != std::string::npos);
  CHECK(read(mig / "0001_init.sql").find("-- follows: none\n") != std::string::npos);
  CHECK(run_migrate({"bad name", mig, {schema_file(dir, notes_v2)}, false}) == 2);

  // The migrations build the schema on a database, and the generated code embeds them.
  const std::string code = migrations_code(mig);
  CHECK(code.find("inline const dorm::Migration migrations[] = {") != std::string::npos);
  CHECK(code.find("\"0002_pin\"") != std::string::npos);
  // The checksums it embeds are the runtime's, so the runtime's check agrees with dorm-gen.
  for (const auto& m : read_migrations(mig))
    CHECK(code.find(dorm::ir::cpp_string_literal(dorm::migration_checksum(m.up_sql))) != std::string::npos);
  auto db = dorm::Database::open(":memory:");
  for (const auto& m : read_migrations(mig)) {
    const std::string sum = dorm::migration_checksum(m.up_sql);
    const dorm::Migration step{m.id, sum, m.up_sql, m.needs_foreign_keys_off};
    dorm::apply_migrations(db, std::span<const dorm::Migration>(&step, 1));
  }
  db.execute("INSERT INTO notes (body) VALUES ('x')");
  CHECK(db.query_value<bool>("SELECT pinned FROM notes") == false);
}

TEST_CASE("a destructive change is refused, then written when --allow-destructive declares it", "[generator][migrate]") {
  const ScratchDir scratch("destructive");
  const auto& dir = scratch.path;
  const auto mig = dir / "migrations";
  REQUIRE(run_migrate({"init", mig, {schema_file(dir, notes_v1)}, false}) == 0);
  CHECK(run_migrate({"drop_body", mig, {schema_file(dir, notes_without_body)}, false}) == 1);
  CHECK_FALSE(std::filesystem::exists(mig / "0002_drop_body.sql"));
  CHECK(run_migrate({"drop_body", mig, {schema_file(dir, notes_without_body)}, true}) == 0);
  const std::string text = read(mig / "0002_drop_body.sql");
  CHECK(text.find("-- foreign-keys: off\n") != std::string::npos);
  CHECK(text.find("rebuild table notes (drop column notes.body)") != std::string::npos);
}

TEST_CASE("two migrations made from the same snapshot on two branches are a conflict naming both", "[generator][migrate]") {
  const ScratchDir scratch("branches");
  const auto& dir = scratch.path;
  const auto mig = dir / "migrations";
  REQUIRE(run_migrate({"init", mig, {schema_file(dir, notes_v1)}, false}) == 0);
  // Branch b: its own copy of the folder gets 0002_color.
  const auto branch = dir / "branch";
  std::filesystem::copy(mig, branch);
  REQUIRE(run_migrate({"color", branch, {schema_file(dir, notes_v3)}, false}) == 0);
  // Branch a: 0002_pin. Merging brings 0002_color in next to it.
  REQUIRE(run_migrate({"pin", mig, {schema_file(dir, notes_v2)}, false}) == 0);
  std::filesystem::copy(branch / "0002_color.sql", mig / "0002_color.sql");
  std::filesystem::copy(branch / "0002_color.snapshot.json", mig / "0002_color.snapshot.json");

  const auto conflicts = find_conflicts(read_migrations(mig));
  REQUIRE(conflicts.size() == 1);
  CHECK_THAT(conflicts[0], Catch::Contains("0002_color.sql") && Catch::Contains("0002_pin.sql") &&
                               Catch::Contains("both follow 0001_init"));
  CHECK(run_migrate({"more", mig, {schema_file(dir, notes_v3)}, false}) == 1);
  CHECK(run_check({mig, {schema_file(dir, notes_v3)}, ""}) == 1);
  CHECK_THROWS_WITH(migrations_code(mig), Catch::Contains("both follow"));
}

TEST_CASE("dorm-gen check fails on a schema change without a migration and on a drifted database", "[generator][migrate]") {
  const ScratchDir scratch("check");
  const auto& dir = scratch.path;
  const auto mig = dir / "migrations";
  REQUIRE(run_migrate({"init", mig, {schema_file(dir, notes_v1)}, false}) == 0);
  CHECK(run_check({mig, {schema_file(dir, notes_v1)}, ""}) == 0);
  CHECK(run_check({mig, {schema_file(dir, notes_v2)}, ""}) == 4);
  REQUIRE(run_migrate({"pin", mig, {schema_file(dir, notes_v2)}, false}) == 0);
  CHECK(run_check({mig, {schema_file(dir, notes_v2)}, ""}) == 0);

  const std::string file = (dir / "app.db").string();
  {
    auto db = dorm::Database::open(file);
    // Only the first migration: the database lacks `pinned`.
    const auto first = read_migrations(mig).front();
    const std::string sum = dorm::migration_checksum(first.up_sql);
    const dorm::Migration m{first.id, sum, first.up_sql, false};
    dorm::apply_migrations(db, std::span<const dorm::Migration>(&m, 1));
  }
  CHECK(run_check({mig, {schema_file(dir, notes_v2)}, file}) == 4);
  {
    auto db = dorm::Database::open(file);
    const auto second = read_migrations(mig).back();
    const std::string sum = dorm::migration_checksum(second.up_sql);
    const dorm::Migration m{second.id, sum, second.up_sql, false};
    dorm::apply_migrations(db, std::span<const dorm::Migration>(&m, 1));
  }
  CHECK(run_check({mig, {schema_file(dir, notes_v2)}, file}) == 0);
  {
    auto db = dorm::Database::open(file);
    db.execute_script("CREATE INDEX notes_by_body ON notes (body)");  // changed by hand
  }
  CHECK(run_check({mig, {schema_file(dir, notes_v2)}, file}) == 4);
}
