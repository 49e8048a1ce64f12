#include "ir/cpp_name_rules.hpp"

#include <string>
#include <string_view>

#include "ir/names.hpp"

namespace dorm::ir {
namespace {

const SourceLocation& at(const SourceLocation& loc, const SourceLocation& fallback) {
  return loc.line != 0 ? loc : fallback;
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

/// The header writes `std::...` and `dorm::...` inside the generated namespace, where a type of
/// that name would be found first.
bool hides_qualifier(std::string_view name) { return name == "std" || name == "dorm"; }

/// `keyword` names where the name comes from, `owner` what it names ("of table 'posts'").
void check(Diagnostics& diags, const SourceLocation& loc, const std::string& name, const std::string& owner,
           const char* keyword, bool namespace_scope) {
  const std::string what = std::string(keyword) + " " + in_quotes(name) + " " + owner;
  if (!is_cpp_identifier(name)) {
    diags.error(loc, "dorm-bad-identifier",
                what + " is not a C++ identifier (ASCII letters, digits and '_', not a keyword or reserved)");
    diags.note(loc, std::string("set \"") + keyword + "\" to a name such as " +
                        in_quotes(namespace_scope ? struct_name_for_table(name) : member_name_for_column(name)));
  } else if (namespace_scope && hides_qualifier(name)) {
    diags.error(loc, "dorm-bad-identifier",
                what + " would hide namespace '" + name +
                    "', which the generated header uses; choose another name");
  }
}

}  // namespace

void check_cpp_names(const Schema& schema, Diagnostics& diags) {
  for (const Table& t : schema.tables) {
    // An annotated struct's names are the compiler's own, already valid C++.
    if (!t.source_header.empty()) continue;
    check(diags, at(t.cpp_name_loc, t.loc), t.cpp_name, "of table " + in_quotes(t.name),
          "x-dorm-struct", true);
    for (const Column& c : t.columns) {
      check(diags, at(c.cpp_name_loc, c.loc), c.cpp_name,
            "of column " + in_quotes(t.name + "." + c.name), "x-dorm-cpp-name", false);
      // A named x-dorm-enum-class is checked as an identifier with its other rules.
      if (c.wants_enum_class && is_cpp_identifier(c.enum_class) && hides_qualifier(c.enum_class)) {
        check(diags, at(c.check_locs.enum_class, c.loc), c.enum_class,
              "of column " + in_quotes(t.name + "." + c.name), "x-dorm-enum-class", true);
      }
    }
    for (const Relation& r : t.relations) {
      check(diags, r.loc, r.cpp_name, "(the member of relation " + in_quotes(t.name + "." + r.name) + ")",
            "x-dorm-relations", false);
    }
  }
}

}  // namespace dorm::ir
