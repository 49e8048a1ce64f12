// x-dorm-cpp-type / x-dorm-cpp-include (ir/custom_type_rules): read from JSON Schema, emitted as
// the member's type and an include, and the declarations ir::validate rejects, with the
// keyword's file:line:col.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "emit/header_emitter.hpp"
#include "frontend/json/json_schema_reader.hpp"
#include "ir/names.hpp"
#include "ir/validate.hpp"

using namespace dorm::ir;
using dorm::frontend::json::read_schema_text;

namespace {

Schema read(std::string_view text) {
  Schema schema;
  Diagnostics read_diags;
  read_schema_text(text, "t.json", schema, read_diags);
  REQUIRE(read_diags.str() == "");
  assign_names(schema);
  return schema;
}

std::string validate_text(std::string_view text) {
  const Schema schema = read(text);
  Diagnostics diags;
  validate(schema, diags);
  return diags.str();
}

/// A table `prices` with an integer key and the property `amount` written as `amount`.
std::string prices_with(std::string_view amount) {
  return "{\"$id\": \"prices\", \"properties\": {\n"
         "  \"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
         "  \"amount\": " + std::string(amount) + "\n}}";
}

}  // namespace

TEST_CASE("x-dorm-cpp-type and x-dorm-cpp-include are read into the column", "[generator][custom_type]") {
  const Schema schema = read(prices_with(
      R"({"type": "integer", "x-dorm-cpp-type": "acme::Money", "x-dorm-cpp-include": "acme/money.hpp"})"));
  const Column& amount = schema.tables[0].columns[1];
  CHECK(amount.cpp_custom_type == "acme::Money");
  CHECK(amount.cpp_include == "acme/money.hpp");
  CHECK(amount.storage == Storage::integer);
  CHECK(amount.cpp_custom_type_loc.line == 3);
}

TEST_CASE("a well-formed user type passes validation", "[generator][custom_type]") {
  CHECK(validate_text(prices_with(
            R"({"type": "integer", "x-dorm-cpp-type": "::acme::Money", "x-dorm-cpp-include": "acme/money.hpp"})")) ==
        "");
  CHECK(validate_text(prices_with(R"({"type": ["string", "null"], "x-dorm-cpp-type": "Uuid"})")) == "");
}

TEST_CASE("the generated header declares the member with the user type and includes its header",
          "[generator][custom_type]") {
  const Schema schema = read(prices_with(
      R"({"type": ["integer", "null"], "x-dorm-cpp-type": "acme::Money", "x-dorm-cpp-include": "acme/money.hpp"})"));
  dorm::emit::EmitOptions options;
  options.cpp_namespace = "shop";
  const std::string header = dorm::emit::emit_models_header(schema, options).content;
  CHECK(header.find("#include \"acme/money.hpp\"") != std::string::npos);
  CHECK(header.find("std::optional<acme::Money> amount") != std::string::npos);
}

TEST_CASE("x-dorm-cpp-type must be a C++ type name", "[generator][custom_type]") {
  CHECK(validate_text(prices_with(R"({"type": "integer", "x-dorm-cpp-type": "acme Money"})")) ==
        "t.json:3:33: error: x-dorm-cpp-type of column 'amount' is 'acme Money', not a C++ type name such as "
        "'acme::Money' (identifiers joined by '::') [dorm-bad-cpp-type]\n");
  CHECK(validate_text(prices_with(R"({"type": "integer", "x-dorm-cpp-type": "std::vector<int>"})")).find(
            "[dorm-bad-cpp-type]") != std::string::npos);
}

TEST_CASE("x-dorm-cpp-include needs a type and a bare path", "[generator][custom_type]") {
  CHECK(validate_text(prices_with(R"({"type": "integer", "x-dorm-cpp-include": "acme/money.hpp"})")) ==
        "t.json:3:33: error: column 'amount' has x-dorm-cpp-include but no x-dorm-cpp-type; the header is included "
        "for the column's C++ type [dorm-bad-cpp-include]\n");
  CHECK(validate_text(prices_with(
            R"({"type": "integer", "x-dorm-cpp-type": "Money", "x-dorm-cpp-include": "<money.hpp>"})")) ==
        "t.json:3:61: error: x-dorm-cpp-include of column 'amount' is '<money.hpp>'; write the header's path alone "
        "(\"acme/money.hpp\"), without quotes or angle brackets [dorm-bad-cpp-include]\n");
}

TEST_CASE("a user type cannot carry what dorm handles only for its own value types", "[generator][custom_type]") {
  CHECK(validate_text(prices_with(R"({"type": "integer", "minimum": 0, "x-dorm-cpp-type": "Money"})")) ==
        "t.json:3:47: error: column 'amount' holds the user type 'Money' (x-dorm-cpp-type) but is a column with "
        "value checks (minLength, maximum, enum, pattern, ...), which dorm handles only for its own value types "
        "[dorm-cpp-type-conflict]\n"
        "t.json:3:47: note: keep such rules in the C++ type itself (its constructor and dorm::type_mapping)\n");
  for (const char* amount :
       {R"({"type": "object", "x-dorm-cpp-type": "Money"})", R"({"type": "integer", "default": 0, "x-dorm-cpp-type": "Money"})",
        R"({"type": "string", "format": "uuid", "x-dorm-cpp-type": "Uuid"})",
        R"({"type": "string", "enum": ["a"], "x-dorm-enum-class": true, "x-dorm-cpp-type": "E"})"}) {
    INFO(amount);
    CHECK(validate_text(prices_with(amount)).find("[dorm-cpp-type-conflict]") != std::string::npos);
  }
  CHECK(validate_text(R"({"$id": "t", "properties": {"id": {"type": "integer", "x-dorm-primary-key": true,
        "x-dorm-cpp-type": "Id"}}})")
            .find("but is a primary key column") != std::string::npos);
}
