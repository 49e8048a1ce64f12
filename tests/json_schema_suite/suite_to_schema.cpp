// Turns the vendored JSON-Schema-Test-Suite files into what the suite test compiles: a JSON
// Schema file with one table per (group, column type) whose schema applies to one typed column,
// and a C++ source that builds a row from every test's data and asks dorm for its verdict
// (suite_support.hpp). Tests whose data cannot be a value of the column (an object, null, 1.5
// for an integer column) are listed as skipped with the reason, never dropped silently.
//
//   dorm_json_schema_suite_gen <out schema.json> <out cases.cpp> <suite root> <file>...
// Each <file> is relative to <suite root>/tests, e.g. draft7/minLength.json.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <dorm/lifecycle/validation.hpp>

#include "ir/names.hpp"

namespace {

using Json = nlohmann::ordered_json;

/// The keywords dorm validates (docs/json-schema.md "Validation keywords"), plus `type` when it
/// names the column's type, and annotations that change nothing.
const std::set<std::string> string_keywords = {"minLength", "maxLength", "pattern", "format"};
const std::set<std::string> number_keywords = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"};
const std::set<std::string> annotations = {"$schema", "description", "$comment", "title"};
const std::set<std::string> checked_formats = {"email", "uuid", "date", "date-time"};

/// The column types a test's data may have: the JSON Schema type names dorm maps to a column.
/// An object or array column holds JSON text, so every JSON value can be offered to it.
enum class Kind { string, number, integer, boolean, object, array };

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::string: return "string";
    case Kind::number: return "number";
    case Kind::integer: return "integer";
    case Kind::boolean: return "boolean";
    case Kind::object: return "object";
    case Kind::array: return "array";
  }
  return "string";
}

/// The kind of a data value, or "" with the reason it fits no column.
std::optional<Kind> kind_of(const Json& v) {
  if (v.is_string()) return Kind::string;
  if (v.is_boolean()) return Kind::boolean;
  if (v.is_number()) return Kind::number;
  return std::nullopt;
}

std::string json_type_name(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  return "a number";
}

/// A C++ double literal that reads back to exactly `d`.
std::string double_literal(double d) {
  if (std::isinf(d)) return d > 0 ? "std::numeric_limits<double>::infinity()" : "-std::numeric_limits<double>::infinity()";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", d);
  std::string s = buffer;
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

struct Output {
  Json defs = Json::object();
  std::ostringstream cases;
  int tables = 0;
};

void emit_skip(Output& out, const std::string& file, const std::string& group, const std::string& test,
               const std::string& reason) {
  out.cases << "  out.push_back(suite::skipped(" << dorm::ir::cpp_std_string_literal(file) << ", "
            << dorm::ir::cpp_std_string_literal(group) << ", " << dorm::ir::cpp_std_string_literal(test) << ", "
            << dorm::ir::cpp_std_string_literal(reason) << "));\n";
}

/// The value of `data` as a C++ expression for a member of `kind`, or nullopt with `why`.
std::optional<std::string> value_expression(const Json& data, Kind kind, std::string& why) {
  switch (kind) {
    case Kind::object:
    case Kind::array:
      return dorm::ir::cpp_std_string_literal(data.dump());
    case Kind::string:
      return dorm::ir::cpp_std_string_literal(data.get<std::string>());
    case Kind::boolean:
      return std::string(data.get<bool>() ? "true" : "false");
    case Kind::number: {
      const double d = data.get<double>();
      if (!std::isfinite(d)) {
        why = "the number does not fit a double";
        return std::nullopt;
      }
      return double_literal(d);
    }
    case Kind::integer: {
      if (data.is_number_unsigned() && data.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
        why = "the integer does not fit a 64-bit column";
        return std::nullopt;
      }
      if (data.is_number_integer()) return "std::int64_t{" + std::to_string(data.get<std::int64_t>()) + "}";
      const double d = data.get<double>();
      if (d != std::floor(d)) {
        why = "a fraction is not a value of an integer column";
        return std::nullopt;
      }
      if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
        why = "the integer does not fit a 64-bit column";
        return std::nullopt;
      }
      return "std::int64_t{" + std::to_string(static_cast<std::int64_t>(d)) + "}";
    }
  }
  return std::nullopt;
}

void convert_group(Output& out, const std::string& file, const Json& group) {
  const std::string description = group.value("description", "");
  const Json& schema = group.at("schema");
  const Json& tests = group.at("tests");
  auto skip_all = [&](const std::string& reason) {
    for (const Json& t : tests) emit_skip(out, file, description, t.value("description", ""), reason);
  };
  if (!schema.is_object()) return skip_all("a boolean schema constrains no column");
  bool strings = false;
  bool numbers = false;
  std::optional<Kind> declared;
  for (const auto& [key, value] : schema.items()) {
    if (annotations.count(key) != 0) continue;
    if (string_keywords.count(key) != 0) {
      if (key == "format" && checked_formats.count(value.get<std::string>()) == 0)
        return skip_all("format '" + value.get<std::string>() + "' is documentation in dorm");
      strings = true;
    } else if (number_keywords.count(key) != 0) {
      numbers = true;
    } else if (key == "type") {
      // ["string"] is "string"; a list of several types is no one column's type.
      const Json type = value.is_array() && value.size() == 1 ? value[0] : value;
      static const std::map<std::string, Kind> kinds{{"string", Kind::string},   {"number", Kind::number},
                                                     {"integer", Kind::integer}, {"boolean", Kind::boolean},
                                                     {"object", Kind::object},   {"array", Kind::array}};
      if (!type.is_string() || kinds.count(type.get<std::string>()) == 0)
        return skip_all("type " + value.dump() + " is not one column type");
      declared = kinds.at(type.get<std::string>());
    } else if (key != "enum") {
      return skip_all("'" + key + "' is not a keyword dorm validates");
    }
  }
  if (strings && numbers) return skip_all("keywords of two types do not fit one column");
  if (schema.contains("pattern") && schema["pattern"].is_string()) {
    // A pattern dorm refuses (with the reason dorm-gen gives) is a difference, not a skip: the
    // test lists each with why (test_json_schema_suite.cpp).
    try {
      dorm::Pattern compiled(schema["pattern"].get<std::string>());
    } catch (const std::exception& e) {
      for (const Json& t : tests)
        out.cases << "  out.push_back(suite::refused(" << dorm::ir::cpp_std_string_literal(file) << ", "
                  << dorm::ir::cpp_std_string_literal(description) << ", "
                  << dorm::ir::cpp_std_string_literal(t.value("description", "")) << ", "
                  << (t.at("valid").get<bool>() ? "true" : "false") << ", " << dorm::ir::cpp_std_string_literal(e.what())
                  << "));\n";
      return;
    }
  }
  // The columns to make: the declared type, else the keywords' type, else (enum alone) one per
  // type of the data, since an enum constrains every type.
  std::vector<Kind> kinds;
  if (declared) {
    kinds.push_back(*declared);
  } else if (strings) {
    kinds.push_back(Kind::string);
  } else if (numbers) {
    kinds.push_back(Kind::number);
  } else {
    std::set<int> seen;
    for (const Json& t : tests)
      if (const auto k = kind_of(t.at("data")); k && seen.insert(static_cast<int>(*k)).second) kinds.push_back(*k);
  }
  std::map<int, std::string> table_of_kind;
  for (Kind kind : kinds) {
    Json property = Json::object();
    property["type"] = kind_name(kind);
    for (const auto& [key, value] : schema.items()) {
      if (annotations.count(key) != 0 || key == "type") continue;
      if (key == "enum") {
        // Values of another type can never equal a value of this column: kept out, as dorm-gen
        // would leave them out of the CHECK and of validate() anyway.
        Json kept = Json::array();
        for (const Json& e : value) {
          const auto k = kind_of(e);
          if (k && (*k == kind || (*k == Kind::number && kind == Kind::integer))) kept.push_back(e);
        }
        if (kept.empty()) continue;  // nothing can match: handled per test below
        property["enum"] = kept;
      } else {
        property[key] = value;
      }
    }
    if (schema.contains("enum") && !property.contains("enum")) continue;
    if ((kind == Kind::object || kind == Kind::array) && property.size() != 1)
      return skip_all("an object or array column takes no keyword but its type here");
    char name[32];
    std::snprintf(name, sizeof name, "t%04d", ++out.tables);
    Json table = Json::object();
    table["description"] = file + ": " + description;
    table["properties"]["id"] = Json{{"type", "integer"}, {"x-dorm-primary-key", true}, {"x-dorm-auto-increment", true}};
    table["properties"]["v"] = property;
    table["required"] = Json::array({"v"});
    out.defs[name] = table;
    table_of_kind[static_cast<int>(kind)] = name;
  }
  for (const Json& t : tests) {
    const std::string test = t.value("description", "");
    const Json& data = t.at("data");
    auto k = kind_of(data);
    // A JSON column holds any JSON text: every test's data applies to it.
    if (declared == Kind::object || declared == Kind::array) k = declared;
    if (!k) {
      emit_skip(out, file, description, test, "the data is " + json_type_name(data) + ", not a column value");
      continue;
    }
    Kind kind = *k;
    if (kind == Kind::number && table_of_kind.count(static_cast<int>(Kind::integer)) != 0) kind = Kind::integer;
    const auto table = table_of_kind.find(static_cast<int>(kind));
    if (table == table_of_kind.end()) {
      emit_skip(out, file, description, test,
                schema.contains("enum") && !kinds.empty()
                    ? "no enum value is " + json_type_name(data) + ": no column of that type can hold one"
                    : "the data is " + json_type_name(data) + ", not a value of the " + kind_name(kinds.front()) + " column");
      continue;
    }
    std::string why;
    const auto value = value_expression(data, kind, why);
    if (!value) {
      emit_skip(out, file, description, test, why);
      continue;
    }
    std::string type = table->second;
    type[0] = 'T';
    out.cases << "  {\n    suite::" << type << " row{};\n    row.v = " << *value << ";\n"
              << "    out.push_back(suite::check(db, row, " << dorm::ir::cpp_std_string_literal(file) << ", "
              << dorm::ir::cpp_std_string_literal(description) << ", " << dorm::ir::cpp_std_string_literal(test) << ", "
              << (t.at("valid").get<bool>() ? "true" : "false") << "));\n  }\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: dorm_json_schema_suite_gen <schema.json> <cases.cpp> <suite root> <file>...\n";
    return 2;
  }
  try {
    Output out;
    std::vector<std::string> files;
    for (int i = 4; i < argc; ++i) {
      const std::string file = argv[i];
      files.push_back(file);
      std::ifstream in(std::string(argv[3]) + "/tests/" + file);
      if (!in) throw std::runtime_error("cannot read " + std::string(argv[3]) + "/tests/" + file);
      const Json groups = Json::parse(in);
      for (const Json& group : groups) convert_group(out, file, group);
    }
    Json schema = Json::object();
    schema["$comment"] = "generated by dorm_json_schema_suite_gen from the JSON-Schema-Test-Suite files; one table per group";
    schema["$defs"] = out.defs;
    std::ofstream(argv[1]) << schema.dump(2) << '\n';
    std::ofstream cpp(argv[2]);
    cpp << "// generated by dorm_json_schema_suite_gen from the JSON-Schema-Test-Suite files\n"
        << "#include <cstdint>\n#include <limits>\n#include <string>\n#include <vector>\n\n"
        << "#include \"suite/models.hpp\"\n#include \"suite_support.hpp\"\n\n"
        << "void suite::run_cases(dorm::Database& db, std::vector<Outcome>& out) {\n"
        << out.cases.str() << "}\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dorm_json_schema_suite_gen: " << e.what() << '\n';
    return 1;
  }
}
