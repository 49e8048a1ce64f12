// dorm-gen judges a `pattern` with the runtime's own parser and matcher (dorm::Pattern), so a
// pattern it accepts compiles at run time, and checking a default against a pattern ends in a
// diagnostic, never a crash, whatever the default's length.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "frontend/json/json_schema_reader.hpp"
#include "ir/names.hpp"
#include "ir/validate.hpp"

using namespace dorm::ir;
using Catch::Matchers::Contains;

namespace {

/// validate()'s diagnostics for one schema file "t.json" (the reader must accept it).
std::string validate_text(std::string_view text) {
  Schema schema;
  Diagnostics read_diags;
  dorm::frontend::json::read_schema_text(text, "t.json", schema, read_diags);
  REQUIRE(read_diags.str() == "");
  assign_names(schema);
  Diagnostics diags;
  validate(schema, diags);
  return diags.str();
}

/// A table whose column "s" has `pattern` and, when given, a `default`.
std::string schema_with(std::string_view pattern, const std::string& default_value = "") {
  std::string text = R"({"$id": "t", "properties": {"id": {"x-dorm-primary-key": true}, "s": {"type": "string", "pattern": )";
  text += '"';
  for (char c : pattern) text += c == '\\' ? std::string("\\\\") : std::string(1, c);
  text += '"';
  if (!default_value.empty()) text += R"(, "default": ")" + default_value + '"';
  text += R"(}}, "required": ["id", "s"]})";
  return text;
}

}  // namespace

TEST_CASE("a pattern the runtime refuses is dorm-bad-pattern with the runtime's reason", "[generator][pattern]") {
  CHECK(validate_text(schema_with("[[:alpha:]]")) ==
        "t.json:1:89: error: pattern of 's' is not a valid regular expression: '[:' in a character class is POSIX "
        "syntax, not ECMA-262 (write \\[ for a literal '[') at character 2 [dorm-bad-pattern]\n");
  CHECK_THAT(validate_text(schema_with("(?:a{1000}){1000}")),
             Contains("pattern of 's' is not a valid regular expression: it is too large: it compiles to more than "
                      "20000 instructions"));
  CHECK_THAT(validate_text(schema_with("(a)\\2")), Contains("the back-reference \\2 has no group 2 before it"));
}

TEST_CASE("a back-reference pattern and a 30,000-character default that matches it pass", "[generator][pattern]") {
  CHECK(validate_text(schema_with("^(a)\\1*$", std::string(30'000, 'a'))) == "");
}

TEST_CASE("a default too long for the back-reference step budget is a diagnostic, not a crash", "[generator][pattern]") {
  const std::string diagnostics = validate_text(schema_with("^(a)\\1*$", std::string(300'000, 'a')));
  CHECK_THAT(diagnostics, Contains("breaks pattern: it cannot be matched against \"^(a)\\\\1*$\" (every insert of it "
                                   "would fail): [dorm.validation.pattern_budget] pattern '^(a)\\1*$' needs more "
                                   "than 1000000 steps on a value of 300000 characters"));
  CHECK_THAT(diagnostics, Contains("[dorm-default-breaks-rule]"));
}
