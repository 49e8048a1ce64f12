// Fuzz target: dorm-serve's request parser (dorm::server::parse_query_request), fed any bytes
// as a request body. Invariants:
// - it returns a request or throws HttpError 400 with a message; any other exception, or another
//   status, is a finding;
// - a returned request has at least one statement, each with non-blank SQL and params that are
//   null, an array or an object, and exactly one statement unless it is a transaction;
// - writing the request back as a body and parsing that gives the same request.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include <dorm/server/http_error.hpp>
#include <dorm/server/query_request.hpp>

#include "finding.hpp"

namespace {

nlohmann::json body_of(const dorm::server::QueryRequest& request) {
  const auto statement = [](const dorm::server::QueryStatement& s) {
    nlohmann::json object = {{"sql", s.sql}};
    if (!s.params.is_null()) object["params"] = s.params;
    return object;
  };
  if (!request.transaction) return statement(request.statements.front());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : request.statements) list.push_back(statement(s));
  return {{"transaction", list}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  dorm::server::QueryRequest request;
  try {
    request = dorm::server::parse_query_request(body);
  } catch (const dorm::server::HttpError& error) {
    if (error.status() != 400 || std::string_view(error.what()).empty()) {
      dorm::fuzz::finding("a refused body is not a 400 with a message", error.what());
    }
    return 0;
  } catch (const std::exception& error) {
    dorm::fuzz::finding("the parser threw something other than HttpError", error.what());
  }
  if (request.statements.empty()) dorm::fuzz::finding("an accepted request has no statement");
  if (!request.transaction && request.statements.size() != 1) dorm::fuzz::finding("several statements outside a transaction");
  for (const auto& statement : request.statements) {
    if (statement.sql.find_first_not_of(" \t\r\n") == std::string::npos) dorm::fuzz::finding("blank SQL accepted");
    if (!statement.params.is_null() && !statement.params.is_array() && !statement.params.is_object()) {
      dorm::fuzz::finding("params neither null, array nor object", statement.params.dump());
    }
  }
  // The body as the parser understood it, written out and read again. Invalid UTF-8 in a
  // string cannot be written as JSON text, so such an input stops here.
  std::string again;
  try {
    again = body_of(request).dump();
  } catch (const nlohmann::json::type_error&) {
    return 0;
  }
  const auto reparsed = dorm::server::parse_query_request(again);
  if (reparsed.transaction != request.transaction || reparsed.statements.size() != request.statements.size()) {
    dorm::fuzz::finding("the request written back parses to another shape", again);
  }
  for (std::size_t i = 0; i < request.statements.size(); ++i) {
    if (reparsed.statements[i].sql != request.statements[i].sql ||
        reparsed.statements[i].params != request.statements[i].params) {
      dorm::fuzz::finding("a statement written back parses differently", again);
    }
  }
  return 0;
}
