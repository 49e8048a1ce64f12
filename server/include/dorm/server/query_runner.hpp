#pragma once
// Runs a parsed request on one database connection: each statement bound and stepped within
// the limits, a transaction inside BEGIN IMMEDIATE ... COMMIT.
#include <chrono>
#include <cstddef>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/server/query_request.hpp"
#include "dorm/server/statement_result.hpp"

namespace dorm::server {

/// The per-statement limits a run applies.
struct RunLimits {
  std::size_t max_rows = 100'000;                        ///< more rows: HttpError 400
  std::chrono::milliseconds statement_time_limit{5000};  ///< zero: none; past it: HttpError 503
};

/// Runs `request` on `database` and returns one result per statement. A transaction runs in
/// BEGIN IMMEDIATE ... COMMIT and is rolled back whole when a statement fails. Throws HttpError:
/// 400 for a bad parameter, more than one statement in "sql" or too many rows; 403 when the
/// connection's SqlGuard refused a statement ("refused: <what>"); 503 when the
/// database stays locked or a statement exceeds its time limit; 500 for any other database
/// error, with SQLite's message. In a transaction the message starts with the failing
/// statement's index ("transaction statement 1 failed: ...").
[[nodiscard]] std::vector<StatementResult> run_query(Database& database, const QueryRequest& request,
                                                     const RunLimits& limits);

}  // namespace dorm::server
