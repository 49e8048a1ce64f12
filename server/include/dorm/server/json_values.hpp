#pragma once
// SQLite values to JSON and back (docs/server.md, "Values"): INTEGER a JSON number, or a JSON
// string of its digits beyond +-(2^53 - 1) where JavaScript clients would lose digits; REAL a
// number; TEXT a string; NULL null; BLOB {"base64": "..."}. Parameters take the same forms
// (and true/false as 1/0). Base64 is dorm/detail/base64.hpp's, as the generated JSON of
// models (docs/json.md) has it.
#include <string_view>

#include <nlohmann/json.hpp>

#include "dorm/core/connection.hpp"

namespace dorm::server {

/// The JSON form of one result value.
[[nodiscard]] nlohmann::json json_of_value(const ColumnValue& value);

/// Binds `value` to parameter `index` (1-based) of `statement`. Throws HttpError 400 naming
/// `where` ("params[2]", "params.id") for an array or an object other than {"base64": ...}.
void bind_json(Statement& statement, int index, const nlohmann::json& value, std::string_view where);

}  // namespace dorm::server
