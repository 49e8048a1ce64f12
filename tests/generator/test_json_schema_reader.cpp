#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "frontend/json/json_schema_reader.hpp"

using namespace dorm::ir;
using dorm::frontend::json::read_schema_file;
using dorm::frontend::json::read_schema_text;

namespace {

const std::string fixtures = DORM_TEST_SCHEMAS_DIR;

/// Reads `text` as `t.json` and returns the diagnostics, for the error-path tests.
std::string diagnostics_of(std::string_view text, Schema* out = nullptr) {
  Schema schema;
  Diagnostics diags;
  read_schema_text(text, "t.json", schema, diags);
  if (out != nullptr) *out = schema;
  return diags.str();
}

const Column& column(const Table& t, std::string_view name) {
  const Column* c = t.find_column(name);
  REQUIRE(c != nullptr);
  return *c;
}

}  // namespace

TEST_CASE("DORM's README users schema maps to the same columns and keys", "[generator][json_reader]") {
  Schema schema;
  Diagnostics diags;
  read_schema_file(fixtures + "/dorm_users.json", schema, diags);
  CHECK(diags.str().empty());
  REQUIRE(schema.tables.size() == 1);
  CHECK(schema.source_files == std::vector<std::string>{fixtures + "/dorm_users.json"});
  const Table& users = schema.tables[0];
  CHECK(users.name == "users");
  CHECK(users.loc.str() == fixtures + "/dorm_users.json:2:3");
  REQUIRE(users.columns.size() == 3);
  CHECK(users.columns[0].name == "id");
  CHECK(users.columns[1].name == "name");
  CHECK(users.columns[2].name == "email");
  CHECK(users.primary_key == std::vector<std::string>{"id"});
  CHECK_FALSE(column(users, "id").nullable);
  CHECK_FALSE(column(users, "name").nullable);
  CHECK(column(users, "email").nullable);
  CHECK(column(users, "name").checks.max_length == 100);
  CHECK(column(users, "email").storage == Storage::text);
  REQUIRE(users.uniques.size() == 1);
  CHECK(users.uniques[0].columns == std::vector<std::string>{"email"});
  CHECK(users.uniques[0].loc.str() == fixtures + "/dorm_users.json:6:34");
  CHECK(users.indexes.empty());
}

TEST_CASE("DORM's template tables under $defs map with a foreign key and DORM's index name", "[generator][json_reader]") {
  Schema schema;
  Diagnostics diags;
  read_schema_file(fixtures + "/dorm_template.json", schema, diags);
  CHECK(diags.str().empty());
  REQUIRE(schema.tables.size() == 2);
  CHECK(schema.tables[0].name == "tenants");
  const Table& todos = schema.tables[1];
  CHECK(todos.name == "todos");
  const Column& completed = column(todos, "completed");
  CHECK(completed.storage == Storage::integer);
  CHECK(completed.cpp_type == CppType::boolean);
  REQUIRE(completed.default_value);
  CHECK(completed.default_value->kind == DefaultValue::Kind::boolean);
  CHECK(completed.default_value->value == "0");
  CHECK(completed.nullable);
  const Column& created = column(todos, "created_at");
  CHECK(created.storage == Storage::text);
  CHECK(created.format == "date-time");
  const Column& tenant = column(todos, "tenant_id");
  REQUIRE(tenant.references);
  CHECK(tenant.references->table == "tenants");
  CHECK(tenant.references->column == "id");
  CHECK(tenant.references->on_delete == "CASCADE");
  CHECK(tenant.references->on_update.empty());
  REQUIRE(todos.indexes.size() == 1);
  CHECK(todos.indexes[0].name == "idx_todos_tenant_id");
  CHECK(todos.indexes[0].columns == std::vector<std::string>{"tenant_id"});
  CHECK_FALSE(todos.indexes[0].unique);
}

TEST_CASE("every dorm keyword of the feature tour reaches the IR", "[generator][json_reader]") {
  Schema schema;
  Diagnostics diags;
  read_schema_file(fixtures + "/feature_tour.json", schema, diags);
  CHECK(diags.str().empty());
  REQUIRE(schema.tables.size() == 1);
  const Table& t = schema.tables[0];
  CHECK(t.name == "memberships");  // from the $id URI
  CHECK(t.cpp_name == "Membership");
  CHECK(t.description == "Every dorm keyword in one valid table");
  CHECK(t.primary_key == std::vector<std::string>{"org_id", "user_id"});
  CHECK_FALSE(column(t, "org_id").nullable);
  REQUIRE(t.uniques.size() == 1);
  CHECK(t.uniques[0].columns == std::vector<std::string>{"org_id", "nickname"});
  REQUIRE(t.indexes.size() == 2);
  CHECK(t.indexes[0].name == "memberships_by_role");
  CHECK(t.indexes[0].columns == std::vector<std::string>{"role", "joined_at"});
  CHECK_FALSE(t.indexes[0].unique);
  CHECK(t.indexes[1].name == "idx_memberships_badge");
  CHECK(t.indexes[1].unique);

  const Column& nickname = column(t, "nickname");
  CHECK(nickname.nullable);
  CHECK(nickname.checks.min_length == 1);
  CHECK(nickname.checks.max_length == 40);
  CHECK(nickname.checks.pattern == "^[a-z]+$");
  const Column& role = column(t, "role");
  CHECK(role.checks.enum_values == std::vector<std::string>{"\"owner\"", "\"member\""});
  REQUIRE(role.default_value);
  CHECK(role.default_value->kind == DefaultValue::Kind::text);
  CHECK(role.default_value->value == "member");
  const Column& joined = column(t, "joined_at");
  REQUIRE(joined.default_value);
  CHECK(joined.default_value->kind == DefaultValue::Kind::sql_expression);
  CHECK(joined.default_value->value == "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
  const Column& score = column(t, "score");
  CHECK(score.storage == Storage::real);
  CHECK(score.checks.minimum == 0.0);
  CHECK(score.checks.maximum == 100.0);
  CHECK(score.default_value->kind == DefaultValue::Kind::real);
  CHECK(score.default_value->value == "1.5");
  const Column& settings = column(t, "settings");
  CHECK(settings.is_json);
  CHECK(settings.storage == Storage::text);
  CHECK(settings.default_value->value == R"({"theme":"dark"})");
  const Column& avatar = column(t, "avatar");
  CHECK(avatar.storage == Storage::blob);
  CHECK(avatar.cpp_type == CppType::bytes);
  CHECK(column(t, "badge").cpp_name == "badge_code");
  CHECK(column(t, "class").default_value->value == "it's");
}

TEST_CASE("JSON types map to SQLite storage classes and C++ types", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {
    "i": {"type": "integer"}, "n": {"type": "number"}, "b": {"type": "boolean"},
    "o": {"type": "object"}, "a": {"type": "array"}, "s": {}, "fi": {"type": "string", "format": "integer"},
    "d": {"type": "string", "format": "date"}, "bin": {"type": "string", "format": "binary"},
    "ni": {"type": ["integer", "null"]}, "nn": {"type": ["null", "number"]}}})",
                       &schema) == "");
  const Table& t = schema.tables.at(0);
  auto is = [&](std::string_view name, Storage s, CppType c) {
    const Column& col = column(t, name);
    return col.storage == s && col.cpp_type == c;
  };
  CHECK(is("i", Storage::integer, CppType::int64));
  CHECK(is("n", Storage::real, CppType::float64));
  CHECK(is("b", Storage::integer, CppType::boolean));
  CHECK(is("o", Storage::text, CppType::string));
  CHECK(column(t, "o").is_json);
  CHECK(column(t, "a").is_json);
  CHECK_FALSE(column(t, "s").is_json);
  CHECK(is("s", Storage::text, CppType::string));
  CHECK(is("fi", Storage::integer, CppType::int64));
  CHECK(is("d", Storage::text, CppType::string));
  CHECK(is("bin", Storage::blob, CppType::bytes));
  CHECK(is("ni", Storage::integer, CppType::int64));
  CHECK(is("nn", Storage::real, CppType::float64));
  CHECK(column(t, "ni").nullable);
}

TEST_CASE("x-dorm-default maps each JSON kind to a default", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of(R"({"title": "t", "properties": {
    "a": {"x-dorm-default": "CURRENT_TIMESTAMP"}, "b": {"type": "integer", "x-dorm-default": -3},
    "c": {"type": "boolean", "x-dorm-default": true}, "d": {"x-dorm-default": null},
    "e": {"type": "array", "default": [1, "x"]}, "f": {"type": "integer", "default": 7, "x-dorm-default": 7}}})",
                       &schema) == "");
  const Table& t = schema.tables.at(0);
  CHECK(t.name == "t");
  using Kind = DefaultValue::Kind;
  CHECK(column(t, "a").default_value->kind == Kind::text);  // a plain string stays a string
  CHECK(column(t, "a").default_value->value == "CURRENT_TIMESTAMP");
  CHECK(column(t, "b").default_value->kind == Kind::integer);
  CHECK(column(t, "b").default_value->value == "-3");
  CHECK(column(t, "c").default_value->value == "1");
  CHECK(column(t, "d").default_value->kind == Kind::null);
  CHECK(column(t, "e").default_value->value == R"([1,"x"])");
  CHECK(column(t, "f").default_value->value == "7");
}

TEST_CASE("an unknown x-dorm keyword, a bad type and unknown required names are errors", "[generator][json_reader]") {
  Schema schema;
  Diagnostics diags;
  read_schema_file(fixtures + "/invalid_users.json", schema, diags);
  const std::string f = fixtures + "/invalid_users.json";
  CHECK(diags.str() ==
        f + ":5:34: error: unknown keyword 'x-dorm-uniq' [dorm-unknown-keyword]\n" +
        f + ":5:34: note: did you mean 'x-dorm-unique'?\n" +
        f + ":6:22: error: unknown type 'integr' [dorm-bad-type]\n" +
        f + ":6:22: note: did you mean 'integer'?\n" +
        f + ":6:45: error: 'maxLength' must be a non-negative integer, not a string [dorm-keyword-type]\n" +
        f + ":8:22: error: 'required' names 'emial', which is not a property [dorm-unknown-required]\n" +
        f + ":8:22: note: did you mean 'email'?\n");
}

TEST_CASE("a JSON syntax error stops the file but keeps its path", "[generator][json_reader]") {
  Schema schema;
  Diagnostics diags;
  read_schema_file(fixtures + "/syntax_error.json", schema, diags);
  CHECK(schema.tables.empty());
  CHECK(schema.source_files.size() == 1);
  CHECK(diags.str() == fixtures +
                           "/syntax_error.json:5:5: error: invalid JSON: while parsing object - unexpected string "
                           "literal; expected '}' [dorm-json-syntax]\n");
}

TEST_CASE("a missing schema file is reported", "[generator][json_reader]") {
  Schema schema;
  Diagnostics diags;
  read_schema_file("no/such/file.json", schema, diags);
  CHECK(diags.str() == "no/such/file.json: error: cannot open schema file [dorm-cannot-read]\n");
}

TEST_CASE("a table needs a name", "[generator][json_reader]") {
  CHECK(diagnostics_of("{\n  \"properties\": {}\n}") ==
        "t.json:1:1: error: the schema names no table; add \"$id\" (or \"title\") [dorm-missing-table-name]\n");
}

TEST_CASE("the schema root must be an object", "[generator][json_reader]") {
  CHECK(diagnostics_of("[1]") == "t.json:1:1: error: a schema must be a JSON object, not an array [dorm-keyword-type]\n");
}

TEST_CASE("a $defs entry takes its key as table name and must be an object", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$defs\": {\n  \"posts\": {\"properties\": {\"id\": {}}},\n  \"bad\": 3}}", &schema) ==
        "t.json:3:10: error: '$defs' entry 'bad' must be a table schema object, not a number [dorm-keyword-type]\n");
  REQUIRE(schema.tables.size() == 1);
  CHECK(schema.tables[0].name == "posts");
  CHECK(schema.tables[0].loc.str() == "t.json:2:3");
}

TEST_CASE("a table-level keyword on a property, and the reverse, are errors", "[generator][json_reader]") {
  CHECK(diagnostics_of("{\"$id\": \"t\", \"x-dorm-index\": true,\n"
                       " \"properties\": {\"a\": {\"x-dorm-struct\": \"A\"}}}") ==
        "t.json:1:14: error: keyword 'x-dorm-index' belongs on a property, not on the table [dorm-unknown-keyword]\n"
        "t.json:2:23: error: keyword 'x-dorm-struct' belongs on the table, not on a property [dorm-unknown-keyword]\n");
}

TEST_CASE("keywords with the wrong JSON type are errors", "[generator][json_reader]") {
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\"a\": {\n"
                       "\"x-dorm-unique\": \"yes\",\n"
                       "\"x-dorm-index\": 3,\n"
                       "\"minimum\": \"0\",\n"
                       "\"enum\": [],\n"
                       "\"x-dorm-default-sql\": \"\"}}}") ==
        "t.json:4:12: error: 'minimum' must be a number, not a string [dorm-keyword-type]\n"
        "t.json:5:9: error: 'enum' must be a non-empty array, not an empty array [dorm-keyword-type]\n"
        "t.json:6:23: error: 'x-dorm-default-sql' must be a non-empty string, not an empty string [dorm-keyword-type]\n"
        "t.json:2:18: error: 'x-dorm-unique' must be true or false, not a string [dorm-keyword-type]\n"
        "t.json:3:17: error: 'x-dorm-index' must be true, false or the index's name, not a number [dorm-keyword-type]\n");
}

TEST_CASE("only [T, null] type unions are accepted", "[generator][json_reader]") {
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"a\": {\"type\": [\"string\", \"integer\"]},\n"
                       "\"b\": {\"type\": \"null\"},\n"
                       "\"c\": {\"type\": 5}}}") ==
        "t.json:2:15: error: a column has one type; only [\"T\", \"null\"] unions are supported, not "
        "[\"string\",\"integer\"] [dorm-bad-type]\n"
        "t.json:3:15: error: type \"null\" alone gives a column with no values [dorm-bad-type]\n"
        "t.json:4:15: error: 'type' must be a type name or an array of type names, not a number [dorm-keyword-type]\n");
}

TEST_CASE("a table schema with a type other than object is an error", "[generator][json_reader]") {
  CHECK(diagnostics_of("{\"$id\": \"t\", \"type\": \"array\", \"properties\": {}}") ==
        "t.json:1:22: error: a table schema must have type \"object\", not \"array\" [dorm-bad-type]\n");
}

TEST_CASE("a required property whose type allows null is contradictory", "[generator][json_reader]") {
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"nick\": {\"type\": [\"string\", \"null\"]}},\n"
                       "\"required\": [\"nick\"]}") ==
        "t.json:3:14: error: 'nick' is required but its type allows null [dorm-nullable-required]\n"
        "t.json:2:18: note: type of 'nick' is here\n");
}

TEST_CASE("a primary key column is NOT NULL and may not allow null", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"id\": {\"type\": [\"string\", \"null\"], \"x-dorm-primary-key\": true},\n"
                       "\"code\": {\"x-dorm-primary-key\": true}}}",
                       &schema) ==
        "t.json:2:16: error: primary key column 'id' cannot allow null [dorm-nullable-primary-key]\n");
  CHECK_FALSE(schema.tables.at(0).columns.at(1).nullable);
}

TEST_CASE("the primary key cannot be given both on the table and on properties", "[generator][json_reader]") {
  CHECK(diagnostics_of("{\"$id\": \"t\", \"x-dorm-primary-key\": [\"a\", \"b\"],\n"
                       "\"properties\": {\"a\": {\"x-dorm-primary-key\": true}, \"b\": {}}}") ==
        "t.json:1:14: error: the primary key is given both on the table and on properties; keep one "
        "[dorm-conflicting-primary-key]\n"
        "t.json:2:22: note: property-level 'x-dorm-primary-key' is here\n");
}

TEST_CASE("a table-level primary key may be a single column name", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of(R"({"$id": "t", "x-dorm-primary-key": "code", "properties": {"code": {}}})", &schema) == "");
  CHECK(schema.tables.at(0).primary_key == std::vector<std::string>{"code"});
  CHECK_FALSE(schema.tables.at(0).columns.at(0).nullable);
}

TEST_CASE("different default and x-dorm-default, or a literal and an SQL default, conflict", "[generator][json_reader]") {
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"a\": {\"default\": 1, \"x-dorm-default\": 2},\n"
                       "\"b\": {\"default\": 1, \"x-dorm-default-sql\": \"2\"}}}") ==
        "t.json:2:7: error: 'default' and 'x-dorm-default' of 'a' differ; keep one [dorm-conflicting-default]\n"
        "t.json:2:21: note: 'x-dorm-default' is here\n"
        "t.json:3:21: error: 'x-dorm-default-sql' of 'b' cannot be combined with a literal default "
        "[dorm-conflicting-default]\n");
}

TEST_CASE("x-dorm-references must name table and column and use a known action", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"a\": {\"x-dorm-references\": {\"table\": \"u\", \"column\": \"id\", \"onDelete\": \"explode\"}},\n"
                       "\"b\": {\"x-dorm-references\": {\"table\": \"u\", \"colunm\": \"id\"}},\n"
                       "\"c\": {\"x-dorm-references\": {\"table\": \"u\", \"column\": \"id\", \"onUpdate\": \"set  null\"}}}}",
                       &schema) ==
        "t.json:2:71: error: 'explode' is not a foreign key action; use CASCADE, SET NULL, SET DEFAULT, RESTRICT or "
        "NO ACTION [dorm-bad-reference-action]\n"
        "t.json:3:43: error: unknown key 'colunm' in 'x-dorm-references' [dorm-unknown-keyword]\n"
        "t.json:3:43: note: did you mean 'column'?\n"
        "t.json:3:28: error: 'x-dorm-references' needs \"column\" [dorm-keyword-type]\n");
  const Table& t = schema.tables.at(0);
  CHECK_FALSE(column(t, "a").references);
  REQUIRE(column(t, "c").references);
  CHECK(column(t, "c").references->on_update == "SET NULL");
}

TEST_CASE("x-dorm-indexes entries are checked", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\"a\": {}}, \"x-dorm-indexes\": [\n"
                       "{\"colums\": [\"a\"]},\n"
                       "{\"columns\": []},\n"
                       "\"a\"],\n"
                       "\"x-dorm-unique\": [\"a\"]}",
                       &schema) ==
        "t.json:5:19: error: 'x-dorm-unique entry' must be a non-empty array of column names, not a string "
        "[dorm-keyword-type]\n"
        "t.json:2:2: error: unknown key 'colums' in an 'x-dorm-indexes' entry [dorm-unknown-keyword]\n"
        "t.json:2:2: note: did you mean 'columns'?\n"
        "t.json:2:1: error: an 'x-dorm-indexes' entry needs \"columns\" [dorm-keyword-type]\n"
        "t.json:3:13: error: 'columns' must be a non-empty array of column names, not an empty array [dorm-keyword-type]\n"
        "t.json:4:1: error: 'x-dorm-indexes entry' must be an object {\"name\", \"columns\", \"unique\"}, not a string "
        "[dorm-keyword-type]\n");
  CHECK(schema.tables.at(0).indexes.empty());
}

TEST_CASE("misspelled standard keywords warn and unsupported ones are flagged", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"requried\": [],\n"
                       "\"examples\": [], \"x-other-tool\": 1, \"properties\": {\"a\": {\"$ref\": \"#/x\", \"readOnly\": true}}}",
                       &schema) ==
        "t.json:1:14: warning: 'requried' is not a JSON Schema keyword; it is ignored [dorm-unrecognized-keyword]\n"
        "t.json:1:14: note: did you mean 'required'?\n"
        "t.json:2:57: warning: '$ref' is not supported on a column and is ignored; the column is mapped from its own "
        "keywords [dorm-unsupported-keyword]\n");
  CHECK(schema.tables.size() == 1);
}

TEST_CASE("a schema with several tables appends to what was read before", "[generator][json_reader]") {
  Schema schema;
  Diagnostics diags;
  read_schema_text(R"({"$id": "a", "properties": {"id": {}}})", "a.json", schema, diags);
  read_schema_text(R"({"$id": "b", "properties": {"id": {}}})", "b.json", schema, diags);
  CHECK(diags.str().empty());
  REQUIRE(schema.tables.size() == 2);
  CHECK(schema.tables[1].loc.file == "b.json");
  CHECK(schema.source_files == std::vector<std::string>{"a.json", "b.json"});
}

TEST_CASE("x-dorm-relations maps each entry to a relation, keys left out stay empty", "[generator][json_reader][relations]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"posts\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true}},\n"
                       "\"x-dorm-relations\": {\n"
                       "  \"author\": {\"kind\": \"belongs_to\", \"target\": \"users\", \"foreignKey\": \"writer_id\"},\n"
                       "  \"comments\": {\"kind\": \"has_many\", \"target\": \"comments\", \"localKey\": \"id\"},\n"
                       "  \"cover\": {\"kind\": \"has_one\", \"target\": \"images\"},\n"
                       "  \"tags\": {\"kind\": \"many_to_many\", \"target\": \"tags\", \"pivot\": \"taggings\",\n"
                       "           \"pivotForeignKey\": \"p\", \"pivotRelatedKey\": \"t\", \"relatedKey\": \"id\"}}}",
                       &schema) == "");
  const auto& relations = schema.tables.at(0).relations;
  REQUIRE(relations.size() == 4);
  CHECK(relations[0].name == "author");
  CHECK(relations[0].kind == Relation::Kind::belongs_to);
  CHECK(relations[0].target == "users");
  CHECK(relations[0].foreign_key == "writer_id");
  CHECK(relations[0].local_key.empty());
  CHECK(relations[0].loc.str() == "t.json:3:3");
  CHECK_FALSE(relations[0].inferred);
  CHECK(relations[1].kind == Relation::Kind::has_many);
  CHECK(relations[1].foreign_key.empty());
  CHECK(relations[1].local_key == "id");
  CHECK(relations[2].kind == Relation::Kind::has_one);
  CHECK(relations[3].kind == Relation::Kind::many_to_many);
  CHECK(relations[3].pivot == "taggings");
  CHECK(relations[3].pivot_foreign_key == "p");
  CHECK(relations[3].pivot_related_key == "t");
  CHECK(relations[3].related_key == "id");
}

TEST_CASE("x-dorm-relations must be an object of relation objects", "[generator][json_reader][relations]") {
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {"id": {}}, "x-dorm-relations": ["author"]})") ==
        "t.json:1:60: error: 'x-dorm-relations' must be an object of relation name -> {\"kind\", \"target\", ...}, not "
        "an array [dorm-keyword-type]\n");
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {"id": {}}, "x-dorm-relations": {"author": "users"}})") ==
        "t.json:1:71: error: 'relation 'author'' must be an object {\"kind\", \"target\", ...}, not a string "
        "[dorm-keyword-type]\n");
}

TEST_CASE("a relation needs a known kind and a target", "[generator][json_reader][relations]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\"id\": {}}, \"x-dorm-relations\": {\n"
                       "\"a\": {\"target\": \"users\"},\n"
                       "\"b\": {\"kind\": \"hasMany\", \"target\": \"users\"},\n"
                       "\"c\": {\"kind\": \"belongs_to\"},\n"
                       "\"d\": {\"kind\": 1, \"target\": \"\"}}}",
                       &schema) ==
        "t.json:2:1: error: relation 'a' needs \"kind\": belongs_to, has_one, has_many or many_to_many "
        "[dorm-keyword-type]\n"
        "t.json:3:15: error: 'hasMany' is not a relation kind; use belongs_to, has_one, has_many or many_to_many "
        "[dorm-bad-relation-kind]\n"
        "t.json:3:15: note: did you mean 'has_many'?\n"
        "t.json:4:1: error: relation 'c' needs \"target\", the table it loads [dorm-keyword-type]\n"
        "t.json:5:15: error: 'kind' must be a string, not a number [dorm-keyword-type]\n"
        "t.json:5:28: error: 'target' must be a non-empty string, not an empty string [dorm-keyword-type]\n");
  CHECK(schema.tables.at(0).relations.empty());
}

TEST_CASE("unknown relation members are errors with a suggestion", "[generator][json_reader][relations]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\"id\": {}}, \"x-dorm-relations\": {\n"
                       "\"author\": {\"kind\": \"belongs_to\", \"target\": \"users\", \"foreign_key\": \"a_id\"},\n"
                       "\"editor\": {\"kind\": \"belongs_to\", \"target\": \"users\", \"foreignKey\": 7}}}",
                       &schema) ==
        "t.json:2:53: error: unknown key 'foreign_key' in relation 'author' [dorm-unknown-keyword]\n"
        "t.json:2:53: note: did you mean 'foreignKey'?\n"
        "t.json:3:67: error: 'foreignKey' must be a non-empty string, not a number [dorm-keyword-type]\n");
  CHECK(schema.tables.at(0).relations.empty());
}

TEST_CASE("members of another relation kind are errors", "[generator][json_reader][relations]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\"id\": {}}, \"x-dorm-relations\": {\n"
                       "\"posts\": {\"kind\": \"has_many\", \"target\": \"posts\", \"pivot\": \"x\", \"relatedKey\": \"id\"},\n"
                       "\"tags\": {\"kind\": \"many_to_many\", \"target\": \"tags\", \"foreignKey\": \"t_id\"}}}",
                       &schema) ==
        "t.json:2:50: error: 'pivot' does not apply to has_many relation 'posts' [dorm-unknown-keyword]\n"
        "t.json:2:64: error: 'relatedKey' does not apply to has_many relation 'posts' [dorm-unknown-keyword]\n"
        "t.json:3:52: error: 'foreignKey' does not apply to many_to_many relation 'tags'; a many_to_many uses "
        "\"pivotForeignKey\" [dorm-unknown-keyword]\n");
  CHECK(schema.tables.at(0).relations.empty());
}

TEST_CASE("x-dorm-relations is a table keyword", "[generator][json_reader][relations]") {
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {"id": {"x-dorm-relations": {}}}})") ==
        "t.json:1:36: error: keyword 'x-dorm-relations' belongs on the table, not on a property [dorm-unknown-keyword]\n");
}

TEST_CASE("a length written as an integer-valued number is an integer, as in draft 6 and later", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {"s": {"type": "string", "minLength": 2.0, "maxLength": 1e1}}})",
                       &schema)
            .empty());
  REQUIRE(schema.tables.size() == 1);
  CHECK(column(schema.tables[0], "s").checks.min_length == 2);
  CHECK(column(schema.tables[0], "s").checks.max_length == 10);
  // Past INT64_MAX a length limits nothing; it is kept as the largest bound SQLite can compare.
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {"s": {"type": "string", "maxLength": 18446744073709551615}}})",
                       &schema)
            .empty());
  CHECK(column(schema.tables[0], "s").checks.max_length == std::numeric_limits<std::int64_t>::max());
  for (const char* bad : {"2.5", "-1", "-1.0", "\"2\"", "true"}) {
    INFO(bad);
    CHECK_THAT(diagnostics_of(std::string(R"({"$id": "t", "properties": {"s": {"type": "string", "minLength": )") + bad + "}}}"),
               Catch::Contains("'minLength' must be a non-negative integer") && Catch::Contains("[dorm-keyword-type]"));
  }
}

TEST_CASE("exclusiveMinimum and exclusiveMaximum are numbers, kept with where they are written", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"score\": {\"type\": \"number\", \"exclusiveMinimum\": 0, \"exclusiveMaximum\": 100.5},\n"
                       "\"age\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 150}}}",
                       &schema) == "");
  const Column& score = column(schema.tables.at(0), "score");
  CHECK(score.checks.exclusive_minimum == 0.0);
  CHECK(score.checks.exclusive_maximum == 100.5);
  CHECK_FALSE(score.checks.minimum);
  CHECK(score.check_locs.exclusive_minimum.str() == "t.json:2:29");
  CHECK(score.check_locs.exclusive_maximum.str() == "t.json:2:52");
  const Column& age = column(schema.tables.at(0), "age");
  CHECK(age.check_locs.minimum.str() == "t.json:3:28");
  CHECK(age.check_locs.maximum.str() == "t.json:3:42");
}

TEST_CASE("draft 4's boolean exclusiveMinimum is an error that shows the number to write", "[generator][json_reader]") {
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"a\": {\"type\": \"number\", \"minimum\": 5, \"exclusiveMinimum\": true},\n"
                       "\"b\": {\"type\": \"number\", \"exclusiveMaximum\": false},\n"
                       "\"c\": {\"type\": \"number\", \"exclusiveMaximum\": true},\n"
                       "\"d\": {\"type\": \"number\", \"exclusiveMaximum\": \"7\"}}}") ==
        "t.json:2:59: error: 'exclusiveMinimum' must be a number (JSON Schema draft 6 and later), not a boolean "
        "(draft 4) [dorm-keyword-type]\n"
        "t.json:2:59: note: write \"exclusiveMinimum\": 5 in place of \"minimum\": 5 and \"exclusiveMinimum\": true\n"
        "t.json:3:45: error: 'exclusiveMaximum' must be a number (JSON Schema draft 6 and later), not a boolean "
        "(draft 4) [dorm-keyword-type]\n"
        "t.json:3:45: note: draft 4's \"exclusiveMaximum\": false is the default; remove it\n"
        "t.json:4:45: error: 'exclusiveMaximum' must be a number (JSON Schema draft 6 and later), not a boolean "
        "(draft 4) [dorm-keyword-type]\n"
        "t.json:4:45: note: write the bound itself: \"exclusiveMaximum\": <number>\n"
        "t.json:5:45: error: 'exclusiveMaximum' must be a number, not a string [dorm-keyword-type]\n");
}

TEST_CASE("x-dorm-enum-class is true or a C++ name, and anything else is an error at its value", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"accounts\", \"properties\": {\n"
                       "\"role\": {\"enum\": [\"admin\", \"read-only\"], \"x-dorm-enum-class\": true},\n"
                       "\"plan\": {\"enum\": [\"free\", \"pro\"], \"x-dorm-enum-class\": \"Tier\"},\n"
                       "\"kind\": {\"enum\": [\"a\"], \"x-dorm-enum-class\": false},\n"
                       "\"mood\": {\"enum\": [\"a\"]}}}",
                       &schema) == "");
  const Table& t = schema.tables.at(0);
  CHECK(column(t, "role").wants_enum_class);
  CHECK(column(t, "role").enum_class.empty());  // assign_names names it
  CHECK(column(t, "role").check_locs.enum_class.str() == "t.json:2:42");
  CHECK(column(t, "plan").wants_enum_class);
  CHECK(column(t, "plan").enum_class == "Tier");
  CHECK_FALSE(column(t, "kind").wants_enum_class);
  CHECK_FALSE(column(t, "mood").wants_enum_class);
  CHECK(column(t, "mood").check_locs.enum_values.str() == "t.json:5:10");

  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"a\": {\"enum\": [\"x\"], \"x-dorm-enum-class\": \"\"},\n"
                       "\"b\": {\"enum\": [\"x\"], \"x-dorm-enum-class\": 1}}}") ==
        "t.json:2:43: error: 'x-dorm-enum-class' must be true, false or a C++ enum name, not an empty string "
        "[dorm-keyword-type]\n"
        "t.json:3:43: error: 'x-dorm-enum-class' must be true, false or a C++ enum name, not a number "
        "[dorm-keyword-type]\n");
}

TEST_CASE("examples are kept as JSON text with the position of each", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"code\": {\"pattern\": \"^[A-Z]+$\", \"examples\": [\"ABC\", \"x\\\"y\", 3, null]},\n"
                       "\"bad\": {\"examples\": \"ABC\"}}}",
                       &schema) ==
        "t.json:3:21: error: 'examples' must be an array of values, not a string [dorm-keyword-type]\n");
  const Column& code = column(schema.tables.at(0), "code");
  CHECK(code.examples == std::vector<std::string>{"\"ABC\"", "\"x\\\"y\"", "3", "null"});
  REQUIRE(code.check_locs.examples.size() == 4);
  CHECK(code.check_locs.examples[0].str() == "t.json:2:46");
  CHECK(code.check_locs.examples[1].str() == "t.json:2:53");
  CHECK(code.check_locs.pattern.str() == "t.json:2:10");
  CHECK(column(schema.tables.at(0), "bad").examples.empty());
}

TEST_CASE("every validation keyword records where it is written", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\n"
                       "\"s\": {\"minLength\": 1, \"maxLength\": 5, \"format\": \"email\"}}}",
                       &schema) == "");
  const Column& s = column(schema.tables.at(0), "s");
  CHECK(s.check_locs.min_length.str() == "t.json:2:7");
  CHECK(s.check_locs.max_length.str() == "t.json:2:23");
  CHECK(s.check_locs.format.str() == "t.json:2:39");
  CHECK(s.format == "email");
}

TEST_CASE("x-dorm-timestamps and x-dorm-soft-delete add their columns after the properties", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"notes\", \"x-dorm-timestamps\": true, \"x-dorm-soft-delete\": true,\n"
                       "\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}}",
                       &schema) == "");
  const Table& t = schema.tables.at(0);
  REQUIRE(t.columns.size() == 4);
  CHECK(t.columns[1].name == "created_at");
  CHECK(t.columns[1].role == ColumnRole::created_at);
  CHECK_FALSE(t.columns[1].nullable);
  CHECK(t.columns[1].format == "date-time");
  CHECK(t.columns[1].loc.str() == "t.json:1:18");
  CHECK(t.columns[2].role == ColumnRole::updated_at);
  CHECK(t.columns[3].name == "deleted_at");
  CHECK(t.columns[3].role == ColumnRole::deleted_at);
  CHECK(t.columns[3].nullable);
  CHECK(diagnostics_of(R"({"$id": "t", "x-dorm-timestamps": "yes", "properties": {"id": {}}})") ==
        "t.json:1:35: error: 'x-dorm-timestamps' must be true or false, not a string [dorm-keyword-type]\n");
}

TEST_CASE("x-dorm-tenant-column names the table's tenant column and indexes it", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"projects\", \"x-dorm-tenant-column\": \"org_id\",\n"
                       "\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                       "\"org_id\": {\"type\": \"string\"}}, \"required\": [\"org_id\"]}",
                       &schema) == "");
  const Table& t = schema.tables.at(0);
  CHECK(t.traits.tenant_column == "org_id");
  CHECK(t.traits.tenant_column_loc.str() == "t.json:1:45");
  REQUIRE(t.columns.size() == 2);  // declared, not added
  REQUIRE(t.indexes.size() == 1);
  CHECK(t.indexes[0].name == "idx_projects_org_id");
  CHECK(t.indexes[0].columns == std::vector<std::string>{"org_id"});
  CHECK_FALSE(t.indexes[0].unique);
}

TEST_CASE("a tenant column that already leads an index or the primary key gets no second index", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"tasks\", \"x-dorm-tenant-column\": \"org_id\",\n"
                       "\"x-dorm-indexes\": [{\"name\": \"idx_tasks_by_org\", \"columns\": [\"org_id\", \"title\"]}],\n"
                       "\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                       "\"org_id\": {\"type\": \"integer\"}, \"title\": {\"type\": \"string\"}},\n"
                       "\"required\": [\"org_id\", \"title\"]}",
                       &schema) == "");
  REQUIRE(schema.tables.at(0).indexes.size() == 1);
  CHECK(schema.tables.at(0).indexes[0].name == "idx_tasks_by_org");

  Schema keyed;
  CHECK(diagnostics_of("{\"$id\": \"memberships\", \"x-dorm-tenant-column\": \"org_id\",\n"
                       "\"x-dorm-primary-key\": [\"org_id\", \"user_id\"],\n"
                       "\"properties\": {\"org_id\": {\"type\": \"integer\"}, \"user_id\": {\"type\": \"integer\"}},\n"
                       "\"required\": [\"org_id\", \"user_id\"]}",
                       &keyed) == "");
  CHECK(keyed.tables.at(0).indexes.empty());
}

TEST_CASE("x-dorm-tenant-column must be a column name", "[generator][json_reader]") {
  CHECK(diagnostics_of(R"({"$id": "t", "x-dorm-tenant-column": true, "properties": {"id": {}}})") ==
        "t.json:1:38: error: 'x-dorm-tenant-column' must be a non-empty string, not a boolean [dorm-keyword-type]\n");
}

TEST_CASE("x-dorm-affinity sets the column's affinity, whatever its JSON type", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {
    "taken_at": {"type": "string", "x-dorm-affinity": "numeric"},
    "price": {"type": "number", "x-dorm-affinity": "NUMERIC"},
    "paid": {"type": "boolean", "x-dorm-affinity": "numeric"},
    "code": {"type": "string", "x-dorm-affinity": "integer"},
    "plain": {"type": "string"}
  }})",
                       &schema) == "");
  const Table& t = schema.tables.at(0);
  CHECK(column(t, "taken_at").storage == Storage::numeric);
  CHECK(column(t, "taken_at").cpp_type == CppType::string);
  CHECK(column(t, "taken_at").check_locs.affinity.str() == "t.json:2:36");
  CHECK(column(t, "price").storage == Storage::numeric);
  CHECK(column(t, "price").cpp_type == CppType::float64);
  CHECK(column(t, "paid").cpp_type == CppType::boolean);
  CHECK(column(t, "code").storage == Storage::integer);
  CHECK(column(t, "plain").storage == Storage::text);
  CHECK(column(t, "plain").check_locs.affinity.line == 0);
}

TEST_CASE("an unknown affinity or a misspelled x-dorm-affinity is an error with a suggestion", "[generator][json_reader]") {
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {"a": {"x-dorm-affinity": "numerc"}}})") ==
        "t.json:1:54: error: 'numerc' is not an affinity; use text, numeric, integer, real or blob [dorm-affinity]\n"
        "t.json:1:54: note: did you mean 'numeric'?\n");
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {"a": {"x-dorm-afinity": "numeric"}}})") ==
        "t.json:1:35: error: unknown keyword 'x-dorm-afinity' [dorm-unknown-keyword]\n"
        "t.json:1:35: note: did you mean 'x-dorm-affinity'?\n");
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {"a": {"x-dorm-affinity": 3}}})") ==
        "t.json:1:54: error: 'x-dorm-affinity' must be a non-empty string, not a number [dorm-keyword-type]\n");
}

TEST_CASE("an object or array property records its JSON type", "[generator][json_reader]") {
  Schema schema;
  CHECK(diagnostics_of(R"({"$id": "t", "properties": {"o": {"type": "object"}, "a": {"type": ["array", "null"]}}})",
                       &schema) == "");
  CHECK(column(schema.tables.at(0), "o").json_type == "object");
  CHECK(column(schema.tables.at(0), "a").json_type == "array");
  CHECK(column(schema.tables.at(0), "a").is_json);
}

TEST_CASE("a maximum of 1e400 is an error at the number and the file adds no table", "[generator][json_reader]") {
  Schema schema;
  std::string diags;
  REQUIRE_NOTHROW(diags = diagnostics_of(R"({"$id": "t", "properties": {
  "id": {"type": "integer", "x-dorm-primary-key": true},
  "n": {"type": "number", "maximum": 1e400}
}})",
                                         &schema));
  CHECK(diags ==
        "t.json:3:38: error: the number 1e400 is out of the range of a double (about -1.8e308 to 1.8e308) "
        "[dorm-json-number-range]\n");
  CHECK(schema.tables.empty());
  CHECK(schema.source_files == std::vector<std::string>{"t.json"});
}

TEST_CASE("a default nested 100,000 levels deep is refused, not a stack overflow", "[generator][json_reader]") {
  const std::size_t depth = 100000;
  const std::string prefix = R"({"$id": "t", "properties": {"tags": {"type": "array", "default": )";
  const std::string text = prefix + std::string(depth, '[') + std::string(depth, ']') + "}}}";
  Schema schema;
  const std::string diags = diagnostics_of(text, &schema);
  // The root, properties and tags are levels 1-3, so the default's 254th '[' opens level 257.
  CHECK(diags.rfind("t.json:1:" + std::to_string(prefix.size() + 254) + ": error: this '[' opens level 257;", 0) == 0);
  CHECK(diags.find("[dorm-json-too-deep]") != std::string::npos);
  CHECK(schema.tables.empty());
}

TEST_CASE("a default nested up to the limit is read as a default", "[generator][json_reader]") {
  const std::size_t levels = 256 - 3;  // root, properties and tags hold the default
  const std::string nested = std::string(levels, '[') + std::string(levels, ']');
  Schema schema;
  const std::string diags = diagnostics_of(R"({"$id": "t", "properties": {"id": {"type": "integer", "x-dorm-primary-key": true}, "tags": {"type": "array", "default": )" +
                                               nested + "}}}",
                                           &schema);
  CHECK(diags.empty());
  REQUIRE(schema.tables.size() == 1);
  const Column& tags = column(schema.tables[0], "tags");
  REQUIRE(tags.default_value);
  CHECK(tags.default_value->value == nested);
}

TEST_CASE("a relation's cascade is an array of strings and orphanRemoval a boolean", "[generator][json_reader][relations]") {
  Schema schema;
  CHECK(diagnostics_of("{\"$id\": \"t\", \"properties\": {\"id\": {}}, \"x-dorm-relations\": {\n"
                       "\"a\": {\"kind\": \"has_many\", \"target\": \"t\", \"cascade\": \"persist\"},\n"
                       "\"b\": {\"kind\": \"has_many\", \"target\": \"t\", \"orphanRemoval\": 1},\n"
                       "\"c\": {\"kind\": \"has_many\", \"target\": \"t\", \"cascade\": [\"persist\", \"remove\"], "
                       "\"orphanRemoval\": true}}}",
                       &schema) ==
        "t.json:2:53: error: 'cascade' must be an array of \"persist\" and \"remove\", not a string [dorm-keyword-type]\n"
        "t.json:3:59: error: 'orphanRemoval' must be true or false, not a number [dorm-keyword-type]\n");
  REQUIRE(schema.tables.at(0).relations.size() == 1);
  const Relation& c = schema.tables[0].relations[0];
  REQUIRE(c.cascade.size() == 2);
  CHECK(c.cascade[0].name == "persist");
  CHECK(c.cascade[1].name == "remove");
  CHECK(c.cascade[1].loc.line == 4);
  CHECK(c.orphan_removal);
}
