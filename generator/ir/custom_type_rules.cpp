#include "ir/custom_type_rules.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "ir/validate_common.hpp"

namespace dorm::ir {
namespace {

bool identifier_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool identifier_char(char c) { return identifier_start(c) || (c >= '0' && c <= '9'); }

/// `acme::Money`, `::acme::Money`, `Money`: identifiers joined by `::`, an optional leading `::`.
bool is_qualified_name(std::string_view name) {
  if (name.starts_with("::")) name.remove_prefix(2);
  if (name.empty()) return false;
  std::size_t at = 0;
  while (true) {
    if (at >= name.size() || !identifier_start(name[at])) return false;
    while (at < name.size() && identifier_char(name[at])) ++at;
    if (at == name.size()) return true;
    if (name.substr(at, 2) != "::") return false;
    at += 2;
  }
}

/// What a user-typed column may not also be, or "" when it is none of them.
std::string conflict(const Table& table, const Column& c) {
  if (c.is_json) return "an object/array column (JSON text)";
  if (!c.enum_class.empty() || c.wants_enum_class) return "an x-dorm-enum-class column";
  if (std::find(table.primary_key.begin(), table.primary_key.end(), c.name) != table.primary_key.end())
    return "a primary key column";
  if (c.references) return "a foreign key column (x-dorm-references)";
  if (c.version) return "a version column (x-dorm-version)";
  if (c.role != ColumnRole::data || c.name == table.traits.tenant_column) return "a timestamp or tenant column";
  const Checks& k = c.checks;
  if (k.min_length || k.max_length || k.minimum || k.maximum || k.exclusive_minimum || k.exclusive_maximum ||
      !k.enum_values.empty() || k.pattern) {
    return "a column with value checks (minLength, maximum, enum, pattern, ...)";
  }
  if (!c.format.empty() && c.format != "binary" && c.format != "integer") return "a column with format '" + c.format + "'";
  if (c.default_value && c.default_value->kind != DefaultValue::Kind::sql_expression &&
      c.default_value->kind != DefaultValue::Kind::null) {
    return "a column with a literal default";
  }
  return "";
}

}  // namespace

void check_custom_type(const Table& table, const Column& c, Diagnostics& diags) {
  if (c.cpp_custom_type.empty()) {
    if (!c.cpp_include.empty()) {
      diags.error(at(c.cpp_include_loc, c), "dorm-bad-cpp-include",
                  "column " + in_quotes(c.name) + " has x-dorm-cpp-include but no x-dorm-cpp-type; the header is "
                  "included for the column's C++ type");
    }
    return;
  }
  const SourceLocation& loc = at(c.cpp_custom_type_loc, c);
  if (!is_qualified_name(c.cpp_custom_type)) {
    diags.error(loc, "dorm-bad-cpp-type",
                "x-dorm-cpp-type of column " + in_quotes(c.name) + " is " + in_quotes(c.cpp_custom_type) +
                    ", not a C++ type name such as 'acme::Money' (identifiers joined by '::')");
  }
  if (c.cpp_include.find_first_of("\"<>\n\r") != std::string::npos) {
    diags.error(at(c.cpp_include_loc, c), "dorm-bad-cpp-include",
                "x-dorm-cpp-include of column " + in_quotes(c.name) + " is " + in_quotes(c.cpp_include) +
                    "; write the header's path alone (\"acme/money.hpp\"), without quotes or angle brackets");
  }
  if (const std::string what = conflict(table, c); !what.empty()) {
    diags.error(loc, "dorm-cpp-type-conflict",
                "column " + in_quotes(c.name) + " holds the user type " + in_quotes(c.cpp_custom_type) +
                    " (x-dorm-cpp-type) but is " + what + ", which dorm handles only for its own value types");
    diags.note(loc, "keep such rules in the C++ type itself (its constructor and dorm::type_mapping)");
  }
}

}  // namespace dorm::ir
