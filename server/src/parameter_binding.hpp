#pragma once
// A request's "params" bound to a prepared statement.
#include <string>

#include <nlohmann/json.hpp>

#include "dorm/core/connection.hpp"

namespace dorm::server {

/// Binds `params` (null, an array for positional parameters, an object for named ones: "id"
/// or ":id" binds :id, @id and $id) to `statement`. Throws HttpError 400 naming the parameter
/// ("params[2]", "params.id", prefixed by `where`, e.g. "transaction[1].") when a value is
/// missing, left over or of a type no SQLite value has.
void bind_parameters(Statement& statement, const nlohmann::json& params, const std::string& where);

}  // namespace dorm::server
