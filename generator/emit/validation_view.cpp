#include "emit/validation_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emit/view_model.hpp"
#include "ir/names.hpp"
#include "ir/value_rules.hpp"

namespace dorm::emit {


namespace {

bool is_text(const ir::Column& c) { return c.cpp_type == ir::CppType::string && !c.is_json; }
bool is_number(const ir::Column& c) { return c.cpp_type == ir::CppType::int64 || c.cpp_type == ir::CppType::float64; }

// The runtime's name for a format dorm checks, or "" for a format that is documentation only.
// An annotated struct's std::chrono time point member: its type is the rule.
std::string checked_format(const ir::Column& c) {
  if (c.time_point) return "";
  if (c.format == "email") return "dorm::Format::email";
  if (c.format == "uuid") return "dorm::Format::uuid";
  if (c.format == "date") return "dorm::Format::date";
  if (c.format == "date-time") return "dorm::Format::date_time";
  return "";
}

// The enum values a value of the column's type can equal, as C++ literals; values of another JSON
// type (null in a nullable column, "1" in an integer column) can never match and are left out.
std::vector<std::string> enum_literals(const ir::Column& c) {
  std::vector<std::string> out;
  for (const std::string& text : c.checks.enum_values) {
    const auto v = nlohmann::json::parse(text, nullptr, false);
    if (is_text(c) && v.is_string()) {
      out.push_back(ir::cpp_string_literal(v.get<std::string>()));
    } else if (c.cpp_type == ir::CppType::int64 && v.is_number_integer()) {
      // Beyond INT64_MAX no std::int64_t can equal it.
      if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()) continue;
      out.push_back(cpp_int_literal(v.get<std::int64_t>()));
    } else if (c.cpp_type == ir::CppType::int64 && v.is_number_float()) {
      // 2.0 is the integer 2 (JSON Schema compares numbers by value, and so does SQLite's IN);
      // 2.5 equals no integer.
      const double d = v.get<double>();
      if (d == std::floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
        out.push_back(cpp_int_literal(static_cast<std::int64_t>(d)));
    } else if (c.cpp_type == ir::CppType::boolean && v.is_boolean()) {
      out.push_back(v.get<bool>() ? "true" : "false");
    } else if (c.cpp_type == ir::CppType::float64 && v.is_number()) {
      out.push_back(cpp_double_literal(v.get<double>()));
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// Every rule of `c` as a dorm::rule value, in the order of the keywords in docs/lifecycle.md;
// then the two rules that come from how the column is stored: a string keeps its text in a
// column whose affinity turns numbers into numbers, and an object/array column holds JSON of
// that type.
std::vector<std::string> rules_of(const ir::Column& c) {
  std::vector<std::string> list;
  const ir::Checks& k = c.checks;
  if (is_text(c)) {
    if (k.min_length) list.push_back("dorm::rule::min_length{" + std::to_string(*k.min_length) + "}");
    if (k.max_length) list.push_back("dorm::rule::max_length{" + std::to_string(*k.max_length) + "}");
  }
  if (is_number(c)) {
    if (k.minimum) list.push_back("dorm::rule::minimum{" + cpp_double_literal(*k.minimum) + "}");
    if (k.maximum) list.push_back("dorm::rule::maximum{" + cpp_double_literal(*k.maximum) + "}");
    if (k.exclusive_minimum) list.push_back("dorm::rule::exclusive_minimum{" + cpp_double_literal(*k.exclusive_minimum) + "}");
    if (k.exclusive_maximum) list.push_back("dorm::rule::exclusive_maximum{" + cpp_double_literal(*k.exclusive_maximum) + "}");
  }
  if (const auto allowed = enum_literals(c); !allowed.empty()) {
    const std::string element = is_text(c)                             ? "std::string_view"
                                : c.cpp_type == ir::CppType::int64   ? "std::int64_t"
                                : c.cpp_type == ir::CppType::boolean ? "bool"
                                                                     : "double";
    list.push_back("dorm::rule::one_of<" + element + ", " + std::to_string(allowed.size()) + ">{{" + join(allowed, ", ") + "}}");
  }
  if (is_text(c) && k.pattern) list.push_back("dorm::rule::pattern{" + regex_literal(*k.pattern) + "}");
  if (is_text(c)) {
    if (std::string format = emit::checked_format(c); !format.empty()) list.push_back("dorm::rule::format{" + format + "}");
  }
  if (is_text(c) && ir::text_may_become_number(c)) {
    const char* affinity = c.storage == ir::Storage::integer ? "integer"
                           : c.storage == ir::Storage::real  ? "real"
                                                              : "numeric";
    list.push_back(std::string("dorm::rule::keeps_text{dorm::Affinity::") + affinity + "}");
  }
  if (c.is_json && !c.json_type.empty()) list.push_back("dorm::rule::json{dorm::JsonType::" + c.json_type + "}");
  return list;
}

bool applies(const ir::Column& c) {
  return c.role == ir::ColumnRole::data && c.enum_class.empty() && c.cpp_enum.empty() && c.cpp_custom_type.empty() &&
         !rules_of(c).empty();
}

}  // namespace

bool has_validation(const ir::Column& column) { return applies(column); }

std::string column_rules(const ir::Column& c) { return applies(c) ? join(rules_of(c), ", ") : std::string(); }

std::string regex_literal(std::string_view source) {
  const bool plain = source.find(")re\"") == std::string_view::npos &&
                     std::none_of(source.begin(), source.end(), [](char ch) {
                       const auto u = static_cast<unsigned char>(ch);
                       return u < 0x20 || u == 0x7F;
                     });
  return plain ? "R\"re(" + std::string(source) + ")re\"" : ir::cpp_string_literal(source);
}

}  // namespace dorm::emit
