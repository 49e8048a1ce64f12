#include "dorm/server/response_json.hpp"

#include <cstddef>
#include <string>

namespace dorm::server {

namespace {

nlohmann::json raw_result(const StatementResult& result) {
  return {{"columns", result.columns},
          {"rows", result.rows},
          {"meta", {{"rows_read", result.rows_read}, {"rows_written", result.rows_written}}}};
}

// One object per row; a column name that repeats (SELECT a.id, b.id) keeps its last value, as
// StarbaseDB's objects do.
nlohmann::json object_rows(const StatementResult& result) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : result.rows) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t c = 0; c < result.columns.size(); ++c) object[result.columns[c]] = row[c];
    rows.push_back(std::move(object));
  }
  return rows;
}

}  // namespace

nlohmann::json result_json(const std::vector<StatementResult>& results, bool transaction, bool raw) {
  const auto one = [raw](const StatementResult& result) { return raw ? raw_result(result) : object_rows(result); };
  nlohmann::json result;
  if (transaction) {
    result = nlohmann::json::array();
    for (const auto& each : results) result.push_back(one(each));
  } else {
    result = one(results.front());
  }
  return {{"result", std::move(result)}, {"error", nullptr}};
}

nlohmann::json error_json(const std::string& message, int statement) {
  nlohmann::json body = {{"result", nullptr}, {"error", message}};
  if (statement >= 0) body["statement"] = statement;
  return body;
}

}  // namespace dorm::server
