#include <catch2/catch.hpp>

#include "memory_db.hpp"

#include <memory>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "emit/sql_ddl.hpp"
#include "frontend/json/json_schema_reader.hpp"
#include "ir/names.hpp"
#include "ir/validate.hpp"

using namespace dorm::ir;
using dorm::emit::create_statements;
using dorm::emit::default_sql;

namespace {

const std::string fixtures = DORM_TEST_SCHEMAS_DIR;

Column make_column(std::string name, Storage storage, bool nullable = true) {
  Column c;
  c.name = std::move(name);
  c.storage = storage;
  c.cpp_type = storage == Storage::integer ? CppType::int64 : storage == Storage::real ? CppType::float64
                                                          : storage == Storage::blob   ? CppType::bytes
                                                                                       : CppType::string;
  c.nullable = nullable;
  return c;
}

using dorm_test::MemoryDb;
using dorm_test::Rows;

/// Reads, names, validates (expecting no diagnostics) and creates every table of a fixture.
Schema load_fixture(MemoryDb& db, const std::string& file) {
  Schema schema;
  Diagnostics diags;
  dorm::frontend::json::read_schema_file(fixtures + "/" + file, schema, diags);
  assign_names(schema);
  validate(schema, diags);
  REQUIRE(diags.str() == "");
  for (const Table& t : schema.tables) {
    for (const std::string& sql : create_statements(t)) db.exec(sql);
  }
  return schema;
}

}  // namespace

TEST_CASE("a table with an auto-increment key, a unique column and an index renders readable DDL", "[generator][sql_ddl]") {
  Table t;
  t.name = "users";
  Column id = make_column("id", Storage::integer, false);
  id.auto_increment = true;
  Column email = make_column("email", Storage::text, false);
  Column age = make_column("age", Storage::integer);
  age.default_value = DefaultValue{DefaultValue::Kind::integer, "18", {}};
  t.columns = {id, email, age};
  t.primary_key = {"id"};
  t.uniques = {{"", {"email"}, true, {}}};
  t.indexes = {{"idx_users_age", {"age"}, false, {}}, {"users_email_age", {"email", "age"}, true, {}}};
  CHECK(create_statements(t) == std::vector<std::string>{
                                    "CREATE TABLE IF NOT EXISTS \"users\" (\n"
                                    "  \"id\" INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                                    "  \"email\" TEXT NOT NULL UNIQUE,\n"
                                    "  \"age\" INTEGER DEFAULT 18\n"
                                    ")",
                                    "CREATE INDEX IF NOT EXISTS \"idx_users_age\" ON \"users\" (\"age\")",
                                    "CREATE UNIQUE INDEX IF NOT EXISTS \"users_email_age\" ON \"users\" (\"email\", \"age\")"});
}

TEST_CASE("composite keys, table uniques and foreign keys become table constraints", "[generator][sql_ddl]") {
  Table t;
  t.name = "post_tags";
  Column post = make_column("post_id", Storage::integer, false);
  post.references = ForeignKey{"posts", "id", "CASCADE", "NO ACTION", {}};
  Column tag = make_column("tag", Storage::text, false);
  tag.references = ForeignKey{"tags", "name", "", "CASCADE", {}};
  Column rank = make_column("rank", Storage::real);
  t.columns = {post, tag, rank};
  t.primary_key = {"post_id", "tag"};
  t.uniques = {{"", {"post_id", "rank"}, true, {}}, {"one_rank", {"rank"}, true, {}}};
  CHECK(create_statements(t) == std::vector<std::string>{
                                    "CREATE TABLE IF NOT EXISTS \"post_tags\" (\n"
                                    "  \"post_id\" INTEGER NOT NULL,\n"
                                    "  \"tag\" TEXT NOT NULL,\n"
                                    "  \"rank\" REAL,\n"
                                    "  PRIMARY KEY (\"post_id\", \"tag\"),\n"
                                    "  UNIQUE (\"post_id\", \"rank\"),\n"
                                    "  CONSTRAINT \"one_rank\" UNIQUE (\"rank\"),\n"
                                    "  FOREIGN KEY (\"post_id\") REFERENCES \"posts\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION,\n"
                                    "  FOREIGN KEY (\"tag\") REFERENCES \"tags\" (\"name\") ON UPDATE CASCADE\n"
                                    ")"});
}

TEST_CASE("a non-integer primary key is NOT NULL, an integer one is the rowid", "[generator][sql_ddl]") {
  Table t;
  t.name = "codes";
  t.columns = {make_column("code", Storage::text, false), make_column("blob", Storage::blob)};
  t.primary_key = {"code"};
  CHECK(create_statements(t).front() ==
        "CREATE TABLE IF NOT EXISTS \"codes\" (\n  \"code\" TEXT PRIMARY KEY NOT NULL,\n  \"blob\" BLOB\n)");
}

TEST_CASE("identifiers and text defaults are quoted and escaped", "[generator][sql_ddl]") {
  Table t;
  t.name = "we\"ird";
  Column c = make_column("it's \"x\"", Storage::text, false);
  c.default_value = DefaultValue{DefaultValue::Kind::text, "'); DROP TABLE x; --", {}};
  t.columns = {c};
  t.primary_key = {"it's \"x\""};
  t.indexes = {{"i\"x", {"it's \"x\""}, false, {}}};
  CHECK(create_statements(t) == std::vector<std::string>{
                                    "CREATE TABLE IF NOT EXISTS \"we\"\"ird\" (\n"
                                    "  \"it's \"\"x\"\"\" TEXT PRIMARY KEY NOT NULL DEFAULT '''); DROP TABLE x; --'\n"
                                    ")",
                                    "CREATE INDEX IF NOT EXISTS \"i\"\"x\" ON \"we\"\"ird\" (\"it's \"\"x\"\"\")"});
  MemoryDb db;
  for (const std::string& sql : create_statements(t)) db.exec(sql);
  CHECK(db.query("SELECT name, dflt_value FROM pragma_table_info('we\"ird')") ==
        Rows{{"it's \"x\"", "'''); DROP TABLE x; --'"}});
}

TEST_CASE("text with a NUL or a carriage return reaches SQLite whole, as a default and in an enum", "[generator][sql_ddl]") {
  using namespace std::string_literals;
  Table t;
  t.name = "t";
  Column c = make_column("v", Storage::text, false);
  c.default_value = DefaultValue{DefaultValue::Kind::text, "hello\0there"s, {}};
  c.checks.enum_values = {R"("foo\nbar")", R"("foo\rbar")", R"("hello\u0000there")"};
  t.columns = {c};
  t.primary_key = {"v"};
  MemoryDb db;
  for (const std::string& sql : create_statements(t)) {
    CHECK(sql.find('\r') == std::string::npos);
    CHECK(sql.find('\0') == std::string::npos);
    db.exec(sql);
  }
  db.exec("INSERT INTO t DEFAULT VALUES");
  CHECK(db.query("SELECT length(CAST(v AS BLOB)), hex(v) FROM t") == Rows{{"11", "68656C6C6F007468657265"}});
  db.exec("INSERT INTO t VALUES ('foo' || char(13) || 'bar')");
  db.exec("INSERT INTO t VALUES ('foo' || char(10) || 'bar')");
  CHECK(db.error_of("INSERT INTO t VALUES ('hello')") == "CHECK constraint failed: v_enum");
  CHECK(db.error_of("INSERT INTO t VALUES ('foo' || char(13, 10) || 'bar')") == "CHECK constraint failed: v_enum");
}

TEST_CASE("each default kind renders as SQL", "[generator][sql_ddl]") {
  using Kind = DefaultValue::Kind;
  CHECK(default_sql({Kind::null, "", {}}) == "NULL");
  CHECK(default_sql({Kind::integer, "-3", {}}) == "-3");
  CHECK(default_sql({Kind::real, "1.5", {}}) == "1.5");
  CHECK(default_sql({Kind::boolean, "1", {}}) == "1");
  CHECK(default_sql({Kind::text, "CURRENT_TIMESTAMP", {}}) == "'CURRENT_TIMESTAMP'");
  CHECK(default_sql({Kind::sql_expression, "CURRENT_TIMESTAMP", {}}) == "(CURRENT_TIMESTAMP)");
}

TEST_CASE("DORM's README users schema creates DORM's columns and keys in SQLite", "[generator][sql_ddl]") {
  MemoryDb db;
  const Schema schema = load_fixture(db, "dorm_users.json");
  CHECK(create_statements(schema.tables.at(0)).front() ==
        "CREATE TABLE IF NOT EXISTS \"users\" (\n"
        "  \"id\" TEXT PRIMARY KEY NOT NULL,\n"
        "  \"name\" TEXT NOT NULL,\n"
        "  \"email\" TEXT UNIQUE,\n"
        "  CONSTRAINT \"name_maxLength\" CHECK (length(\"name\") <= 100)\n"
        ")");
  // cid, name, type, notnull, dflt_value, pk
  CHECK(db.query("PRAGMA table_info('users')") == Rows{{"0", "id", "TEXT", "1", "NULL", "1"},
                                                      {"1", "name", "TEXT", "1", "NULL", "0"},
                                                      {"2", "email", "TEXT", "0", "NULL", "0"}});
  // seq, name, unique, origin (u = UNIQUE constraint, pk = primary key), partial
  CHECK(db.query("SELECT name, \"unique\", origin FROM pragma_index_list('users') ORDER BY name") ==
        Rows{{"sqlite_autoindex_users_1", "1", "pk"}, {"sqlite_autoindex_users_2", "1", "u"}});
}

TEST_CASE("DORM's template tables create the same columns, index and foreign key in SQLite", "[generator][sql_ddl]") {
  MemoryDb db;
  load_fixture(db, "dorm_template.json");
  CHECK(db.query("PRAGMA table_info('tenants')") == Rows{{"0", "id", "TEXT", "1", "NULL", "1"}});
  CHECK(db.query("PRAGMA table_info('todos')") == Rows{{"0", "id", "TEXT", "1", "NULL", "1"},
                                                      {"1", "text", "TEXT", "1", "NULL", "0"},
                                                      {"2", "completed", "INTEGER", "0", "0", "0"},
                                                      {"3", "created_at", "TEXT", "1", "NULL", "0"},
                                                      {"4", "tenant_id", "TEXT", "1", "NULL", "0"}});
  CHECK(db.query("SELECT name, \"unique\", origin FROM pragma_index_list('todos') ORDER BY name") ==
        Rows{{"idx_todos_tenant_id", "0", "c"}, {"sqlite_autoindex_todos_1", "1", "pk"}});
  CHECK(db.query("SELECT name FROM pragma_index_info('idx_todos_tenant_id')") == Rows{{"tenant_id"}});
  // id, seq, table, from, to, on_update, on_delete, match
  CHECK(db.query("PRAGMA foreign_key_list('todos')") ==
        Rows{{"0", "0", "tenants", "tenant_id", "id", "NO ACTION", "CASCADE", "NONE"}});
  // The foreign key works: a todo for an unknown tenant is rejected, deleting a tenant cascades.
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("INSERT INTO tenants (id) VALUES ('acme')");
  db.exec("INSERT INTO todos (id, text, created_at, tenant_id) VALUES "
          "('0b6f8a4e-3c1d-4f5e-9a2b-7c8d9e0f1a2b', 'ship', '2024-01-01T00:00:00Z', 'acme')");
  CHECK(db.query("SELECT completed FROM todos") == Rows{{"0"}});
  db.exec("DELETE FROM tenants WHERE id = 'acme'");
  CHECK(db.query("SELECT count(*) FROM todos") == Rows{{"0"}});
}

TEST_CASE("the feature tour creates composite keys, uniques, indexes and SQL defaults in SQLite", "[generator][sql_ddl]") {
  MemoryDb db;
  load_fixture(db, "feature_tour.json");
  CHECK(db.query("PRAGMA table_info('memberships')") ==
        Rows{{"0", "org_id", "INTEGER", "1", "NULL", "1"},
             {"1", "user_id", "INTEGER", "1", "NULL", "2"},
             {"2", "nickname", "TEXT", "0", "NULL", "0"},
             {"3", "role", "TEXT", "1", "'member'", "0"},
             {"4", "joined_at", "TEXT", "1", "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", "0"},
             {"5", "score", "REAL", "0", "1.5", "0"},
             {"6", "settings", "TEXT", "0", "'{\"theme\":\"dark\"}'", "0"},
             {"7", "avatar", "BLOB", "0", "NULL", "0"},
             {"8", "badge", "TEXT", "0", "NULL", "0"},
             {"9", "class", "TEXT", "0", "'it''s'", "0"}});
  CHECK(db.query("SELECT name, \"unique\", origin FROM pragma_index_list('memberships') ORDER BY name") ==
        Rows{{"idx_memberships_badge", "1", "c"},
             {"memberships_by_role", "0", "c"},
             {"sqlite_autoindex_memberships_1", "1", "pk"},
             {"sqlite_autoindex_memberships_2", "1", "u"}});
  CHECK(db.query("SELECT name FROM pragma_index_info('memberships_by_role')") == Rows{{"role"}, {"joined_at"}});
  db.exec("INSERT INTO memberships (org_id, user_id) VALUES (1, 2)");
  CHECK(db.query("SELECT role, length(joined_at), settings, class FROM memberships") ==
        Rows{{"member", "24", "{\"theme\":\"dark\"}", "it's"}});
}

TEST_CASE("DDL is deterministic", "[generator][sql_ddl]") {
  MemoryDb db;
  const Schema schema = load_fixture(db, "feature_tour.json");
  CHECK(create_statements(schema.tables.at(0)) == create_statements(schema.tables.at(0)));
}

namespace {

std::vector<std::string> check_sql(const Column& c) {
  std::vector<std::string> out;
  for (const dorm::emit::CheckConstraint& check : dorm::emit::check_constraints(c)) out.push_back(check.sql());
  return out;
}

/// One table whose columns use every validation keyword, read from JSON like a user's schema.
Schema rules_schema() {
  Schema schema;
  Diagnostics diags;
  dorm::frontend::json::read_schema_text(R"({"$id": "accounts", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "name": {"type": "string", "minLength": 2, "maxLength": 3},
    "nickname": {"type": ["string", "null"], "maxLength": 3},
    "age": {"type": ["integer", "null"], "minimum": 0, "maximum": 150},
    "score": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100},
    "role": {"type": "string", "enum": ["admin", "read-only"], "x-dorm-enum-class": true},
    "level": {"type": ["integer", "null"], "enum": [1, 2, null]},
    "ok": {"type": ["boolean", "null"], "enum": [true]},
    "code": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"},
    "email": {"type": ["string", "null"], "format": "email"},
    "token": {"type": ["string", "null"], "format": "uuid"},
    "birthday": {"type": ["string", "null"], "format": "date"},
    "seen": {"type": ["string", "null"], "format": "date-time"},
    "prefs": {"type": ["object", "null"], "enum": [{"a": 1}]}
  }, "required": ["name", "score", "role"]})",
                                         "t.json", schema, diags);
  assign_names(schema);
  validate(schema, diags);
  REQUIRE(diags.str() == "");
  return schema;
}

}  // namespace

TEST_CASE("each validation keyword SQLite can express becomes a CHECK named after column and keyword", "[generator][sql_ddl]") {
  const Schema schema = rules_schema();
  const Table& t = schema.tables.at(0);
  auto checks_of = [&](std::string_view name) { return check_sql(*t.find_column(name)); };
  CHECK(checks_of("name") == std::vector<std::string>{
                                 R"(CONSTRAINT "name_minLength" CHECK (length("name") >= 2 OR instr("name", char(0)) > 0))",
                                 R"(CONSTRAINT "name_maxLength" CHECK (length("name") <= 3))"});
  CHECK(checks_of("age") == std::vector<std::string>{R"(CONSTRAINT "age_minimum" CHECK ("age" >= 0))",
                                                     R"(CONSTRAINT "age_maximum" CHECK ("age" <= 150))"});
  CHECK(checks_of("score") == std::vector<std::string>{
                                  R"(CONSTRAINT "score_exclusiveMinimum" CHECK ("score" > 0))",
                                  R"(CONSTRAINT "score_exclusiveMaximum" CHECK ("score" < 100))"});
  CHECK(checks_of("role") ==
        std::vector<std::string>{R"(CONSTRAINT "role_enum" CHECK ("role" IN ('admin', 'read-only')))"});
  CHECK(checks_of("level") == std::vector<std::string>{R"(CONSTRAINT "level_enum" CHECK ("level" IN (1, 2)))"});
  CHECK(checks_of("ok") == std::vector<std::string>{R"(CONSTRAINT "ok_enum" CHECK ("ok" IN (1)))"});
  CHECK(checks_of("email") == std::vector<std::string>{R"(CONSTRAINT "email_format" CHECK ("email" GLOB '*?@?*'))"});
  CHECK(checks_of("token") ==
        std::vector<std::string>{"CONSTRAINT \"token_format\" CHECK (\"token\" GLOB '"
                                 "[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]-"
                                 "[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]-"
                                 "[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]-"
                                 "[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]-"
                                 "[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]"
                                 "[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]')"});
  CHECK(checks_of("birthday") ==
        std::vector<std::string>{
            R"(CONSTRAINT "birthday_format" CHECK ("birthday" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'))"});
  CHECK(checks_of("seen") ==
        std::vector<std::string>{
            R"(CONSTRAINT "seen_format" CHECK ("seen" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][Tt ])"
            R"([0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND ("seen" GLOB '*[Zz]' OR "seen" GLOB '*[+-][0-9][0-9]:[0-9][0-9]')))"});
  // No regular expressions in SQLite: validate() alone checks a pattern.
  CHECK(checks_of("code").empty());
  // JSON text: only that it is JSON of the property's type (its enum is validate()'s).
  CHECK(checks_of("prefs") ==
        std::vector<std::string>{R"(CONSTRAINT "prefs_json" CHECK ("prefs" IS NULL OR )"
                                 R"((json_valid("prefs") AND json_type("prefs") = 'object')))"});
  CHECK(checks_of("id").empty());
}

TEST_CASE("CHECK constraints follow the columns in CREATE TABLE, before the foreign keys", "[generator][sql_ddl]") {
  Table t;
  t.name = "t";
  t.primary_key = {"id"};
  Column id = make_column("id", Storage::integer, false);
  Column parent = make_column("parent", Storage::integer);
  parent.references = ForeignKey{"t", "id", "", "", {}};
  parent.checks.minimum = 1;
  Column label = make_column("label", Storage::text, false);
  label.checks.max_length = 10;
  label.checks.min_length = 0;  // always true: no constraint
  t.columns = {id, parent, label};
  CHECK(create_statements(t).front() ==
        "CREATE TABLE IF NOT EXISTS \"t\" (\n"
        "  \"id\" INTEGER PRIMARY KEY,\n"
        "  \"parent\" INTEGER,\n"
        "  \"label\" TEXT NOT NULL,\n"
        "  CONSTRAINT \"parent_minimum\" CHECK (\"parent\" >= 1),\n"
        "  CONSTRAINT \"label_maxLength\" CHECK (length(\"label\") <= 10),\n"
        "  FOREIGN KEY (\"parent\") REFERENCES \"t\" (\"id\")\n"
        ")");
}

TEST_CASE("bounds print as SQL numbers: integers plainly, fractions and exponents exactly", "[generator][sql_ddl]") {
  Column c = make_column("x", Storage::real);
  c.checks.minimum = -2.5;
  c.checks.maximum = 1e300;
  c.checks.exclusive_maximum = 12345678901234.0;
  CHECK(check_sql(c) == std::vector<std::string>{R"(CONSTRAINT "x_minimum" CHECK ("x" >= -2.5))",
                                                 R"(CONSTRAINT "x_maximum" CHECK ("x" <= 1e+300))",
                                                 R"(CONSTRAINT "x_exclusiveMaximum" CHECK ("x" < 12345678901234))"});
}

TEST_CASE("a time point column of an annotated struct gets no date-time CHECK", "[generator][sql_ddl]") {
  // The runtime stores time points as SQLite datetime text, without the offset RFC 3339 needs.
  Column c = make_column("at", Storage::text);
  c.format = "date-time";
  c.time_point = true;
  CHECK(check_sql(c).empty());
  c.time_point = false;
  CHECK(check_sql(c).size() == 1);
}

TEST_CASE("SQLite refuses raw writes that break a rule and accepts valid ones and NULL", "[generator][sql_ddl]") {
  MemoryDb db;
  const Schema schema = rules_schema();
  db.create(schema.tables.at(0));
  const std::string insert = "INSERT INTO accounts (name, score, role";
  auto row = [&](const std::string& extra_columns, const std::string& values) {
    return insert + extra_columns + ") VALUES (" + values + ")";
  };
  // Valid rows, including a Unicode name of 3 code points (9 bytes) and NULL in every nullable rule.
  db.exec(row("", "'日本語', 0.5, 'admin'"));
  db.exec(row(", nickname, age, level, ok, email, token, birthday, seen",
              "'ab', 99.5, 'read-only', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"));
  db.exec(row(", nickname, age, level, ok, email, token, birthday, seen",
              "'abc', 1, 'admin', 'ñño', 150, 2, 1, 'ada@example.com', '0B6F8A4E-3c1d-4f5e-9a2b-7c8d9e0f1a2b', "
              "'2024-02-29', '2024-02-29 23:59:59.5+01:00'"));
  db.exec(row(", seen", "'abc', 1, 'admin', '2024-02-29T23:59:59z'"));
  db.exec(row(", prefs", "'abc', 1, 'admin', '{\"a\": 1}'"));
  CHECK(db.query("SELECT count(*) FROM accounts") == Rows{{"5"}});

  const std::pair<std::string, std::string> broken[] = {
      {row("", "'a', 1, 'admin'"), "name_minLength"},
      {row("", "'日本語!', 1, 'admin'"), "name_maxLength"},
      {row(", nickname", "'abc', 1, 'admin', 'abcd'"), "nickname_maxLength"},
      {row(", age", "'abc', 1, 'admin', -1"), "age_minimum"},
      {row(", age", "'abc', 1, 'admin', 151"), "age_maximum"},
      {row("", "'abc', 0, 'admin'"), "score_exclusiveMinimum"},
      {row("", "'abc', 100, 'admin'"), "score_exclusiveMaximum"},
      {row("", "'abc', 1, 'root'"), "role_enum"},
      {row(", level", "'abc', 1, 'admin', 3"), "level_enum"},
      {row(", ok", "'abc', 1, 'admin', 0"), "ok_enum"},
      {row(", email", "'abc', 1, 'admin', 'ada.example.com'"), "email_format"},
      {row(", token", "'abc', 1, 'admin', '0b6f8a4e3c1d4f5e9a2b7c8d9e0f1a2b'"), "token_format"},
      {row(", birthday", "'abc', 1, 'admin', '2024-2-29'"), "birthday_format"},
      {row(", seen", "'abc', 1, 'admin', '2024-02-29 23:59:59'"), "seen_format"},
      {row(", seen", "'abc', 1, 'admin', '2024-02-29T23:59'"), "seen_format"},
      {row(", prefs", "'abc', 1, 'admin', 'this is not json'"), "prefs_json"},
      {row(", prefs", "'abc', 1, 'admin', '[{\"a\": 1}]'"), "prefs_json"},
      {row(", prefs", "'abc', 1, 'admin', '{\"a\": 1,}'"), "prefs_json"},
  };
  for (const auto& [sql, constraint] : broken) {
    INFO(sql);
    CHECK(db.error_of(sql) == "CHECK constraint failed: " + constraint);
  }
  // pattern is validate()'s alone: SQLite has no regular expressions.
  db.exec(row(", code", "'abc', 1, 'admin', 'lowercase'"));
}

TEST_CASE("a column declared with x-dorm-affinity numeric is created NUMERIC and stores by that affinity", "[generator][sql_ddl]") {
  MemoryDb db;
  Schema schema;
  Diagnostics diags;
  dorm::frontend::json::read_schema_text(R"({"$id": "readings", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "taken_at": {"type": "string", "x-dorm-affinity": "numeric"},
    "price": {"type": "number", "x-dorm-affinity": "numeric"}
  }})",
                                         "t.json", schema, diags);
  assign_names(schema);
  validate(schema, diags);
  REQUIRE(diags.str() == "");
  CHECK(create_statements(schema.tables.at(0)).front() ==
        "CREATE TABLE IF NOT EXISTS \"readings\" (\n"
        "  \"id\" INTEGER PRIMARY KEY,\n"
        "  \"taken_at\" NUMERIC,\n"
        "  \"price\" NUMERIC\n"
        ")");
  db.create(schema.tables.at(0));
  db.exec("INSERT INTO readings VALUES (1, '2024', '2.50'), (2, '2024-01-31', '3')");
  CHECK(db.query("SELECT typeof(taken_at), taken_at, typeof(price), price FROM readings ORDER BY id") ==
        Rows{{"integer", "2024", "real", "2.5"}, {"text", "2024-01-31", "integer", "3"}});
}
