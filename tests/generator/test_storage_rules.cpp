// ir/storage_rules (part of ir::validate): which affinities a column's type can be declared
// with, JSON defaults, and the affinity rule for enum values and defaults of string columns
// whose affinity turns number-like text into numbers (ir/value_rules).
#include <catch2/catch.hpp>

#include "frontend/json/json_schema_reader.hpp"
#include "ir/names.hpp"
#include "ir/validate.hpp"

using namespace dorm::ir;

namespace {

/// validate()'s diagnostics for one schema text read as t.json (the reader must accept it).
std::string validate_text(std::string_view text) {
  Schema schema;
  Diagnostics diags;
  dorm::frontend::json::read_schema_text(text, "t.json", schema, diags);
  REQUIRE(diags.str() == "");
  assign_names(schema);
  validate(schema, diags);
  return diags.str();
}

}  // namespace

TEST_CASE("each JSON type accepts the affinities its values read back from", "[generator][storage_rules]") {
  CHECK(validate_text(R"({"$id": "t", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true, "x-dorm-affinity": "integer"},
    "s1": {"type": "string", "x-dorm-affinity": "text"},
    "s2": {"type": "string", "x-dorm-affinity": "numeric"},
    "s3": {"type": "string", "x-dorm-affinity": "integer"},
    "s4": {"type": "string", "x-dorm-affinity": "real"},
    "s5": {"type": "string", "x-dorm-affinity": "blob"},
    "i": {"type": "integer", "x-dorm-affinity": "numeric"},
    "b": {"type": "boolean", "x-dorm-affinity": "numeric"},
    "n": {"type": "number", "x-dorm-affinity": "numeric"},
    "o": {"type": "object", "x-dorm-affinity": "text"},
    "bin": {"type": "string", "contentEncoding": "base64", "x-dorm-affinity": "blob"}
  }})") == "");
}

TEST_CASE("an affinity the column's type cannot read back from is an error at x-dorm-affinity", "[generator][storage_rules]") {
  CHECK(validate_text(R"({"$id": "t", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "count": {"type": "integer", "x-dorm-affinity": "text"},
    "ratio": {"type": "number", "x-dorm-affinity": "integer"},
    "prefs": {"type": "object", "x-dorm-affinity": "numeric"},
    "name": {"type": "boolean", "x-dorm-affinity": "blob"}
  }})") ==
        "t.json:3:34: error: affinity \"text\" does not fit 'count', which holds an integer; use \"integer\" or "
        "\"numeric\" [dorm-affinity]\n"
        "t.json:4:33: error: affinity \"integer\" does not fit 'ratio', which holds a number; use \"real\" or "
        "\"numeric\" [dorm-affinity]\n"
        "t.json:5:33: error: affinity \"numeric\" does not fit 'prefs', which holds an object; use \"text\" "
        "[dorm-affinity]\n"
        "t.json:6:33: error: affinity \"blob\" does not fit 'name', which holds a boolean; use \"integer\" or "
        "\"numeric\" [dorm-affinity]\n");
}

TEST_CASE("a default or enum value SQLite would store as another number is refused at generation time",
          "[generator][storage_rules]") {
  CHECK(validate_text(R"({"$id": "t", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "taken_at": {"type": "string", "x-dorm-affinity": "numeric", "default": "007"},
    "year": {"type": "string", "x-dorm-affinity": "numeric", "default": "2024"},
    "grade": {"type": ["string", "null"], "x-dorm-affinity": "real", "enum": ["1.5", "2"]},
    "label": {"type": "string", "x-dorm-affinity": "integer", "examples": ["1.0"]}
  }})") ==
        "t.json:3:77: error: default \"007\" of 'taken_at' breaks x-dorm-affinity: it would be stored as a number "
        "and read back as \"7\" [dorm-default-breaks-rule]\n"
        "t.json:5:70: warning: enum value \"2\" of 'grade' breaks x-dorm-affinity: it would be stored as a number "
        "and read back as \"2.0\" [dorm-enum-breaks-rule]\n"
        "t.json:6:76: warning: example \"1.0\" of 'label' breaks x-dorm-affinity: it would be stored as a "
        "number and read back as \"1\" [dorm-example-breaks-rule]\n");
}

TEST_CASE("an object or array default must be JSON of the column's type", "[generator][storage_rules]") {
  CHECK(validate_text(R"({"$id": "t", "properties": {
    "id": {"type": "integer", "x-dorm-primary-key": true},
    "prefs": {"type": "object", "default": {}},
    "tags": {"type": "array", "default": {"a": 1}},
    "more": {"type": "array", "default": "not json"}
  }})") ==
        "t.json:4:42: error: default {\"a\":1} of 'tags' breaks type: it is an object, not an array "
        "[dorm-default-breaks-rule]\n"
        "t.json:5:42: error: default \"not json\" of 'more' breaks type: it is not JSON (expected a JSON value) "
        "[dorm-default-breaks-rule]\n");
}
