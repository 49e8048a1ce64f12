#include "ir/storage_rules.hpp"

#include <dorm/core/json_text.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace dorm::ir {
namespace {

std::string affinity_word(Storage s) {
  switch (s) {
    case Storage::integer:
      return "integer";
    case Storage::real:
      return "real";
    case Storage::text:
      return "text";
    case Storage::blob:
      return "blob";
    case Storage::numeric:
      return "numeric";
  }
  return "text";
}

/// The affinities a value of `c`'s C++ type reads back from unchanged (given validate()'s
/// keeps_text rule for strings), the type's default first.
std::vector<Storage> fitting_affinities(const Column& c) {
  if (c.is_json) return {Storage::text};
  switch (c.cpp_type) {
    case CppType::string:
      return {Storage::text, Storage::numeric, Storage::integer, Storage::real, Storage::blob};
    case CppType::int64:
    case CppType::boolean:
      return {Storage::integer, Storage::numeric};
    case CppType::float64:
      return {Storage::real, Storage::numeric};
    case CppType::bytes:
      return {Storage::blob};
  }
  return {Storage::text};
}

std::string type_word(const Column& c) {
  if (c.is_json) return c.json_type.empty() ? "JSON" : "an " + c.json_type;
  switch (c.cpp_type) {
    case CppType::string:
      return "a string";
    case CppType::int64:
      return "an integer";
    case CppType::boolean:
      return "a boolean";
    case CppType::float64:
      return "a number";
    case CppType::bytes:
      return "binary data";
  }
  return "a string";
}

}  // namespace

void check_storage(const Column& c, Diagnostics& diags) {
  const SourceLocation& loc = c.check_locs.affinity.line != 0 ? c.check_locs.affinity : c.loc;
  const std::vector<Storage> fitting = fitting_affinities(c);
  if (std::find(fitting.begin(), fitting.end(), c.storage) == fitting.end()) {
    std::string allowed;
    for (std::size_t i = 0; i < fitting.size(); ++i) {
      allowed += (i == 0 ? "\"" : i + 1 == fitting.size() ? " or \"" : ", \"") + affinity_word(fitting[i]) + '"';
    }
    diags.error(loc, "dorm-affinity",
                "affinity \"" + affinity_word(c.storage) + "\" does not fit '" + c.name + "', which holds " +
                    type_word(c) + "; use " + allowed);
  }
  if (c.is_json && !c.json_type.empty() && c.default_value && c.default_value->kind == DefaultValue::Kind::text) {
    const JsonType type = c.json_type == "array" ? JsonType::array : JsonType::object;
    if (const auto problem = json_problem(c.default_value->value, type)) {
      // An object/array default is read as JSON text; a string default is shown as a string.
      const std::string& text = c.default_value->value;
      const std::string shown = nlohmann::json::accept(text) ? text : nlohmann::json(text).dump();
      diags.error(c.default_value->loc, "dorm-default-breaks-rule",
                  "default " + shown + " of '" + c.name + "' breaks type: " +
                      (problem->wrong_type ? "it is " + problem->reason : "it is not JSON (" + problem->reason + ")"));
    }
  }
}

}  // namespace dorm::ir
