#include "dorm/server/query_runner.hpp"

#include <cctype>
#include <chrono>
#include <cstdint>
#include <string>

#include "dorm/core/connection.hpp"
#include "dorm/core/error.hpp"
#include "dorm/server/http_error.hpp"
#include "dorm/server/json_values.hpp"
#include "database_error.hpp"
#include "parameter_binding.hpp"
#include "statement_clock.hpp"

namespace dorm::server {

namespace {

// The first keyword of `sql` in upper case, after blanks and comments ("COMMIT" for
// " -- done\n commit;").
std::string first_keyword(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i])) != 0) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      const auto end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string keyword;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) != 0) {
    keyword += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
    ++i;
  }
  return keyword;
}

// Runs one statement. `where` prefixes names in messages ("transaction[1].").
StatementResult run_statement(Connection& connection, const QueryStatement& query, const RunLimits& limits,
                              const std::string& where) {
  Statement statement(connection, query.sql);
  bind_parameters(statement, query.params, where);
  StatementResult result;
  const int columns = statement.column_count();
  result.columns.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) result.columns.emplace_back(statement.column_name(c));
  const std::int64_t changes_before = connection.total_changes();
  while (statement.step()) {
    if (static_cast<std::size_t>(result.rows_read) >= limits.max_rows) {
      throw HttpError(400, "the result has more than " + std::to_string(limits.max_rows) +
                               " rows, the server's limit per response; add a LIMIT (and page with OFFSET or a key)");
    }
    nlohmann::json row = nlohmann::json::array();
    for (int c = 0; c < columns; ++c) row.push_back(json_of_value(statement.column(c)));
    result.rows.push_back(std::move(row));
    ++result.rows_read;
  }
  result.rows_written = connection.total_changes() - changes_before;
  return result;
}

}  // namespace

std::vector<StatementResult> run_query(Database& database, const QueryRequest& request, const RunLimits& limits) {
  Connection& connection = database.connection();
  StatementClock clock(connection, limits.statement_time_limit);
  std::vector<StatementResult> results;
  if (!request.transaction) {
    const QueryStatement& query = request.statements.front();
    try {
      clock.restart();
      results.push_back(run_statement(connection, query, limits, ""));
    } catch (const Error& error) {
      throw http_error_of(error, clock, "", -1);
    }
    // A connection serves many clients: a BEGIN cannot stay open past its request.
    if (connection.in_transaction()) {
      connection.rollback(1);
      throw HttpError(400, "the statement opened a transaction, which cannot span requests (rolled back); send the "
                           "statements as one {\"transaction\": [...]} body");
    }
    return results;
  }
  try {
    connection.begin(1);
  } catch (const Error& error) {
    throw http_error_of(error, clock, "the transaction could not begin: ", -1);
  }
  // Any way out but the COMMIT below rolls everything back.
  bool committed = false;
  struct Rollback {
    Connection& connection;
    const bool& committed;
    ~Rollback() {
      if (!committed && connection.in_transaction()) {
        try {
          connection.rollback(1);
        } catch (...) {  // NOLINT(bugprone-empty-catch): the request's own error is the one reported
        }
      }
    }
  } rollback{connection, committed};
  for (std::size_t i = 0; i < request.statements.size(); ++i) {
    const int index = static_cast<int>(i);
    const std::string lead = "transaction statement " + std::to_string(i) + " failed: ";
    const std::string where = "transaction[" + std::to_string(i) + "].";
    // The server commits the body itself; a COMMIT among the statements would make those
    // before it stick even when a later one fails, so it is refused before anything runs it.
    const std::string keyword = first_keyword(request.statements[i].sql);
    if (keyword == "BEGIN" || keyword == "COMMIT" || keyword == "END" || keyword == "ROLLBACK") {
      throw HttpError(400, lead + keyword + " is not allowed in a \"transaction\" body: the server begins and commits "
                                              "it (BEGIN IMMEDIATE ... COMMIT)", index);
    }
    try {
      clock.restart();
      results.push_back(run_statement(connection, request.statements[i], limits, where));
    } catch (const HttpError& error) {
      throw HttpError(error.status(), lead + error.what(), index);
    } catch (const Error& error) {
      throw http_error_of(error, clock, lead, index);
    }
    // A COMMIT, ROLLBACK or END among the statements would make the rest run outside the
    // transaction, so the request could no longer be all-or-nothing.
    if (!connection.in_transaction()) {
      throw HttpError(400, lead + "it ended the transaction; a \"transaction\" body is committed by the server, "
                                  "leave out BEGIN, COMMIT and ROLLBACK", index);
    }
  }
  try {
    connection.commit(1);
    committed = true;
  } catch (const Error& error) {
    throw http_error_of(error, clock, "the transaction could not commit: ", -1);
  }
  return results;
}

}  // namespace dorm::server
