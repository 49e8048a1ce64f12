#include "parameter_binding.hpp"

#include <cstddef>
#include <string_view>

#include "dorm/server/http_error.hpp"
#include "dorm/server/json_values.hpp"

namespace dorm::server {

namespace {

// "id" for ":id", "@id", "$id"; "" for a positional "?" or "?3".
std::string_view bare_name(std::string_view name) {
  if (name.empty() || name.front() == '?') return {};
  return name.substr(1);
}

}  // namespace

void bind_parameters(Statement& statement, const nlohmann::json& params, const std::string& where) {
  const int count = statement.parameter_count();
  if (params.is_null()) {
    if (count > 0) {
      throw HttpError(400, "the statement has " + std::to_string(count) + " parameter(s) but '" + where + "params' is missing");
    }
    return;
  }
  if (params.is_array()) {
    if (static_cast<std::size_t>(count) != params.size()) {
      throw HttpError(400, "the statement has " + std::to_string(count) + " parameter(s) but '" + where + "params' has " +
                               std::to_string(params.size()) + " value(s)");
    }
    for (int i = 1; i <= count; ++i) {
      bind_json(statement, i, params[static_cast<std::size_t>(i - 1)],
                where + "params[" + std::to_string(i - 1) + "]");
    }
    return;
  }
  // Named: every parameter of the statement needs a key, every key a parameter. "id" and ":id"
  // both bind :id (and @id, $id), as the clients of StarbaseDB and D1 send either.
  std::size_t used = 0;
  for (int i = 1; i <= count; ++i) {
    const std::string_view full = statement.parameter_name(i);
    const std::string_view bare = bare_name(full);
    if (bare.empty()) {
      throw HttpError(400, "parameter " + std::to_string(i) + " is positional ('" +
                               std::string(full.empty() ? "?" : full) + "'); send '" + where +
                               "params' as an array, or name it (:name)");
    }
    auto found = params.find(std::string(full));
    if (found == params.end()) found = params.find(std::string(bare));
    if (found == params.end()) {
      throw HttpError(400, "no value for parameter '" + std::string(full) + "' in '" + where + "params'");
    }
    bind_json(statement, i, *found, where + "params." + found.key());
    ++used;
  }
  if (used < params.size()) {
    for (auto it = params.begin(); it != params.end(); ++it) {
      bool matched = false;
      for (int i = 1; i <= count && !matched; ++i) {
        const std::string_view full = statement.parameter_name(i);
        matched = it.key() == full || it.key() == bare_name(full);
      }
      if (!matched) throw HttpError(400, "'" + where + "params." + it.key() + "' names no parameter of the statement");
    }
  }
}

}  // namespace dorm::server
