#pragma once
// The JSON bodies of the server's responses (docs/server.md, "Contract").
#include <vector>

#include <nlohmann/json.hpp>

#include "dorm/server/statement_result.hpp"

namespace dorm::server {

/// The body of a successful response: {"result": ..., "error": null}. `raw` (/query/raw): each
/// result is {"columns": [...], "rows": [[...]], "meta": {"rows_read", "rows_written"}}; else
/// (/query) an array of one object per row, keyed by column name. `transaction`: `result` is an
/// array with one such result per statement; otherwise the one statement's result.
[[nodiscard]] nlohmann::json result_json(const std::vector<StatementResult>& results, bool transaction, bool raw);

/// The body of a failed response: {"result": null, "error": message}, plus "statement": index
/// when a statement of a transaction failed (`statement` >= 0).
[[nodiscard]] nlohmann::json error_json(const std::string& message, int statement);

}  // namespace dorm::server
