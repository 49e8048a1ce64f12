// The migration planner: each kind of schema change becomes the SQL SQLite allows for it, and
// that SQL keeps the data when applied to a database holding rows.
#include <algorithm>
#include <fstream>
#include <iterator>

#include "emit/sql_ddl.hpp"
#include "migrate/snapshot.hpp"
#include "migrate_support.hpp"

using dorm::migrate::plan_migration;
using migrate_test::apply;
using migrate_test::schema_of;

namespace {

const std::string users_v1 = R"({
  "$id": "users",
  "properties": {
    "id": { "type": "integer", "x-dorm-primary-key": true, "x-dorm-auto-increment": true },
    "name": { "type": "string" },
    "status": { "type": "string", "default": "active" },
    "score": { "type": "integer", "default": 0 }
  },
  "required": ["name", "status", "score"]
})";

const std::string posts_v1 = R"({
  "$id": "posts",
  "properties": {
    "id": { "type": "integer", "x-dorm-primary-key": true },
    "user_id": { "type": "integer", "x-dorm-index": true,
                 "x-dorm-references": { "table": "users", "column": "id", "onDelete": "CASCADE" } },
    "title": { "type": "string" }
  },
  "required": ["user_id", "title"]
})";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// A database at v1 with two users and three posts.
dorm::Database database_at_v1() {
  auto db = dorm::Database::open(":memory:");
  apply(db, "0001_init", plan_migration({}, schema_of({users_v1, posts_v1})));
  db.execute_script(
      "INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'bob');"
      "INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c')");
  return db;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("the first migration creates every table and index without IF NOT EXISTS", "[generator][migrate]") {
  const auto plan = plan_migration({}, schema_of({users_v1, posts_v1}));
  REQUIRE(plan.up.size() == 3);
  CHECK(plan.up[0].starts_with("CREATE TABLE \"posts\" ("));
  CHECK(plan.up[1] == "CREATE INDEX \"idx_posts_user_id\" ON \"posts\" (\"user_id\")");
  CHECK(plan.up[2].starts_with("CREATE TABLE \"users\" ("));
  CHECK(plan.down == std::vector<std::string>{"DROP TABLE \"posts\"", "DROP TABLE \"users\""});
  CHECK_FALSE(plan.needs_foreign_keys_off);
  CHECK(plan.changes == std::vector<std::string>{"create table posts", "create table users"});
}

TEST_CASE("an unchanged schema plans nothing", "[generator][migrate]") {
  CHECK(plan_migration(schema_of({users_v1, posts_v1}), schema_of({posts_v1, users_v1})).empty());
}

TEST_CASE("adding a nullable column or one with a constant default is ALTER TABLE ADD COLUMN", "[generator][migrate]") {
  const auto users_v2 = replace(users_v1, R"("score": { "type": "integer", "default": 0 })",
                                R"("score": { "type": "integer", "default": 0 },
    "bio": { "type": "string" },
    "level": { "type": "integer", "default": 1 })");
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v2, posts_v1}));
  CHECK(plan.up == std::vector<std::string>{"ALTER TABLE \"users\" ADD COLUMN \"bio\" TEXT",
                                            "ALTER TABLE \"users\" ADD COLUMN \"level\" INTEGER DEFAULT 1"});
  CHECK_FALSE(plan.needs_foreign_keys_off);
  CHECK(plan.destructive.empty());

  auto db = database_at_v1();
  apply(db, "0002_add", plan);
  CHECK(db.query<std::tuple<std::string, std::optional<std::string>, std::int64_t>>(
            "SELECT name, bio, level FROM users ORDER BY id") ==
        std::vector<std::tuple<std::string, std::optional<std::string>, std::int64_t>>{{"ada", std::nullopt, 1},
                                                                                     {"bob", std::nullopt, 1}});
}

TEST_CASE("adding a column SQLite cannot add (UNIQUE, CURRENT_TIMESTAMP default) rebuilds the table", "[generator][migrate]") {
  const auto users_v2 = replace(users_v1, R"("score": { "type": "integer", "default": 0 })",
                                R"("score": { "type": "integer", "default": 0 },
    "handle": { "type": "string", "x-dorm-unique": true },
    "joined": { "type": "string", "x-dorm-default-sql": "CURRENT_TIMESTAMP" })");
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v2, posts_v1}));
  CHECK(plan.needs_foreign_keys_off);
  CHECK(has(plan.up, "DROP TABLE \"users\""));
  CHECK(has(plan.up, "ALTER TABLE \"dorm_new_users\" RENAME TO \"users\""));
  auto db = database_at_v1();
  apply(db, "0002_rebuild", plan);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM users WHERE joined IS NOT NULL") == 2);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM posts") == 3);
}

TEST_CASE("adding a column whose text default holds a control character rebuilds the table", "[generator][migrate]") {
  // The default is written 'a' || char(13) || 'b', which ALTER TABLE ADD COLUMN refuses as
  // "non-constant"; the rebuild keeps the rows and gives them the default.
  const auto users_v2 = replace(users_v1, R"("score": { "type": "integer", "default": 0 })",
                                R"("score": { "type": "integer", "default": 0 },
    "note": { "type": "string", "default": "a\rb\u0000c" })");
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v2, posts_v1}));
  CHECK(has(plan.up, "ALTER TABLE \"dorm_new_users\" RENAME TO \"users\""));
  auto db = database_at_v1();
  apply(db, "0002_rebuild", plan);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM users WHERE hex(note) = '610D620063'") == 2);
}

TEST_CASE("adding a table is CREATE TABLE with its indexes; the down migration drops it", "[generator][migrate]") {
  const std::string tags = R"({"$id": "tags", "properties": {"id": {"type": "integer", "x-dorm-primary-key": true},
    "label": {"type": "string", "x-dorm-index": true}}, "required": ["label"]})";
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v1, posts_v1, tags}));
  REQUIRE(plan.up.size() == 2);
  CHECK(plan.up[0].starts_with("CREATE TABLE \"tags\""));
  CHECK(plan.up[1] == "CREATE INDEX \"idx_tags_label\" ON \"tags\" (\"label\")");
  CHECK(plan.down == std::vector<std::string>{"DROP TABLE \"tags\""});
  auto db = database_at_v1();
  apply(db, "0002_tags", plan);
  db.execute("INSERT INTO tags (label) VALUES ('x')");
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM users") == 2);
}

TEST_CASE("x-dorm-renamed-from renames a column and keeps its values; down renames it back", "[generator][migrate]") {
  const auto users_v2 = replace(users_v1, R"("name": { "type": "string" })",
                                R"("full_name": { "type": "string", "x-dorm-renamed-from": "name" })");
  const auto users_v2_required = replace(users_v2, R"(["name", )", R"(["full_name", )");
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v2_required, posts_v1}));
  CHECK(plan.up == std::vector<std::string>{"ALTER TABLE \"users\" RENAME COLUMN \"name\" TO \"full_name\""});
  CHECK(plan.down == std::vector<std::string>{"ALTER TABLE \"users\" RENAME COLUMN \"full_name\" TO \"name\""});
  CHECK(plan.destructive.empty());
  auto db = database_at_v1();
  apply(db, "0002_rename", plan);
  CHECK(db.query<std::string>("SELECT full_name FROM users ORDER BY id") == std::vector<std::string>{"ada", "bob"});
}

TEST_CASE("x-dorm-renamed-from on a table renames it and the children's foreign keys follow", "[generator][migrate]") {
  const auto members = replace(users_v1, R"("$id": "users")", R"("$id": "members", "x-dorm-renamed-from": "users")");
  const auto posts_v2 = replace(posts_v1, R"("table": "users")", R"("table": "members")");
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({members, posts_v2}));
  CHECK(plan.up == std::vector<std::string>{"ALTER TABLE \"users\" RENAME TO \"members\""});
  CHECK_FALSE(plan.needs_foreign_keys_off);
  auto db = database_at_v1();
  apply(db, "0002_rename_table", plan);
  db.execute("DELETE FROM members WHERE id = 1");
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM posts") == 1);  // the CASCADE still works
}

TEST_CASE("changing a default or a type of a parent table rebuilds it without deleting CASCADE children",
          "[generator][migrate]") {
  const auto users_v2 = replace(replace(users_v1, R"("default": "active")", R"("default": "new")"),
                                R"("score": { "type": "integer", "default": 0 })",
                                R"("score": { "type": "number", "default": 0 })");
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v2, posts_v1}));
  CHECK(plan.needs_foreign_keys_off);
  CHECK(plan.destructive.empty());  // INTEGER -> REAL keeps every value
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0] ==
        "rebuild table users (change the default of users.status; change the type of users.score from INTEGER to REAL)");

  auto db = database_at_v1();  // foreign keys ON, as Database::open sets them
  apply(db, "0002_parent", plan);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM posts") == 3);
  CHECK(db.query_value<std::int64_t>("PRAGMA foreign_keys") == 1);  // switched back on
  db.execute("INSERT INTO users (name) VALUES ('cy')");
  CHECK(db.query_value<std::string>("SELECT status FROM users WHERE name = 'cy'") == "new");
  CHECK(db.query_value<std::string>("SELECT typeof(score) FROM users WHERE id = 1") == "real");
  // The rebuilt parent still cascades.
  db.execute("DELETE FROM users WHERE id = 1");
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM posts") == 1);
}

TEST_CASE("dropping a column, narrowing a type and adding NOT NULL without a default are destructive", "[generator][migrate]") {
  const auto dropped = replace(replace(users_v1, R"("score": { "type": "integer", "default": 0 })", R"("x": {})"),
                               R"("status", "score"])", R"("status"])");
  auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({dropped, posts_v1}));
  CHECK(has(plan.destructive, "drop column users.score"));

  const auto narrowed = replace(users_v1, R"("name": { "type": "string" })", R"("name": { "type": "integer" })");
  plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({narrowed, posts_v1}));
  CHECK(plan.destructive == std::vector<std::string>{"narrow the type of users.name from TEXT to INTEGER"});

  const auto not_null = replace(users_v1, R"("score": { "type": "integer", "default": 0 })",
                                R"("score": { "type": "integer", "default": 0 }, "age": { "type": "integer" })");
  const auto required = replace(not_null, R"("required": ["name")", R"("required": ["age", "name")");
  plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({required, posts_v1}));
  CHECK(plan.destructive == std::vector<std::string>{"add NOT NULL column users.age without a default"});
  // Declared anyway, existing rows get 0 and the children stay.
  auto db = database_at_v1();
  apply(db, "0002_age", plan);
  CHECK(db.query<std::int64_t>("SELECT age FROM users") == std::vector<std::int64_t>{0, 0});
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM posts") == 3);

  plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v1}));
  CHECK(plan.destructive == std::vector<std::string>{"drop table posts"});
  CHECK(plan.needs_foreign_keys_off);
}

TEST_CASE("index changes are DROP INDEX and CREATE INDEX, without a rebuild", "[generator][migrate]") {
  const auto posts_v2 = replace(posts_v1, R"("title": { "type": "string" })",
                                R"("title": { "type": "string", "x-dorm-index": "posts_by_title" })");
  const auto posts_v3 = replace(posts_v2, R"("x-dorm-index": true,)", "");
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v1, posts_v3}));
  CHECK(plan.up == std::vector<std::string>{"DROP INDEX \"idx_posts_user_id\"",
                                            "CREATE INDEX \"posts_by_title\" ON \"posts\" (\"title\")"});
  CHECK_FALSE(plan.needs_foreign_keys_off);
  auto db = database_at_v1();
  apply(db, "0002_indexes", plan);
}

TEST_CASE("reordering existing columns plans nothing: SQLite and dorm read columns by name", "[generator][migrate]") {
  const auto swapped = replace(users_v1, R"("name": { "type": "string" },
    "status": { "type": "string", "default": "active" },)",
                               R"("status": { "type": "string", "default": "active" },
    "name": { "type": "string" },)");
  CHECK(plan_migration(schema_of({users_v1, posts_v1}), schema_of({swapped, posts_v1})).empty());
}

namespace {

/// `notes` with timestamps and soft deletes, whose columns come after the properties.
const std::string notes_v1 = R"({
  "$id": "notes",
  "x-dorm-timestamps": true,
  "x-dorm-soft-delete": true,
  "properties": {
    "id": { "type": "integer", "x-dorm-primary-key": true },
    "body": { "type": "string" }
  },
  "required": ["body"]
})";

}  // namespace

TEST_CASE("adding a nullable property to a table with timestamps and soft deletes is ADD COLUMN, not a rebuild",
          "[generator][migrate]") {
  const auto notes_v2 = replace(notes_v1, R"("body": { "type": "string" })",
                                R"("body": { "type": "string" }, "pinned_at": { "type": ["string", "null"] })");
  const auto v1 = schema_of({notes_v1});
  const auto v2 = schema_of({notes_v2});
  // The schema declares pinned_at before created_at, updated_at and deleted_at.
  REQUIRE(v2.find_table("notes")->columns[2].name == "pinned_at");
  const auto plan = plan_migration(v1, v2);
  CHECK(plan.up == std::vector<std::string>{"ALTER TABLE \"notes\" ADD COLUMN \"pinned_at\" TEXT"});
  CHECK(plan.changes == std::vector<std::string>{"add column notes.pinned_at"});
  CHECK_FALSE(plan.needs_foreign_keys_off);

  auto db = dorm::Database::open(":memory:");
  apply(db, "0001_init", plan_migration({}, v1));
  db.execute("INSERT INTO notes (id, body, created_at, updated_at) VALUES (1, 'kept', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')");
  apply(db, "0002_pinned", plan);
  CHECK(db.query<std::string>("SELECT name FROM pragma_table_info('notes')") ==
        std::vector<std::string>{"id", "body", "created_at", "updated_at", "deleted_at", "pinned_at"});
  CHECK(db.query_value<std::string>("SELECT body FROM notes WHERE id = 1") == "kept");
  // The physical order (pinned_at last) and the snapshot's (pinned_at third) differ, and the
  // next migration, read back from the snapshot, still sees nothing to do.
  const auto after = dorm::migrate::schema_from_snapshot(dorm::migrate::snapshot_text(v2), "0002.snapshot.json");
  CHECK(plan_migration(after, v2).empty());
}

TEST_CASE("after an ADD COLUMN, a later rebuild copies by name and leaves the declared order", "[generator][migrate]") {
  const auto notes_v2 = replace(replace(notes_v1, R"("body": { "type": "string" })",
                                        R"("body": { "type": "string" }, "color": { "type": "string", "default": "red" })"),
                                R"("required": ["body"])", R"("required": ["body", "color"])");
  const auto notes_v3 = replace(notes_v2, R"("default": "red")", R"("default": "blue")");
  auto db = dorm::Database::open(":memory:");
  apply(db, "0001_init", plan_migration({}, schema_of({notes_v1})));
  db.execute("INSERT INTO notes (id, body, created_at, updated_at) VALUES (1, 'kept', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')");
  const auto add = plan_migration(schema_of({notes_v1}), schema_of({notes_v2}));
  CHECK(add.up == std::vector<std::string>{"ALTER TABLE \"notes\" ADD COLUMN \"color\" TEXT NOT NULL DEFAULT 'red'"});
  apply(db, "0002_color", add);
  const auto rebuild = plan_migration(schema_of({notes_v2}), schema_of({notes_v3}));
  CHECK(rebuild.needs_foreign_keys_off);
  apply(db, "0003_blue", rebuild);
  CHECK(db.query<std::string>("SELECT name FROM pragma_table_info('notes')") ==
        std::vector<std::string>{"id", "body", "color", "created_at", "updated_at", "deleted_at"});
  CHECK(db.query_value<std::string>("SELECT body || ' ' || color || ' ' || created_at FROM notes WHERE id = 1") ==
        "kept red 2024-01-01T00:00:00Z");
}

TEST_CASE("a column SQLite cannot append is still a rebuild, wherever the schema declares it", "[generator][migrate]") {
  const auto notes_v2 = replace(notes_v1, R"("body": { "type": "string" })",
                                R"("body": { "type": "string" }, "slug": { "type": "string", "x-dorm-unique": true })");
  const auto plan = plan_migration(schema_of({notes_v1}), schema_of({notes_v2}));
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0].starts_with("rebuild table notes ("));
}

TEST_CASE("rebuilding a self-referencing table keeps its rows and its foreign key", "[generator][migrate]") {
  const std::string nodes_v1 = R"({"$id": "nodes", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "parent_id": {"type": "integer", "x-dorm-references": {"table": "nodes", "column": "id", "onDelete": "CASCADE"}},
    "label": {"type": "string", "default": "x"}}})";
  const auto nodes_v2 = replace(nodes_v1, R"("default": "x")", R"("default": "y")");
  auto db = dorm::Database::open(":memory:");
  apply(db, "0001_init", plan_migration({}, schema_of({nodes_v1})));
  db.execute_script("INSERT INTO nodes (id, parent_id) VALUES (1, NULL), (2, 1), (3, 2)");
  const auto plan = plan_migration(schema_of({nodes_v1}), schema_of({nodes_v2}));
  CHECK(plan.needs_foreign_keys_off);
  apply(db, "0002_default", plan);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM nodes") == 3);
  db.execute("DELETE FROM nodes WHERE id = 1");  // cascades down the tree
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM nodes") == 0);
}

TEST_CASE("changing a rule with a CHECK constraint rebuilds the table; a rule without one changes nothing",
          "[generator][migrate]") {
  const auto users_v2 = replace(users_v1, R"("name": { "type": "string" })",
                                R"("name": { "type": "string", "maxLength": 10 })");
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v2, posts_v1}));
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0] == "rebuild table users (change the CHECK constraints of users.name)");
  CHECK(plan.destructive.empty());
  CHECK(std::any_of(plan.up.begin(), plan.up.end(), [](const std::string& s) {
    return s.find(R"(CONSTRAINT "name_maxLength" CHECK (length("name") <= 10))") != std::string::npos;
  }));
  // The down migration rebuilds without it.
  CHECK(std::none_of(plan.down.begin(), plan.down.end(),
                     [](const std::string& s) { return s.find("CHECK") != std::string::npos; }));

  auto db = database_at_v1();
  apply(db, "0002_limit", plan);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM posts") == 3);
  CHECK_THROWS_WITH(db.execute("INSERT INTO users (name) VALUES ('Bartholomew')"),
                    Catch::Contains("CHECK constraint failed: name_maxLength"));

  // pattern has no CHECK (SQLite has no regular expressions): the tables stay as they are.
  const auto users_v3 = replace(users_v2, R"("maxLength": 10)", R"("maxLength": 10, "pattern": "^[a-z]+$")");
  CHECK(plan_migration(schema_of({users_v2, posts_v1}), schema_of({users_v3, posts_v1})).empty());
}

TEST_CASE("a snapshot keeps the rules behind CHECK constraints and gives the same DDL back", "[generator][migrate]") {
  const std::string rules = R"({"$id": "rules", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "name": {"type": "string", "minLength": 1, "maxLength": 5, "pattern": "^[a-z]+$"},
    "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 2.5},
    "on": {"type": "boolean", "enum": [true]},
    "role": {"enum": ["a", "b"], "x-dorm-enum-class": true},
    "seen": {"type": "string", "format": "date-time"},
    "doc": {"type": "object", "enum": [{"a": 1}]}}})";
  const dorm::ir::Schema schema = schema_of({rules});
  const std::string text = dorm::migrate::snapshot_text(schema);
  CHECK_THAT(text, Catch::Contains(R"("checks": {
            "minLength": 1,
            "maxLength": 5
          })"));
  CHECK_THAT(text, Catch::Contains(R"("enum": [
              1
            ])"));  // true as the SQL compares it
  CHECK_THAT(text, Catch::Contains(R"("format": "date-time")"));
  CHECK_THAT(text, !Catch::Contains("pattern"));
  const dorm::ir::Schema back = dorm::migrate::schema_from_snapshot(text, "s.json");
  CHECK(dorm::migrate::snapshot_text(back) == text);
  CHECK(dorm::emit::create_statements(back.tables.at(0)) == dorm::emit::create_statements(schema.tables.at(0)));
  CHECK(plan_migration(back, schema).empty());
}

TEST_CASE("a snapshot written before CHECK constraints means none, so new rules plan a rebuild", "[generator][migrate]") {
  // What dorm wrote before CHECK constraints were part of snapshots: no "checks" member.
  const std::string old_snapshot = R"({
  "dorm_snapshot": 1,
  "tables": [
    { "name": "users",
      "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false, "auto_increment": true },
        { "name": "name", "type": "TEXT", "nullable": false },
        { "name": "status", "type": "TEXT", "nullable": false, "default": { "kind": "text", "value": "active" } },
        { "name": "score", "type": "INTEGER", "nullable": false, "default": { "kind": "integer", "value": "0" } }
      ],
      "primary_key": ["id"] }
  ]
})";
  const dorm::ir::Schema before = dorm::migrate::schema_from_snapshot(old_snapshot, "0001_init.snapshot.json");
  CHECK(plan_migration(before, schema_of({users_v1})).empty());
  const auto users_v2 = replace(users_v1, R"("score": { "type": "integer", "default": 0 })",
                                R"("score": { "type": "integer", "default": 0, "minimum": 0 })");
  const auto plan = plan_migration(before, schema_of({users_v2}));
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0] == "rebuild table users (change the CHECK constraints of users.score)");
}

TEST_CASE("an added column takes its CHECK constraints inline, and SQLite tests them on existing rows",
          "[generator][migrate]") {
  const auto users_v2 = replace(users_v1, R"("score": { "type": "integer", "default": 0 })",
                                R"("score": { "type": "integer", "default": 0 },
    "level": { "type": "integer", "default": 1, "minimum": 0, "maximum": 9 })");
  const auto plan = plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v2, posts_v1}));
  CHECK(plan.up == std::vector<std::string>{
                       R"(ALTER TABLE "users" ADD COLUMN "level" INTEGER DEFAULT 1 CONSTRAINT "level_minimum" CHECK )"
                       R"(("level" >= 0) CONSTRAINT "level_maximum" CHECK ("level" <= 9))"});
  CHECK_FALSE(plan.needs_foreign_keys_off);
  auto db = database_at_v1();
  apply(db, "0002_level", plan);
  CHECK(db.query_value<std::int64_t>("SELECT sum(level) FROM users") == 2);
  CHECK_THROWS_WITH(db.execute("UPDATE users SET level = 10"), Catch::Contains("level_maximum"));
}

TEST_CASE("renaming a column with CHECK constraints rebuilds the table so the constraint names follow",
          "[generator][migrate]") {
  const auto users_v2 = replace(users_v1, R"("name": { "type": "string" })",
                                R"("name": { "type": "string", "maxLength": 10 })");
  const auto users_v3 = replace(replace(users_v2, R"("name": { "type": "string", "maxLength": 10 })",
                                        R"("full_name": { "type": "string", "maxLength": 10, "x-dorm-renamed-from": "name" })"),
                                R"(["name", )", R"(["full_name", )");
  const auto plan = plan_migration(schema_of({users_v2, posts_v1}), schema_of({users_v3, posts_v1}));
  REQUIRE(plan.changes.size() == 2);
  CHECK(plan.changes[0] == "rename column users.name to full_name");
  CHECK(plan.changes[1] == "rebuild table users (rename the CHECK constraints of users.full_name)");
  auto db = database_at_v1();
  apply(db, "0002_limit", plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v2, posts_v1})));
  apply(db, "0003_rename", plan);
  CHECK(db.query<std::string>("SELECT full_name FROM users ORDER BY id") == std::vector<std::string>{"ada", "bob"});
  CHECK_THROWS_WITH(db.execute("INSERT INTO users (full_name) VALUES ('Bartholomew')"),
                    Catch::Contains("CHECK constraint failed: full_name_maxLength"));
}

TEST_CASE("a new rule that existing rows break fails its migration, which leaves the database as it was",
          "[generator][migrate]") {
  const auto users_v2 = replace(users_v1, R"("name": { "type": "string" })",
                                R"("name": { "type": "string", "minLength": 3 })");  // "ada" fits, "bob" fits
  const auto users_v3 = replace(users_v1, R"("name": { "type": "string" })",
                                R"("name": { "type": "string", "minLength": 4 })");  // neither does
  auto db = database_at_v1();
  apply(db, "0002_three", plan_migration(schema_of({users_v1, posts_v1}), schema_of({users_v2, posts_v1})));
  CHECK_THROWS_AS(
      apply(db, "0003_four", plan_migration(schema_of({users_v2, posts_v1}), schema_of({users_v3, posts_v1}))),
      dorm::MigrationError);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM users") == 2);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM posts") == 3);
  CHECK(db.query_value<std::string>("SELECT max(id) FROM dorm_migrations") == "0002_three");
}

TEST_CASE("a database made by the schema-only migrate() is adopted by the first migration of the same schema",
          "[generator][migrate]") {
  std::vector<std::string> texts;
  for (const char* name : {"users", "posts", "comments", "tags"}) {
    std::ifstream in(std::string(DORM_SOURCE_DIR) + "/schemas/blog/" + name + ".json");
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const auto blog = schema_of(texts);
  auto db = dorm::Database::open(":memory:");
  // What generated migrate(db) runs without MIGRATIONS: CREATE ... IF NOT EXISTS.
  for (const auto& t : blog.tables)
    for (const auto& sql : dorm::emit::create_statements(t)) db.execute_script(sql);
  // Before baselines this failed with "table ... already exists".
  apply(db, "0001_init", plan_migration({}, blog));
  CHECK(db.query<std::string>("SELECT id FROM dorm_migrations") == std::vector<std::string>{"0001_init"});
}

TEST_CASE("a JSON column's CHECK is in the snapshot, and a snapshot from before it plans a rebuild", "[generator][migrate]") {
  const std::string prefs = R"({"$id": "prefs", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "settings": {"type": ["object", "null"]},
    "tags": {"type": "array", "default": []}}, "required": ["tags"]})";
  const dorm::ir::Schema schema = schema_of({prefs});
  const std::string text = dorm::migrate::snapshot_text(schema);
  CHECK_THAT(text, Catch::Contains(R"("json": "object")"));
  CHECK_THAT(text, Catch::Contains(R"("json": "array")"));
  const dorm::ir::Schema back = dorm::migrate::schema_from_snapshot(text, "s.json");
  CHECK(dorm::emit::create_statements(back.tables.at(0)) == dorm::emit::create_statements(schema.tables.at(0)));
  CHECK(plan_migration(back, schema).empty());

  // A snapshot without the "json" rule (dorm before it checked JSON) gets the CHECK by a rebuild,
  // and that rebuild refuses rows that do not hold JSON.
  std::string old_text = text;
  for (const char* rule : {R"(,
          "checks": {
            "json": "object"
          })",
                           R"(,
          "checks": {
            "json": "array"
          })"}) {
    const auto at = old_text.find(rule);
    REQUIRE(at != std::string::npos);
    old_text.erase(at, std::string(rule).size());
  }
  const dorm::ir::Schema before = dorm::migrate::schema_from_snapshot(old_text, "0001_init.snapshot.json");
  const auto plan = plan_migration(before, schema);
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0] ==
        "rebuild table prefs (change the CHECK constraints of prefs.settings; change the CHECK constraints of "
        "prefs.tags)");
  auto db = dorm::Database::open(":memory:");
  apply(db, "0001_init", plan_migration({}, before));
  db.execute("INSERT INTO prefs (id, settings, tags) VALUES (1, '{\"a\": 1}', '[]'), (2, 'not json', '[]')");
  CHECK_THROWS_WITH(apply(db, "0002_json", plan), Catch::Contains("settings_json"));
  db.execute("DELETE FROM prefs WHERE id = 2");
  apply(db, "0002_json", plan);
  CHECK_THROWS_WITH(db.execute("INSERT INTO prefs (id, tags) VALUES (3, '{}')"), Catch::Contains("tags_json"));
}

TEST_CASE("a NUMERIC column is kept by snapshots; making a TEXT column NUMERIC converts only number-like text",
          "[generator][migrate]") {
  const std::string v1 = R"({"$id": "events", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "taken_at": {"type": "string"},
    "price": {"type": "number"}}})";
  const auto v2 = replace(replace(v1, R"("taken_at": {"type": "string"})",
                                  R"("taken_at": {"type": "string", "maxLength": 20, "x-dorm-affinity": "numeric"})"),
                          R"("price": {"type": "number"})",
                          R"("price": {"type": "number", "x-dorm-affinity": "numeric"})");
  const dorm::ir::Schema schema = schema_of({v2});
  const std::string text = dorm::migrate::snapshot_text(schema);
  CHECK_THAT(text, Catch::Contains(R"("type": "NUMERIC",
          "cpp_type": "string")"));
  const dorm::ir::Schema back = dorm::migrate::schema_from_snapshot(text, "s.json");
  CHECK(dorm::emit::create_statements(back.tables.at(0)) == dorm::emit::create_statements(schema.tables.at(0)));
  CHECK(plan_migration(back, schema).empty());

  const auto plan = plan_migration(schema_of({v1}), schema);
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0] ==
        "rebuild table events (change the type of events.taken_at from TEXT to NUMERIC; change the CHECK "
        "constraints of events.taken_at; change the type of events.price from REAL to NUMERIC)");
  auto db = dorm::Database::open(":memory:");
  apply(db, "0001_init", plan_migration({}, schema_of({v1})));
  db.execute("INSERT INTO events VALUES (1, '2024-01-31 10:00:00', 2.5), (2, '2024', 3.0)");
  apply(db, "0002_numeric", plan);
  // No CAST: CAST('2024-01-31 10:00:00' AS NUMERIC) would be 2024.
  CHECK(db.query<std::tuple<std::string, std::string>>("SELECT typeof(taken_at), taken_at FROM events ORDER BY id") ==
        std::vector<std::tuple<std::string, std::string>>{{"text", "2024-01-31 10:00:00"}, {"integer", "2024"}});
}
