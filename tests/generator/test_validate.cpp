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

TEST_CASE("the DORM-derived and feature tour fixtures pass validation", "[generator][validate]") {
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

TEST_CASE("a table without a primary key is an error", "[generator][validate]") {
  CHECK(validate_text(R"({"$id": "logs", "properties": {"line": {}}})") ==
        "t.json:1:2: error: table 'logs' has no primary key; find, update and erase need one [dorm-missing-primary-key]\n"
        "t.json:1:2: note: mark a column with \"x-dorm-primary-key\": true\n");
}

TEST_CASE("a primary key naming an unknown column is an error with a suggestion", "[generator][validate]") {
  CHECK(validate_text(R"({"$id": "t", "x-dorm-primary-key": ["idd"], "properties": {"id": {}}})") ==
        "t.json:1:14: error: the primary key names column 'idd', which table 't' does not have [dorm-unknown-column]\n"
        "t.json:1:14: note: did you mean 'id'?\n");
}

TEST_CASE("auto-increment needs a single integer primary key", "[generator][validate]") {
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

TEST_CASE("a table defined in two files is an error pointing at both", "[generator][validate]") {
  CHECK(validate_texts({{"a.json", R"({"$id": "users", "properties": {"id": {"x-dorm-primary-key": true}}})"},
                        {"b.json", "{\n  \"$id\": \"Users\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true}}}"}}) ==
        "b.json:2:3: error: table 'Users' is defined twice [dorm-duplicate-table]\n"
        "a.json:1:2: note: previous definition of 'users' is here\n");
}

TEST_CASE("foreign keys must target a known table and column", "[generator][validate]") {
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
          "[generator][validate]") {
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

TEST_CASE("index names are unique across the whole schema and differ from table names", "[generator][validate]") {
  CHECK(validate_texts(
            {{"a.json", R"({"$id": "a", "properties": {"id": {"x-dorm-primary-key": true, "x-dorm-index": "by_id"}}})"},
             {"b.json", R"({"$id": "b", "properties": {"id": {"x-dorm-primary-key": true, "x-dorm-index": "BY_ID"},
               "x": {"x-dorm-index": "a"}}})"}}) ==
        "b.json:1:64: error: index name 'BY_ID' is used twice; SQLite index names are schema-wide [dorm-duplicate-index]\n"
        "a.json:1:64: note: first index 'by_id' is here\n"
        "b.json:2:22: error: index 'a' has the name of table 'a' [dorm-duplicate-index]\n");
}

TEST_CASE("indexes and unique constraints must name existing columns", "[generator][validate]") {
  CHECK(validate_text(R"({"$id": "t", "properties": {"id": {"x-dorm-primary-key": true}, "name": {}},
  "x-dorm-unique": [["id", "nmae"]], "x-dorm-indexes": [{"name": "i", "columns": ["zzz"]}]})") ==
        "t.json:2:21: error: unique constraint names column 'nmae', which table 't' does not have [dorm-unknown-column]\n"
        "t.json:2:21: note: did you mean 'name'?\n"
        "t.json:2:57: error: index 'i' names column 'zzz', which table 't' does not have [dorm-unknown-column]\n");
}

TEST_CASE("names dorm derives never clash, so only names the schema sets can", "[generator][validate]") {
  CHECK(validate_text(R"({"$id": "t", "properties": {"id": {"x-dorm-primary-key": true}, "first-name": {}, "first_name": {}}})") == "");
  CHECK(validate_texts({{"a.json", R"({"$id": "user", "properties": {"id": {"x-dorm-primary-key": true}}})"},
                        {"b.json", R"({"$id": "users", "properties": {"id": {"x-dorm-primary-key": true}}})"}}) == "");
  CHECK(validate_text(R"({"$id": "Status", "properties": {"id": {"x-dorm-primary-key": true}}})") == "");
  CHECK(validate_text(R"({"$id": "t", "properties": {"id": {"x-dorm-primary-key": true},
 "a": {"x-dorm-cpp-name": "x"}, "b": {"x-dorm-cpp-name": "x"}}})") ==
        "t.json:2:33: error: columns 'a' and 'b' of table 't' both become C++ member 'x'; "
        "set \"x-dorm-cpp-name\" on one [dorm-name-clash]\n"
        "t.json:2:2: note: column 'a' is here\n");
  CHECK(validate_texts({{"a.json", R"({"$id": "user", "x-dorm-struct": "Person", "properties": {"id": {"x-dorm-primary-key": true}}})"},
                        {"b.json", R"({"$id": "users", "x-dorm-struct": "Person", "properties": {"id": {"x-dorm-primary-key": true}}})"}}) ==
        "b.json:1:2: error: C++ struct name 'Person' of table 'users' clashes with the struct of table 'user' "
        "[dorm-name-clash]\n"
        "a.json:1:2: note: table 'user' is here\n");
  CHECK(validate_text(R"({"$id": "t", "x-dorm-struct": "migrate", "properties": {"id": {"x-dorm-primary-key": true}}})") ==
        "t.json:1:2: error: C++ name 'migrate' of table 't' is a name the generated header declares itself; set "
        "\"x-dorm-struct\" to another name [dorm-name-clash]\n");
}

TEST_CASE("a struct named like one of its members is fine", "[generator][validate]") {
  CHECK(validate_text(R"({"$id": "users", "properties": {"User": {"x-dorm-primary-key": true}}})") == "");
}

TEST_CASE("defaults must fit the column type, its nullability and its enum", "[generator][validate]") {
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

TEST_CASE("length, range and pattern checks must fit the column", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"n\": {\"type\": \"integer\", \"maxLength\": 3, \"pattern\": \"x\"},\n"
                      "\"s\": {\"minimum\": 1, \"minLength\": 5, \"maxLength\": 2},\n"
                      "\"r\": {\"type\": \"number\", \"minimum\": 5, \"maximum\": 1},\n"
                      "\"p\": {\"pattern\": \"([a-z\"},\n"
                      "\"e\": {\"type\": \"integer\", \"enum\": [1, \"two\"]}}}") ==
        "t.json:2:26: error: minLength/maxLength apply to strings, but 'n' is not one [dorm-check-type]\n"
        "t.json:2:42: error: pattern applies to strings, but 'n' is not one [dorm-check-type]\n"
        "t.json:3:7: error: minimum/maximum apply to numbers, but 's' is not one [dorm-check-type]\n"
        "t.json:3:37: error: minLength of 's' is greater than its maxLength [dorm-check-range]\n"
        "t.json:4:39: error: minimum 5 and maximum 1 of 'r' leave no value between them [dorm-check-range]\n"
        "t.json:5:7: error: pattern of 'p' is not a valid regular expression: "
        "'[' without a matching ']' at character 2 [dorm-bad-pattern]\n"
        "t.json:6:26: error: enum value \"two\" does not fit column 'e' [dorm-enum-type]\n");
}

TEST_CASE("x-dorm-default-sql must be one constant SQL expression", "[generator][validate]") {
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

TEST_CASE("an x-dorm-default-sql that closes the column definition early is refused", "[generator][validate]") {
  // The rest would be a comment in the generated DDL, which then lost its closing parentheses.
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"a\": {\"x-dorm-default-sql\": \"1)) --\"},\n"
                      "\"b\": {\"x-dorm-default-sql\": \"1)); --\"}}}") ==
        "t.json:2:29: error: 'x-dorm-default-sql' of 'a' is not a constant SQL expression: the expression must not "
        "end the statement [dorm-bad-default-sql]\n"
        "t.json:3:29: error: 'x-dorm-default-sql' of 'b' is not a constant SQL expression: the expression must not "
        "end the statement [dorm-bad-default-sql]\n");
}

TEST_CASE("an x-dorm-default-sql that SQLite cannot compute or must not call is an error at the keyword",
          "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"a\": {\"x-dorm-default-sql\": \"abs(-9223372036854775808)\"},\n"
                      "\"b\": {\"x-dorm-default-sql\": \"load_extension('x')\"},\n"
                      "\"c\": {\"x-dorm-default-sql\": \"no_such_function(1)\"}}}") ==
        "t.json:2:29: error: 'x-dorm-default-sql' of 'a' (abs(-9223372036854775808)) fails whenever SQLite computes "
        "it, so every insert relying on it would: integer overflow [dorm-default-sql-fails]\n"
        "t.json:3:29: error: 'x-dorm-default-sql' of 'b' (load_extension('x')) fails whenever SQLite computes it, so "
        "every insert relying on it would: not authorized [dorm-default-sql-fails]\n"
        "t.json:4:29: error: 'x-dorm-default-sql' of 'c' (no_such_function(1)) fails whenever SQLite computes it, so "
        "every insert relying on it would: unknown function: no_such_function() [dorm-default-sql-fails]\n");
}

TEST_CASE("SQL defaults that change on every insert, as SQLite allows, are accepted", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"a\": {\"x-dorm-default-sql\": \"CURRENT_TIMESTAMP\"},\n"
                      "\"b\": {\"x-dorm-default-sql\": \"strftime('%Y-%m-%dT%H:%M:%fZ', 'now')\"},\n"
                      "\"c\": {\"type\": \"integer\", \"x-dorm-default-sql\": \"random()\"},\n"
                      "\"d\": {\"type\": \"string\", \"x-dorm-default-sql\": \"lower(hex(randomblob(16)))\"}}}")
            .empty());
}

TEST_CASE("sqlite_ table names are reserved and a table needs columns", "[generator][validate]") {
  CHECK(validate_text(R"({"$id": "sqlite_stats", "properties": {"id": {"x-dorm-primary-key": true}}})") ==
        "t.json:1:2: error: table name 'sqlite_stats' is reserved: SQLite owns names starting with 'sqlite_' "
        "[dorm-reserved-name]\n");
  CHECK(validate_text(R"({"$id": "empty"})") == "t.json:1:2: error: table 'empty' has no columns [dorm-empty-table]\n");
}

TEST_CASE("validate reports every problem, not just the first", "[generator][validate]") {
  const std::string out = validate_texts({{"a.json", R"({"$id": "a", "properties": {"x": {}}})"},
                                          {"b.json", R"({"$id": "b", "properties": {"y": {}}})"}});
  CHECK(out ==
        "a.json:1:2: error: table 'a' has no primary key; find, update and erase need one [dorm-missing-primary-key]\n"
        "a.json:1:2: note: mark a column with \"x-dorm-primary-key\": true\n"
        "b.json:1:2: error: table 'b' has no primary key; find, update and erase need one [dorm-missing-primary-key]\n"
        "b.json:1:2: note: mark a column with \"x-dorm-primary-key\": true\n");
}

TEST_CASE("exclusive bounds apply to numbers only", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"s\": {\"exclusiveMaximum\": 3},\n"
                      "\"b\": {\"type\": \"boolean\", \"exclusiveMinimum\": 0},\n"
                      "\"n\": {\"type\": \"integer\", \"exclusiveMinimum\": 0, \"exclusiveMaximum\": 10}}}") ==
        "t.json:2:7: error: exclusiveMinimum/exclusiveMaximum apply to numbers, but 's' is not one [dorm-check-type]\n"
        "t.json:3:26: error: exclusiveMinimum/exclusiveMaximum apply to numbers, but 'b' is not one "
        "[dorm-check-type]\n");
}

TEST_CASE("bounds that leave no value are an error at the upper bound", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"a\": {\"type\": \"integer\", \"exclusiveMinimum\": 5, \"maximum\": 5},\n"
                      "\"b\": {\"type\": \"number\", \"minimum\": 5, \"exclusiveMaximum\": 5},\n"
                      "\"c\": {\"type\": \"integer\", \"exclusiveMinimum\": 1, \"exclusiveMaximum\": 2},\n"
                      "\"d\": {\"type\": \"number\", \"exclusiveMinimum\": 1, \"exclusiveMaximum\": 2},\n"
                      "\"e\": {\"type\": \"integer\", \"minimum\": 3, \"maximum\": 3},\n"
                      "\"f\": {\"type\": \"number\", \"minimum\": 0, \"exclusiveMinimum\": 10, \"maximum\": 10},\n"
                      "\"g\": {\"type\": \"integer\", \"minimum\": 0.5, \"maximum\": 0.9}}}") ==
        "t.json:2:49: error: exclusiveMinimum 5 and maximum 5 of 'a' leave no integer between them [dorm-check-range]\n"
        "t.json:3:39: error: minimum 5 and exclusiveMaximum 5 of 'b' leave no value between them [dorm-check-range]\n"
        "t.json:4:49: error: exclusiveMinimum 1 and exclusiveMaximum 2 of 'c' leave no integer between them "
        "[dorm-check-range]\n"
        "t.json:7:63: error: exclusiveMinimum 10 and maximum 10 of 'f' leave no value between them [dorm-check-range]\n"
        "t.json:8:42: error: minimum 0.5 and maximum 0.9 of 'g' leave no integer between them [dorm-check-range]\n");
}

TEST_CASE("a literal default that breaks a rule of its column is an error at the default", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"fits\": {\"maxLength\": 3, \"default\": \"日本語\"},\n"
                      "\"long\": {\"maxLength\": 3, \"default\": \"日本語!\"},\n"
                      "\"short\": {\"minLength\": 2, \"default\": \"x\"},\n"
                      "\"n\": {\"type\": \"integer\", \"minimum\": 1, \"default\": 0},\n"
                      "\"x\": {\"type\": \"number\", \"exclusiveMaximum\": 1, \"default\": 1},\n"
                      "\"p\": {\"pattern\": \"^[a-z]+$\", \"default\": \"ABC\"},\n"
                      "\"u\": {\"pattern\": \"^.{3}$\", \"default\": \"日本語\"},\n"
                      "\"d\": {\"format\": \"date\", \"default\": \"2024-02-30\"},\n"
                      "\"e\": {\"format\": \"email\", \"default\": \"someone@example.com\"},\n"
                      "\"z\": {\"enum\": [\"a\"], \"default\": \"b\"}}}") ==
        "t.json:3:37: error: default \"日本語!\" of 'long' breaks maxLength: it is longer than 3 characters (4) "
        "[dorm-default-breaks-rule]\n"
        "t.json:4:38: error: default \"x\" of 'short' breaks minLength: it is shorter than 2 characters (1) "
        "[dorm-default-breaks-rule]\n"
        "t.json:5:51: error: default 0 of 'n' breaks minimum: it is less than 1 [dorm-default-breaks-rule]\n"
        "t.json:6:59: error: default 1 of 'x' breaks exclusiveMaximum: it is not less than 1 "
        "[dorm-default-breaks-rule]\n"
        "t.json:7:41: error: default \"ABC\" of 'p' breaks pattern: it does not match \"^[a-z]+$\" "
        "[dorm-default-breaks-rule]\n"
        "t.json:9:36: error: default \"2024-02-30\" of 'd' breaks format: it is not a valid date "
        "[dorm-default-breaks-rule]\n"
        "t.json:11:33: error: default \"b\" of 'z' is not one of its enum values [dorm-default-not-in-enum]\n");
}

TEST_CASE("an SQL default must compute values of the column's format, with a fix-it for timestamps",
          "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"a\": {\"format\": \"date-time\", \"x-dorm-default-sql\": \"CURRENT_TIMESTAMP\"},\n"
                      "\"b\": {\"format\": \"date-time\", \"x-dorm-default-sql\": \"datetime('now')\"},\n"
                      "\"c\": {\"format\": \"date-time\", \"x-dorm-default-sql\": \"strftime('%Y-%m-%dT%H:%M:%fZ', "
                      "'now')\"},\n"
                      "\"d\": {\"format\": \"date\", \"x-dorm-default-sql\": \"CURRENT_DATE\"},\n"
                      "\"e\": {\"format\": \"date\", \"x-dorm-default-sql\": \"CURRENT_TIMESTAMP\"},\n"
                      "\"f\": {\"x-dorm-default-sql\": \"CURRENT_TIMESTAMP\"},\n"
                      "\"g\": {\"format\": \"date-time\", \"x-dorm-default-sql\": \"NULL\"}}}") ==
        "t.json:2:52: error: 'x-dorm-default-sql' of 'a' (CURRENT_TIMESTAMP) computes values that are not a "
        "date-time (RFC 3339 needs a 'T' and a UTC offset such as 'Z') [dorm-default-format]\n"
        "t.json:2:52: note: write \"x-dorm-default-sql\": \"strftime('%Y-%m-%dT%H:%M:%fZ', 'now')\", or let the "
        "table keyword \"x-dorm-timestamps\": true keep created_at and updated_at\n"
        "t.json:3:52: error: 'x-dorm-default-sql' of 'b' (datetime('now')) computes values that are not a date-time "
        "(RFC 3339 needs a 'T' and a UTC offset such as 'Z') [dorm-default-format]\n"
        "t.json:3:52: note: write \"x-dorm-default-sql\": \"strftime('%Y-%m-%dT%H:%M:%fZ', 'now')\", or let the "
        "table keyword \"x-dorm-timestamps\": true keep created_at and updated_at\n"
        "t.json:6:47: error: 'x-dorm-default-sql' of 'e' (CURRENT_TIMESTAMP) computes values that are not a date "
        "[dorm-default-format]\n"
        "t.json:6:47: note: write \"x-dorm-default-sql\": \"date('now')\"\n");
}

TEST_CASE("x-dorm-enum-class needs a string enum with distinct enumerators", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"accounts\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"role\": {\"enum\": [\"admin\", \"read-only\"], \"x-dorm-enum-class\": true},\n"
                      "\"mood\": {\"type\": [\"string\", \"null\"], \"enum\": [\"ok\", null], \"x-dorm-enum-class\": "
                      "true},\n"
                      "\"n\": {\"type\": \"integer\", \"enum\": [1], \"x-dorm-enum-class\": true},\n"
                      "\"s\": {\"x-dorm-enum-class\": true},\n"
                      "\"m\": {\"enum\": [\"a\", 2], \"x-dorm-enum-class\": true},\n"
                      "\"c\": {\"enum\": [\"a-b\", \"a_b\"], \"x-dorm-enum-class\": true}}}") ==
        "t.json:4:39: error: 'x-dorm-enum-class' on 'n' needs a string column with an \"enum\", but it is not a "
        "string [dorm-enum-class-type]\n"
        "t.json:5:7: error: 'x-dorm-enum-class' on 's' needs an \"enum\" listing the values [dorm-enum-class-type]\n"
        "t.json:6:7: error: enum value 2 does not fit column 'm' [dorm-enum-type]\n"
        "t.json:6:25: error: 'x-dorm-enum-class' on 'm' needs an \"enum\" of strings, not 2 [dorm-enum-class-type]\n"
        "t.json:7:7: error: enum values \"a-b\" and \"a_b\" of 'c' both become C++ enumerator 'a_b' of 'AccountC' "
        "[dorm-enumerator-clash]\n");
}

TEST_CASE("an enum class name must be an identifier that no struct, table object or other enum has",
          "[generator][validate]") {
  // A name the schema sets wins: the struct of `accounts` becomes Account2, the object of `posts`
  // posts_2 (tests/generator/test_names.cpp). Two names the schema sets can still clash.
  CHECK(validate_texts({{"a.json", "{\"$id\": \"accounts\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                                   "\"a\": {\"enum\": [\"x\"], \"x-dorm-enum-class\": \"My Enum\"},\n"
                                   "\"b\": {\"enum\": [\"x\"], \"x-dorm-enum-class\": \"Account\"},\n"
                                   "\"c\": {\"enum\": [\"x\"], \"x-dorm-enum-class\": \"posts\"},\n"
                                   "\"status\": {\"enum\": [\"x\"], \"x-dorm-enum-class\": \"Status\"}}}"},
                        {"b.json", "{\"$id\": \"posts\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                                   "\"status\": {\"enum\": [\"y\"], \"x-dorm-enum-class\": \"Status\"}}}"},
                        {"c.json", "{\"$id\": \"tags\", \"x-dorm-struct\": \"Label\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                                   "\"kind\": {\"enum\": [\"z\"], \"x-dorm-enum-class\": \"Label\"}}}"}}) ==
        "b.json:2:27: error: enum class 'Status' of column 'posts.status' is declared twice; give one another name "
        "[dorm-name-clash]\n"
        "a.json:5:27: note: the other 'Status' is here\n"
        "c.json:2:25: error: enum class 'Label' of column 'tags.kind' has the C++ name of the struct of table "
        "'tags'; name the enum with \"x-dorm-enum-class\": \"<Name>\" [dorm-name-clash]\n"
        "a.json:2:22: error: enum class name 'My Enum' of column 'a' is not a C++ identifier (letters, digits and "
        "'_', not a keyword or reserved) [dorm-bad-identifier]\n");
}

TEST_CASE("examples that break the column's rules are warnings at the example", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"code\": {\"pattern\": \"^[A-Z]{3}$\", \"examples\": [\"ABC\", \"abc\", 3]},\n"
                      "\"name\": {\"maxLength\": 2, \"examples\": [\"日本\", \"日本語\"]},\n"
                      "\"when\": {\"format\": \"date-time\", \"examples\": [\"2024-01-01T00:00:00Z\", \"2024-01-01 "
                      "00:00:00\"]},\n"
                      "\"age\": {\"type\": \"integer\", \"minimum\": 0, \"examples\": [0, -1, null]}},\n"
                      "\"required\": [\"age\"]}") ==
        "t.json:2:55: warning: example \"abc\" of 'code' breaks pattern: it does not match \"^[A-Z]{3}$\" "
        "[dorm-example-breaks-rule]\n"
        "t.json:2:62: warning: example 3 of 'code' does not fit its TEXT type [dorm-example-breaks-rule]\n"
        "t.json:3:45: warning: example \"日本語\" of 'name' breaks maxLength: it is longer than 2 characters (3) "
        "[dorm-example-breaks-rule]\n"
        "t.json:4:70: warning: example \"2024-01-01 00:00:00\" of 'when' breaks format: it is not a valid date-time "
        "[dorm-example-breaks-rule]\n"
        "t.json:5:58: warning: example -1 of 'age' breaks minimum: it is less than 0 [dorm-example-breaks-rule]\n"
        "t.json:5:62: warning: example null of 'age' does not fit its INTEGER NOT NULL type "
        "[dorm-example-breaks-rule]\n");
}

TEST_CASE("a property named like a trait column must be what the trait would add", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"notes\", \"x-dorm-timestamps\": true, \"x-dorm-soft-delete\": true,\n"
                      "\"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "  \"created_at\": {\"type\": \"string\", \"x-dorm-default-sql\": \"strftime('%Y-%m-%dT%H:%M:%fZ', 'now')\"},\n"
                      "  \"updated_at\": {\"type\": \"string\"},\n"
                      "  \"deleted_at\": {\"type\": \"integer\"}},\n"
                      "\"required\": [\"created_at\", \"updated_at\"]}") ==
        "t.json:3:3: error: x-dorm-timestamps of table 'notes' writes timestamps into 'created_at', which must then "
        "be a required string without an SQL default; remove the property and let the trait add it "
        "[dorm-trait-column]\n"
        "t.json:5:3: error: x-dorm-soft-delete of table 'notes' writes timestamps into 'deleted_at', which must then "
        "be a nullable string without an SQL default; remove the property and let the trait add it "
        "[dorm-trait-column]\n");
}

TEST_CASE("an enum value that breaks another rule of its column is a warning at the enum", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"role\": {\"enum\": [\"admin\", \"read-only\"], \"maxLength\": 5},\n"
                      "\"level\": {\"type\": \"integer\", \"enum\": [0, 1, 2], \"exclusiveMinimum\": 0}}}") ==
        "t.json:2:10: warning: enum value \"read-only\" of 'role' breaks maxLength: it is longer than 5 characters (9) "
        "[dorm-enum-breaks-rule]\n"
        "t.json:3:30: warning: enum value 0 of 'level' breaks exclusiveMinimum: it is not greater than 0 "
        "[dorm-enum-breaks-rule]\n");
}

TEST_CASE("a tenant column must exist and be a required integer or string without a default", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"projects\", \"x-dorm-tenant-column\": \"org\",\n"
                      "\"properties\": {\"id\": {\"x-dorm-primary-key\": true}}}") ==
        "t.json:1:45: error: x-dorm-tenant-column of table 'projects' names 'org', which is not a column of the "
        "table; declare it as a required integer or string property [dorm-tenant-column]\n");
  CHECK(validate_text("{\"$id\": \"projects\", \"x-dorm-tenant-column\": \"org_id\",\n"
                      "\"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"org_id\": {\"type\": \"string\"}}}") ==
        "t.json:3:1: error: tenant column 'org_id' of table 'projects' must be required (NOT NULL): a row without a "
        "tenant would belong to no scope [dorm-tenant-column]\n"
        "t.json:1:45: note: x-dorm-tenant-column names it here\n");
  CHECK(validate_text("{\"$id\": \"projects\", \"x-dorm-tenant-column\": \"org_id\",\n"
                      "\"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"org_id\": {\"type\": \"number\"}}, \"required\": [\"org_id\"]}") ==
        "t.json:3:1: error: tenant column 'org_id' of table 'projects' must be an integer or string column "
        "[dorm-tenant-column]\n"
        "t.json:1:45: note: x-dorm-tenant-column names it here\n");
  CHECK(validate_text("{\"$id\": \"projects\", \"x-dorm-tenant-column\": \"org_id\",\n"
                      "\"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"org_id\": {\"type\": \"string\", \"default\": \"acme\"}}, \"required\": [\"org_id\"]}") ==
        "t.json:3:1: error: tenant column 'org_id' of table 'projects' must be without a default: the tenant scope "
        "sets it on insert [dorm-tenant-column]\n"
        "t.json:1:45: note: x-dorm-tenant-column names it here\n");
  CHECK(validate_text("{\"$id\": \"projects\", \"x-dorm-tenant-column\": \"created_at\", \"x-dorm-timestamps\": true,\n"
                      "\"properties\": {\"id\": {\"x-dorm-primary-key\": true}}}") ==
        "t.json:1:59: error: tenant column 'created_at' of table 'projects' must be a declared column, not one a "
        "timestamp or soft-delete trait adds [dorm-tenant-column]\n"
        "t.json:1:45: note: x-dorm-tenant-column names it here\n");
}

TEST_CASE("a unique constraint of a tenant table without the tenant column is a warning", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"projects\", \"x-dorm-tenant-column\": \"org_id\",\n"
                      "\"x-dorm-unique\": [[\"org_id\", \"slug\"]],\n"
                      "\"x-dorm-indexes\": [{\"name\": \"idx_projects_ref\", \"columns\": [\"ref\"], \"unique\": true}],\n"
                      "\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                      "\"org_id\": {\"type\": \"string\"}, \"slug\": {\"type\": \"string\"},\n"
                      "\"code\": {\"type\": \"string\", \"x-dorm-unique\": true}, \"ref\": {\"type\": \"string\"}},\n"
                      "\"required\": [\"org_id\", \"slug\"]}") ==
        "t.json:6:28: warning: unique constraint (code) of tenant table 'projects' does not include the tenant "
        "column 'org_id': a value one tenant holds is refused to every other, which tells them it is taken; add "
        "'org_id' to make it unique per tenant [dorm-tenant-unique]\n"
        "t.json:3:20: warning: unique index 'idx_projects_ref' (ref) of tenant table 'projects' does not include "
        "the tenant column 'org_id': a value one tenant holds is refused to every other, which tells them it is "
        "taken; add 'org_id' to make it unique per tenant [dorm-tenant-unique]\n");
}

TEST_CASE("a pattern factories cannot make values for is a warning at the pattern keyword", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"twice\": {\"pattern\": \"^(a)\\\\1$\"},\n"
                      "\"short\": {\"pattern\": \"^[a-z]{3}$\", \"minLength\": 5},\n"
                      "\"long\": {\"maxLength\": 2, \"pattern\": \"^[a-z]{3,}$\"},\n"
                      "\"mail\": {\"format\": \"email\", \"pattern\": \"^[a-z]+$\"}},\n"
                      "\"required\": [\"twice\", \"short\", \"long\", \"mail\"]}") ==
        "t.json:2:11: warning: factories cannot make a valid value for column 'twice' of table 't': its pattern, at "
        "character 5: a back-reference (\\1) is not supported by factories; add valid \"examples\" or set it in a "
        "factory state() [dorm-factory-no-value]\n"
        "t.json:3:11: warning: factories cannot make a valid value for column 'short' of table 't': no value of at "
        "least 5 characters matches its pattern; add valid \"examples\" or set it in a factory state() "
        "[dorm-factory-no-value]\n"
        "t.json:4:26: warning: factories cannot make a valid value for column 'long' of table 't': no value of 0 to 2 "
        "characters matches its pattern (its shortest match has 3); add valid \"examples\" or set it in a factory "
        "state() [dorm-factory-no-value]\n"
        "t.json:5:29: warning: factories cannot make a valid value for column 'mail' of table 't': the pattern's "
        "values break format: \"a\" is not a valid email; add valid \"examples\" or set it in a factory state() "
        "[dorm-factory-no-value]\n");
}

TEST_CASE("a unique pattern column with fewer than 1000 factory values is a warning at the pattern", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"pair\": {\"pattern\": \"^[ab]{2}$\", \"x-dorm-unique\": true},\n"
                      "\"twice\": {\"pattern\": \"^(a)\\\\1$\", \"examples\": [\"aa\"], \"x-dorm-unique\": true}},\n"
                      "\"required\": [\"pair\", \"twice\"]}") ==
        "t.json:2:10: warning: unique column 'pair' of table 't' gets only 4 distinct factory values, so a factory's "
        "row 5 repeats one and breaks UNIQUE [dorm-factory-few-values]\n"
        "t.json:3:11: warning: unique column 'twice' of table 't' gets only 1 distinct factory values (its examples: "
        "its pattern, at character 5: a back-reference (\\1) is not supported by factories), so a factory's row 2 "
        "repeats one and breaks UNIQUE [dorm-factory-few-values]\n");
}

TEST_CASE("pattern columns factories can fill, or never fill, give no factory warning", "[generator][validate]") {
  // A text key sampled from its pattern; a column with examples the pattern cannot give; a
  // nullable column (factories leave it NULL); a literal default every row may share.
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"isbn\": {\"x-dorm-primary-key\": true, \"pattern\": "
                      "\"^[0-9X-]{10,17}$\"},\n"
                      "\"twice\": {\"pattern\": \"^(a)\\\\1$\", \"examples\": [\"aa\"]},\n"
                      "\"maybe\": {\"type\": [\"string\", \"null\"], \"pattern\": \"^(a)\\\\1$\"},\n"
                      "\"kept\": {\"pattern\": \"^(a)\\\\1$\", \"default\": \"aa\"}},\n"
                      "\"required\": [\"isbn\", \"twice\", \"kept\"]}") == "");
}

TEST_CASE("a unique string enum column with fewer than 1000 valid values is a warning at the enum", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"properties\": {\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"size\": {\"maxLength\": 2, \"enum\": [\"s\", \"toolong\", \"m\"], \"x-dorm-unique\": true}},\n"
                      "\"required\": [\"size\"]}") ==
        "t.json:2:26: warning: enum value \"toolong\" of 'size' breaks maxLength: it is longer than 2 characters (7) "
        "[dorm-enum-breaks-rule]\n"
        "t.json:2:26: warning: unique column 'size' of table 't' gets only 2 distinct factory values (its enum), so a "
        "factory's row 3 repeats one and breaks UNIQUE [dorm-factory-few-values]\n");
}

TEST_CASE("an x-dorm-struct or x-dorm-cpp-name that is not a C++ identifier is an error at the keyword",
          "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"x-dorm-struct\": \"S {}; int injected; struct T\", \"properties\": {\n"
                      "\"id\": {\"x-dorm-primary-key\": true, \"x-dorm-cpp-name\": \"class\"},\n"
                      "\"a\": {\"x-dorm-cpp-name\": \"My Row\"},\n"
                      "\"b\": {\"x-dorm-cpp-name\": \"_Row\"},\n"
                      "\"c\": {\"x-dorm-cpp-name\": \"a__b\"},\n"
                      "\"d\": {\"x-dorm-cpp-name\": \"caf\xc3\xa9\"}}}") ==
        "t.json:1:14: error: x-dorm-struct 'S {}; int injected; struct T' of table 't' is not a C++ identifier "
        "(ASCII letters, digits and '_', not a keyword or reserved) [dorm-bad-identifier]\n"
        "t.json:1:14: note: set \"x-dorm-struct\" to a name such as 'SIntInjectedStructT'\n"
        "t.json:2:36: error: x-dorm-cpp-name 'class' of column 't.id' is not a C++ identifier (ASCII letters, "
        "digits and '_', not a keyword or reserved) [dorm-bad-identifier]\n"
        "t.json:2:36: note: set \"x-dorm-cpp-name\" to a name such as 'class_'\n"
        "t.json:3:7: error: x-dorm-cpp-name 'My Row' of column 't.a' is not a C++ identifier (ASCII letters, "
        "digits and '_', not a keyword or reserved) [dorm-bad-identifier]\n"
        "t.json:3:7: note: set \"x-dorm-cpp-name\" to a name such as 'My_Row'\n"
        "t.json:4:7: error: x-dorm-cpp-name '_Row' of column 't.b' is not a C++ identifier (ASCII letters, "
        "digits and '_', not a keyword or reserved) [dorm-bad-identifier]\n"
        "t.json:4:7: note: set \"x-dorm-cpp-name\" to a name such as 'Row'\n"
        "t.json:5:7: error: x-dorm-cpp-name 'a__b' of column 't.c' is not a C++ identifier (ASCII letters, "
        "digits and '_', not a keyword or reserved) [dorm-bad-identifier]\n"
        "t.json:5:7: note: set \"x-dorm-cpp-name\" to a name such as 'a_b'\n"
        "t.json:6:7: error: x-dorm-cpp-name 'caf\xc3\xa9' of column 't.d' is not a C++ identifier (ASCII letters, "
        "digits and '_', not a keyword or reserved) [dorm-bad-identifier]\n"
        "t.json:6:7: note: set \"x-dorm-cpp-name\" to a name such as 'caf_'\n");
}

TEST_CASE("a struct or enum class named std or dorm is an error, as it would hide the namespace the header uses",
          "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"x-dorm-struct\": \"dorm\", \"properties\": {\n"
                      "\"id\": {\"x-dorm-primary-key\": true},\n"
                      "\"k\": {\"enum\": [\"a\"], \"x-dorm-enum-class\": \"std\"}}}") ==
        "t.json:1:14: error: x-dorm-struct 'dorm' of table 't' would hide namespace 'dorm', which the generated "
        "header uses; choose another name [dorm-bad-identifier]\n"
        "t.json:3:22: error: x-dorm-enum-class 'std' of column 't.k' would hide namespace 'std', which the generated "
        "header uses; choose another name [dorm-bad-identifier]\n");
}

TEST_CASE("valid names a schema sets pass the C++ name check", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"t\", \"x-dorm-struct\": \"Row2\", \"properties\": {\n"
                      "\"id\": {\"x-dorm-primary-key\": true, \"x-dorm-cpp-name\": \"_2fa\"},\n"
                      "\"k\": {\"enum\": [\"a\"], \"x-dorm-enum-class\": \"Kind\", \"x-dorm-cpp-name\": \"std\"}}}") ==
        "");
}

TEST_CASE("a version column must be one NOT NULL integer column per table and not its key", "[generator][validate]") {
  CHECK(validate_text("{\"$id\": \"docs\", \"required\": [\"id\", \"v\", \"w\"], \"properties\": {\n"
                      "\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                      "\"v\": {\"type\": \"integer\", \"x-dorm-version\": true},\n"
                      "\"w\": {\"type\": \"integer\", \"x-dorm-version\": true}}}") ==
        "t.json:4:26: error: table 'docs' has a second version column, 'w'; an optimistic lock needs one "
        "[dorm-bad-version-column]\n"
        "t.json:3:26: note: the first version column, 'v', is declared here\n");
  CHECK(validate_text("{\"$id\": \"docs\", \"required\": [\"id\"], \"properties\": {\n"
                      "\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                      "\"v\": {\"type\": \"integer\", \"x-dorm-version\": true}}}") ==
        "t.json:3:26: error: version column 'v' of table 'docs' must be NOT NULL (required) and without an SQL "
        "default: update(row) compares it with the row's value [dorm-bad-version-column]\n");
  CHECK(validate_text("{\"$id\": \"docs\", \"required\": [\"id\", \"v\"], \"properties\": {\n"
                      "\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                      "\"v\": {\"type\": \"string\", \"x-dorm-version\": true}}}") ==
        "t.json:3:25: error: version column 'v' of table 'docs' must be an integer column [dorm-bad-version-column]\n");
  CHECK(validate_text("{\"$id\": \"docs\", \"required\": [\"id\"], \"properties\": {\n"
                      "\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true, \"x-dorm-version\": true}}}") ==
        "t.json:2:55: error: version column 'id' of table 'docs' must be a column other than the primary key: the "
        "key finds the row whose version is checked [dorm-bad-version-column]\n");
  CHECK(validate_text("{\"$id\": \"docs\", \"required\": [\"id\", \"v\"], \"properties\": {\n"
                      "\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                      "\"v\": {\"type\": \"integer\", \"default\": 1, \"x-dorm-version\": true}}}") == "");
}

TEST_CASE("cascade values are persist or remove, remove and orphan removal only on has_one and has_many", "[generator][validate]") {
  const char* comments = R"({"$id": "comments", "required": ["id", "post_id"], "properties": {
"id": {"type": "integer", "x-dorm-primary-key": true},
"post_id": {"type": "integer", "x-dorm-references": {"table": "posts", "column": "id"}}},
"x-dorm-relations": {"parent": {"kind": "belongs_to", "target": "posts", "foreignKey": "post_id", "localKey": "id", "cascade": ["persist", "remove"], "orphanRemoval": true}}})";
  const char* posts = R"({"$id": "posts", "required": ["id"], "properties": {"id": {"type": "integer", "x-dorm-primary-key": true}},
"x-dorm-relations": {
"replies": {"kind": "has_many", "target": "comments", "foreignKey": "post_id", "localKey": "id", "cascade": ["persits", "remove"], "orphanRemoval": true}}})";
  CHECK(validate_texts({{"comments.json", comments}, {"posts.json", posts}}) ==
        "comments.json:4:140: error: cascade 'remove' on belongs_to relation 'parent' of table 'comments' would remove "
        "its parent row, which other rows may reference; cascade remove is for has_one and has_many [dorm-bad-cascade]\n"
        "comments.json:4:151: error: orphan removal on belongs_to relation 'parent' of table 'comments' means nothing: "
        "only a has_one or has_many row can leave its parent's collection [dorm-bad-cascade]\n"
        "posts.json:3:110: error: 'persits' is not a cascade of relation 'replies' of table 'posts'; use persist or "
        "remove [dorm-bad-cascade]\n"
        "posts.json:3:110: note: did you mean 'persist'?\n");
}
