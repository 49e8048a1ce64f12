#pragma once
// The body of POST {prefix}/query/raw and /query, parsed and checked: the StarbaseDB/Outerbase
// wire format (docs/server.md, "Contract").
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace dorm::server {

/// One SQL statement of a request with its parameters: `params` is null (none), an array
/// (positional, bound to ?1, ?2, ... in order) or an object (named: the key "id" or ":id"
/// binds :id, @id and $id).
struct QueryStatement {
  std::string sql;
  nlohmann::json params;
};

/// A parsed request: one statement, or the statements of a transaction (run all or none).
struct QueryRequest {
  std::vector<QueryStatement> statements;
  bool transaction = false;  ///< the body was {"transaction": [...]}
};

/// Parses a request body. Throws HttpError 400 saying what is wrong and where (not JSON, not an
/// object, "sql" missing or not a non-blank string, "params" neither array nor object, an empty
/// or malformed "transaction").
[[nodiscard]] QueryRequest parse_query_request(std::string_view body);

}  // namespace dorm::server
