#include "dorm/server/query_request.hpp"

#include <cstddef>
#include <string>
#include <utility>

#include "dorm/server/http_error.hpp"

namespace dorm::server {

namespace {

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// `where` names the statement in error messages: "" for a single statement, "transaction[2]." in
// a transaction.
QueryStatement statement_of(const nlohmann::json& object, const std::string& where) {
  if (!object.is_object()) throw HttpError(400, "'" + where + "' must be an object {\"sql\": ..., \"params\": ...}");
  const std::string prefix = where.empty() ? "" : where + ".";
  const auto sql = object.find("sql");
  if (sql == object.end()) throw HttpError(400, "missing '" + prefix + "sql': the request needs an SQL statement");
  if (!sql->is_string() || blank(sql->get_ref<const std::string&>())) {
    throw HttpError(400, "'" + prefix + "sql' must be a non-blank string");
  }
  QueryStatement statement{sql->get<std::string>(), nullptr};
  if (const auto params = object.find("params"); params != object.end()) {
    if (!params->is_null() && !params->is_array() && !params->is_object()) {
      throw HttpError(400, "'" + prefix + "params' must be an array (positional) or an object (named parameters)");
    }
    statement.params = *params;
  }
  return statement;
}

}  // namespace

QueryRequest parse_query_request(std::string_view body) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& error) {
    // nlohmann's message names the byte offset and what was expected there.
    throw HttpError(400, std::string("the body is not JSON: ") + error.what());
  }
  if (!json.is_object()) throw HttpError(400, "the body must be a JSON object with \"sql\" or \"transaction\"");
  QueryRequest request;
  const auto transaction = json.find("transaction");
  if (transaction != json.end() && !transaction->is_null()) {
    if (json.contains("sql")) throw HttpError(400, "the body has both 'sql' and 'transaction'; send one of them");
    if (!transaction->is_array() || transaction->empty()) {
      throw HttpError(400, "'transaction' must be a non-empty array of {\"sql\": ..., \"params\": ...}");
    }
    request.transaction = true;
    for (std::size_t i = 0; i < transaction->size(); ++i) {
      request.statements.push_back(statement_of((*transaction)[i], "transaction[" + std::to_string(i) + "]"));
    }
    return request;
  }
  request.statements.push_back(statement_of(json, ""));
  return request;
}

}  // namespace dorm::server
