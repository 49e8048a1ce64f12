#include <catch2/catch.hpp>

#include <initializer_list>
#include <utility>

#include "frontend/json/json_schema_reader.hpp"
#include "ir/names.hpp"
#include "ir/validate.hpp"

using namespace dorm::ir;
using dorm::frontend::json::read_schema_file;
using dorm::frontend::json::read_schema_text;

namespace {

const std::string fixtures = DORM_TEST_SCHEMAS_DIR;

/// Reads each (path, text) pair, names the schema and returns validate()'s diagnostics.
/// The reader must accept the input: these tests are about the rules, not the parser.
std::string validate_texts(std::initializer_list<std::pair<std::string, std::string_view>> files) {
  Schema schema;
  Diagnostics read_diags;
  for (const auto& [path, text] : files) read_schema_text(text, path, schema, read_diags);
  REQUIRE(read_diags.str() == "");
  assign_names(schema);
  Diagnostics diags;
  validate(schema, diags);
  return diags.str();
}

std::string validate_text(std::string_view text) { return validate_texts({{"t.json", text}}); }

}  // namespace

TEST_CASE("the DORM-derived and feature tour fixtures pass validation", "[validate]") {
  for (const char* file : {"dorm_users.json", "dorm_template.json", "feature_tour.json"}) {
    Schema schema;
    Diagnostics diags;
    read_schema_file(fixtures + "/" + file, schema, diags);
    assign_names(schema);
    validate(schema, diags);
    INFO(file);
    CHECK(diags.str() == "");
  }
}

TEST_CASE("a table without a primary key is an error", "[validate]") {
  CHECK(validate_text(R"({"$id": "logs", "properties": {"line": {}}})") ==
        "t.json:1:2: error: table 'logs' has no primary key; find, update and erase need one [dorm-missing-primary-key]\n"
        "t.json:1:2: note: mark a column with \"x-dorm-primary-key\": true\n");
}

TEST_CASE("a primary key naming an unknown column is an error with a suggestion", "[validate]") {
  CHECK(validate_text(R"({"$id": "t", "x-dorm-primary-key": ["idd"], "properties": {"id": {}}})") ==
        "t.json:1:14: error: the primary key names column 'idd', which table 't' does not have [dorm-unknown-column]\n"
        "t.json:1:14: note: did you mean 'id'?\n");
}

TEST_CASE("auto-increment needs a single integer primary key", "[validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"x-dorm-primary-key\": [\"a\", \"b\"], \"properties\": {\n"
                      "\"a\": {\"type\": \"integer\", \"x-dorm-auto-increment\": true},\n"
                      "\"b\": {\"type\": \"string\"},\n"
                      "\"c\": {\"type\": \"integer\", \"x-dorm-auto-increment\": false}}}") ==
        "t.json:2:1: error: 'x-dorm-auto-increment' on 'a' needs it to be the table's only primary key column, of type "
        "integer [dorm-bad-auto-increment]\n");
  CHECK(validate_text(R"({"$id": "t", "properties": {"id": {"x-dorm-primary-key": true, "x-dorm-auto-increment": true}}})") ==
        "t.json:1:29: error: 'x-dorm-auto-increment' on 'id' needs it to be the table's only primary key column, of "
        "type integer [dorm-bad-auto-increment]\n");
}

TEST_CASE("a table defined in two files is an error pointing at both", "[validate]") {
  CHECK(validate_texts({{"a.json", R"({"$id": "users", "properties": {"id": {"x-dorm-primary-key": true}}})"},
                        {"b.json", "{\n  \"$id\": \"Users\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true}}}"}}) ==
        "b.json:2:3: error: table 'Users' is defined twice [dorm-duplicate-table]\n"
        "a.json:1:2: note: previous definition of 'users' is here\n");
}

TEST_CASE("foreign keys must target a known table and column", "[validate]") {
  CHECK(validate_text("{\"$defs\": {\n"
                      "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                      "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                      "  \"a\": {\"x-dorm-references\": {\"table\": \"user\", \"column\": \"id\"}},\n"
                      "  \"b\": {\"x-dorm-references\": {\"table\": \"users\", \"column\": \"idd\"}}}}}}") ==
        "t.json:4:9: error: column 'a' references unknown table 'user' [dorm-unknown-reference]\n"
        "t.json:4:9: note: did you mean 'users'?\n"
        "t.json:5:9: error: column 'b' references unknown column 'idd' of table 'users' [dorm-unknown-reference]\n"
        "t.json:5:9: note: did you mean 'id'?\n");
}

TEST_CASE("a foreign key target must be unique, should have the same type, and SET NULL needs a nullable column",
          "[validate]") {
  CHECK(validate_text("{\"$defs\": {\n"
                      "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                      "  \"name\": {}, \"email\": {\"x-dorm-unique\": true}}},\n"
                      "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                      "  \"a\": {\"x-dorm-references\": {\"table\": \"users\", \"column\": \"name\"}},\n"
                      "  \"b\": {\"x-dorm-references\": {\"table\": \"users\", \"column\": \"id\", \"onDelete\": \"set null\"}},\n"
                      "  \"c\": {\"x-dorm-references\": {\"table\": \"users\", \"column\": \"email\"}}},\n"
                      "  \"required\": [\"b\"]}}}") ==
        "t.json:5:9: error: column 'a' references 'users.name', which is neither the primary key nor unique; SQLite "
        "rejects such foreign keys [dorm-reference-not-unique]\n"
        "t.json:6:9: warning: column 'b' (TEXT) references 'users.id' (INTEGER); values will never match "
        "[dorm-reference-type-mismatch]\n"
        "t.json:6:9: error: 'onDelete: SET NULL' on NOT NULL column 'b' fails every delete [dorm-bad-reference-action]\n");
}

TEST_CASE("index names are unique across the whole schema and differ from table names", "[validate]") {
  CHECK(validate_texts(
            {{"a.json", R"({"$id": "a", "properties": {"id": {"x-dorm-primary-key": true, "x-dorm-index": "by_id"}}})"},
             {"b.json", R"({"$id": "b", "properties": {"id": {"x-dorm-primary-key": true, "x-dorm-index": "BY_ID"},
               "x": {"x-dorm-index": "a"}}})"}}) ==
        "b.json:1:64: error: index name 'BY_ID' is used twice; SQLite index names are schema-wide [dorm-duplicate-index]\n"
        "a.json:1:64: note: first index 'by_id' is here\n"
        "b.json:2:22: error: index 'a' has the name of table 'a' [dorm-duplicate-index]\n");
}

TEST_CASE("indexes and unique constraints must name existing columns", "[validate]") {
  CHECK(validate_text(R"({"$id": "t", "properties": {"id": {"x-dorm-primary-key": true}, "name": {}},
  "x-dorm-unique": [["id", "nmae"]], "x-dorm-indexes": [{"name": "i", "columns": ["zzz"]}]})") ==
        "t.json:2:21: error: unique constraint names column 'nmae', which table 't' does not have [dorm-unknown-column]\n"
        "t.json:2:21: note: did you mean 'name'?\n"
        "t.json:2:57: error: index 'i' names column 'zzz', which table 't' does not have [dorm-unknown-column]\n");
}

TEST_CASE("two columns or two tables with one C++ name clash", "[validate]") {
  CHECK(validate_text(R"({"$id": "t", "properties": {"id": {"x-dorm-primary-key": true}, "first-name": {}, "first_name": {}}})") ==
        "t.json:1:83: error: columns 'first-name' and 'first_name' of table 't' both become C++ member 'first_name'; "
        "set \"x-dorm-cpp-name\" on one [dorm-name-clash]\n"
        "t.json:1:65: note: column 'first-name' is here\n");
  CHECK(validate_texts({{"a.json", R"({"$id": "user", "properties": {"id": {"x-dorm-primary-key": true}}})"},
                        {"b.json", R"({"$id": "users", "properties": {"id": {"x-dorm-primary-key": true}}})"}}) ==
        "b.json:1:2: error: C++ struct name 'User' of table 'users' clashes with the struct of table 'user' "
        "[dorm-name-clash]\n"
        "a.json:1:2: note: table 'user' is here\n");
  CHECK(validate_text(R"({"$id": "Status", "properties": {"id": {"x-dorm-primary-key": true}}})") ==
        "t.json:1:2: error: table 'Status' gives the same C++ name 'Status' to its struct and its table object; set "
        "\"x-dorm-struct\" [dorm-name-clash]\n");
}

TEST_CASE("a struct named like one of its members is fine", "[validate]") {
  CHECK(validate_text(R"({"$id": "users", "properties": {"User": {"x-dorm-primary-key": true}}})") == "");
}

TEST_CASE("defaults must fit the column type, its nullability and its enum", "[validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"n\": {\"type\": \"integer\", \"x-dorm-default\": \"abc\"},\n"
                      "\"r\": {\"type\": \"number\", \"x-dorm-default\": 2},\n"
                      "\"b\": {\"type\": \"boolean\", \"x-dorm-default\": 1},\n"
                      "\"s\": {\"type\": \"string\", \"x-dorm-default\": 3},\n"
                      "\"req\": {\"x-dorm-default\": null},\n"
                      "\"e\": {\"enum\": [\"a\", \"b\"], \"default\": \"c\"},\n"
                      "\"ei\": {\"type\": \"integer\", \"enum\": [1, 2], \"default\": 2}},\n"
                      "\"required\": [\"req\"]}") ==
        "t.json:2:44: error: default of 'n' (\"abc\") does not fit its INTEGER type [dorm-default-type]\n"
        "t.json:5:43: error: default of 's' (3) does not fit its TEXT type [dorm-default-type]\n"
        "t.json:6:27: error: default of 'req' is null, but the column is NOT NULL [dorm-default-type]\n"
        "t.json:7:38: error: default \"c\" of 'e' is not one of its enum values [dorm-default-not-in-enum]\n");
}

TEST_CASE("length, range and pattern checks must fit the column", "[validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"n\": {\"type\": \"integer\", \"maxLength\": 3, \"pattern\": \"x\"},\n"
                      "\"s\": {\"minimum\": 1, \"minLength\": 5, \"maxLength\": 2},\n"
                      "\"r\": {\"type\": \"number\", \"minimum\": 5, \"maximum\": 1},\n"
                      "\"p\": {\"pattern\": \"([a-z\"},\n"
                      "\"e\": {\"type\": \"integer\", \"enum\": [1, \"two\"]}}}") ==
        "t.json:2:1: error: minLength/maxLength apply to strings, but 'n' is not one [dorm-check-type]\n"
        "t.json:2:1: error: pattern applies to strings, but 'n' is not one [dorm-check-type]\n"
        "t.json:3:1: error: minimum/maximum apply to numbers, but 's' is not one [dorm-check-type]\n"
        "t.json:3:1: error: minLength of 's' is greater than its maxLength [dorm-check-range]\n"
        "t.json:4:1: error: minimum of 'r' is greater than its maximum [dorm-check-range]\n"
        "t.json:5:1: error: pattern of 'p' is not a valid regular expression: "
        "Unexpected character within '[...]' in regular expression [dorm-bad-pattern]\n"
        "t.json:6:1: error: enum value \"two\" does not fit column 'e' [dorm-enum-type]\n");
}

TEST_CASE("x-dorm-default-sql must be one constant SQL expression", "[validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"a\": {\"x-dorm-default-sql\": \"CURRENT_TIMESTAMP\"},\n"
                      "\"b\": {\"x-dorm-default-sql\": \"(1 + 2) * 3\"},\n"
                      "\"c\": {\"x-dorm-default-sql\": \"some_column\"},\n"
                      "\"d\": {\"x-dorm-default-sql\": \"1), y DEFAULT (2\"},\n"
                      "\"e\": {\"x-dorm-default-sql\": \"1 +\"}}}") ==
        "t.json:4:29: error: 'x-dorm-default-sql' of 'c' is not a constant SQL expression: default value of column "
        "[x] is not constant [dorm-bad-default-sql]\n"
        "t.json:5:29: error: 'x-dorm-default-sql' of 'd' is not a constant SQL expression: the expression must be a "
        "single expression [dorm-bad-default-sql]\n"
        "t.json:6:29: error: 'x-dorm-default-sql' of 'e' is not a constant SQL expression: near \")\": syntax error "
        "[dorm-bad-default-sql]\n");
}

TEST_CASE("sqlite_ table names are reserved and a table needs columns", "[validate]") {
  CHECK(validate_text(R"({"$id": "sqlite_stats", "properties": {"id": {"x-dorm-primary-key": true}}})") ==
        "t.json:1:2: error: table name 'sqlite_stats' is reserved: SQLite owns names starting with 'sqlite_' "
        "[dorm-reserved-name]\n");
  CHECK(validate_text(R"({"$id": "empty"})") == "t.json:1:2: error: table 'empty' has no columns [dorm-empty-table]\n");
}

TEST_CASE("validate reports every problem, not just the first", "[validate]") {
  const std::string out = validate_texts({{"a.json", R"({"$id": "a", "properties": {"x": {}}})"},
                                          {"b.json", R"({"$id": "b", "properties": {"y": {}}})"}});
  CHECK(out ==
        "a.json:1:2: error: table 'a' has no primary key; find, update and erase need one [dorm-missing-primary-key]\n"
        "a.json:1:2: note: mark a column with \"x-dorm-primary-key\": true\n"
        "b.json:1:2: error: table 'b' has no primary key; find, update and erase need one [dorm-missing-primary-key]\n"
        "b.json:1:2: note: mark a column with \"x-dorm-primary-key\": true\n");
}
