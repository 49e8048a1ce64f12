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

TEST_CASE("a table with an auto-increment key, a unique column and an index renders readable DDL", "[sql_ddl]") {
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

TEST_CASE("composite keys, table uniques and foreign keys become table constraints", "[sql_ddl]") {
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

TEST_CASE("a non-integer primary key is NOT NULL, an integer one is the rowid", "[sql_ddl]") {
  Table t;
  t.name = "codes";
  t.columns = {make_column("code", Storage::text, false), make_column("blob", Storage::blob)};
  t.primary_key = {"code"};
  CHECK(create_statements(t).front() ==
        "CREATE TABLE IF NOT EXISTS \"codes\" (\n  \"code\" TEXT PRIMARY KEY NOT NULL,\n  \"blob\" BLOB\n)");
}

TEST_CASE("identifiers and text defaults are quoted and escaped", "[sql_ddl]") {
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

TEST_CASE("each default kind renders as SQL", "[sql_ddl]") {
  using Kind = DefaultValue::Kind;
  CHECK(default_sql({Kind::null, "", {}}) == "NULL");
  CHECK(default_sql({Kind::integer, "-3", {}}) == "-3");
  CHECK(default_sql({Kind::real, "1.5", {}}) == "1.5");
  CHECK(default_sql({Kind::boolean, "1", {}}) == "1");
  CHECK(default_sql({Kind::text, "CURRENT_TIMESTAMP", {}}) == "'CURRENT_TIMESTAMP'");
  CHECK(default_sql({Kind::sql_expression, "CURRENT_TIMESTAMP", {}}) == "(CURRENT_TIMESTAMP)");
}

TEST_CASE("DORM's README users schema creates DORM's columns and keys in SQLite", "[sql_ddl]") {
  MemoryDb db;
  const Schema schema = load_fixture(db, "dorm_users.json");
  CHECK(create_statements(schema.tables.at(0)).front() ==
        "CREATE TABLE IF NOT EXISTS \"users\" (\n"
        "  \"id\" TEXT PRIMARY KEY NOT NULL,\n"
        "  \"name\" TEXT NOT NULL,\n"
        "  \"email\" TEXT UNIQUE\n"
        ")");
  // cid, name, type, notnull, dflt_value, pk
  CHECK(db.query("PRAGMA table_info('users')") == Rows{{"0", "id", "TEXT", "1", "NULL", "1"},
                                                      {"1", "name", "TEXT", "1", "NULL", "0"},
                                                      {"2", "email", "TEXT", "0", "NULL", "0"}});
  // seq, name, unique, origin (u = UNIQUE constraint, pk = primary key), partial
  CHECK(db.query("SELECT name, \"unique\", origin FROM pragma_index_list('users') ORDER BY name") ==
        Rows{{"sqlite_autoindex_users_1", "1", "pk"}, {"sqlite_autoindex_users_2", "1", "u"}});
}

TEST_CASE("DORM's template tables create the same columns, index and foreign key in SQLite", "[sql_ddl]") {
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
  db.exec("INSERT INTO todos (id, text, created_at, tenant_id) VALUES ('t1', 'ship', '2024-01-01T00:00:00Z', 'acme')");
  CHECK(db.query("SELECT completed FROM todos") == Rows{{"0"}});
  db.exec("DELETE FROM tenants WHERE id = 'acme'");
  CHECK(db.query("SELECT count(*) FROM todos") == Rows{{"0"}});
}

TEST_CASE("the feature tour creates composite keys, uniques, indexes and SQL defaults in SQLite", "[sql_ddl]") {
  MemoryDb db;
  load_fixture(db, "feature_tour.json");
  CHECK(db.query("PRAGMA table_info('memberships')") ==
        Rows{{"0", "org_id", "INTEGER", "1", "NULL", "1"},
             {"1", "user_id", "INTEGER", "1", "NULL", "2"},
             {"2", "nickname", "TEXT", "0", "NULL", "0"},
             {"3", "role", "TEXT", "1", "'member'", "0"},
             {"4", "joined_at", "TEXT", "1", "CURRENT_TIMESTAMP", "0"},
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
        Rows{{"member", "19", "{\"theme\":\"dark\"}", "it's"}});
}

TEST_CASE("DDL is deterministic", "[sql_ddl]") {
  MemoryDb db;
  const Schema schema = load_fixture(db, "feature_tour.json");
  CHECK(create_statements(schema.tables.at(0)) == create_statements(schema.tables.at(0)));
}
