// ir/sql_name_rules (part of ir::validate): SQL names are one line of printable text, because
// migration files are read line by line.
#include <catch2/catch.hpp>

#include "frontend/json/json_schema_reader.hpp"
#include "ir/names.hpp"
#include "ir/relations.hpp"
#include "ir/validate.hpp"
#include "migrate/migrations_dir.hpp"
#include "migrate/plan.hpp"

using namespace dorm::ir;

namespace {

/// validate()'s diagnostics for one schema text read as t.json (the reader must accept it).
std::string validate_text(std::string_view text) {
  Schema schema;
  Diagnostics diags;
  dorm::frontend::json::read_schema_text(text, "t.json", schema, diags);
  REQUIRE(diags.str() == "");
  resolve_relations(schema);
  assign_names(schema);
  validate(schema, diags);
  return diags.str();
}

}  // namespace

TEST_CASE("a line break in a column name is an error at the column", "[generator][sql_name_rules]") {
  // Migration files are read line by line: a name's line "-- up" or "-- down" was taken for a
  // section marker (a table's in the header's list of changes, a column's inside CREATE TABLE),
  // so the up SQL lost or gained lines. fuzz/fuzz_schema_header's migration round trip fails on
  // such a name without this rule.
  CHECK(validate_text(R"({"$id": "t", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "x\n-- up\nDROP TABLE users": {"type": "string"}
  }})") == "t.json:3:5: error: column name 'x<U+000A>-- up<U+000A>DROP TABLE users' holds a control character (a line "
           "break, tab or NUL); migration files are read line by line, so SQL names must be one line of printable "
           "text [dorm-bad-sql-name]\n");
}

TEST_CASE("control characters in table, index and renamed-from names are errors", "[generator][sql_name_rules]") {
  const std::string diags = validate_text(R"({"$id": "t\tab", "x-dorm-renamed-from": "old\r",
    "properties": {
      "id": {"type": "integer", "x-dorm-primary-key": true},
      "a": {"type": "string", "x-dorm-renamed-from": "b\u0000"}
    },
    "x-dorm-indexes": [{"name": "by\u007fa", "columns": ["a"]}]})");
  CHECK_THAT(diags, Catch::Contains("table name 't<U+0009>ab' holds a control character"));
  CHECK_THAT(diags, Catch::Contains("x-dorm-renamed-from of table 't<U+0009>ab' 'old<U+000D>' holds"));
  CHECK_THAT(diags, Catch::Contains("x-dorm-renamed-from of column 'a' 'b<U+0000>' holds"));
  CHECK_THAT(diags, Catch::Contains("index name 'by<U+007F>a' holds"));
}

TEST_CASE("printable names that look like migration markers pass and round-trip through a migration file",
          "[generator][sql_name_rules]") {
  const std::string text = R"({"$id": "-- up", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "-- down": {"type": "string"}
  }})";
  REQUIRE(validate_text(text) == "");
  Schema schema;
  Diagnostics diags;
  dorm::frontend::json::read_schema_text(text, "t.json", schema, diags);
  resolve_relations(schema);
  assign_names(schema);
  const auto plan = dorm::migrate::plan_migration({}, schema);
  const auto parsed = dorm::migrate::parse_migration(dorm::migrate::render_migration("0001_a", "", plan), "0001_a");
  std::string up;
  for (const auto& s : plan.up) up += s + ";\n";
  up.pop_back();
  CHECK(parsed.up_sql == up);
}
