#include "dorm/server/query_runner.hpp"

#include <cctype>
#include <chrono>
#include <cstdint>
#include <string>

#include "dorm/core/connection.hpp"
#include "dorm/core/error.hpp"
#include "dorm/server/http_error.hpp"
#include "dorm/server/json_values.hpp"

namespace dorm::server {

namespace {

// SQLite's result code of a statement stopped by the progress handler (SQLITE_INTERRUPT).
constexpr int interrupted_code = 9;
// How many virtual-machine instructions run between two looks at the clock: about a
// millisecond of work, so a runaway statement stops within a few ms of its limit.
constexpr int progress_instructions = 10'000;

// "id" for ":id", "@id", "$id"; "" for a positional "?" or "?3".
std::string_view bare_name(std::string_view name) {
  if (name.empty() || name.front() == '?') return {};
  return name.substr(1);
}

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

// The HttpError for an error of the database, with SQLite's message.
HttpError http_error_of(const Error& error, bool timed_out, std::chrono::milliseconds limit, const std::string& lead,
                        int statement) {
  if (timed_out && error.code() == interrupted_code) {
    return HttpError(503, lead + "the statement ran longer than the server's time limit of " +
                              std::to_string(limit.count()) + " ms and was interrupted", statement);
  }
  if (dynamic_cast<const BusyError*>(&error) != nullptr) return HttpError(503, lead + error.what(), statement);
  if (dynamic_cast<const MisuseError*>(&error) != nullptr) {
    return HttpError(400, lead + error.what() + " (send one statement per \"sql\"; several go in a \"transaction\")",
                     statement);
  }
  return HttpError(500, lead + error.what(), statement);
}

// Arms the per-statement time limit on a connection for the lifetime of the guard.
class StatementClock {
 public:
  StatementClock(Connection& connection, std::chrono::milliseconds limit) : connection_(connection), limit_(limit) {
    if (limit_.count() <= 0) return;
    connection_.on_progress(progress_instructions, [this] {
      if (std::chrono::steady_clock::now() < deadline_) return false;
      timed_out_ = true;
      return true;
    });
  }
  StatementClock(const StatementClock&) = delete;
  StatementClock& operator=(const StatementClock&) = delete;
  ~StatementClock() {
    if (limit_.count() > 0) connection_.on_progress(0, nullptr);
  }
  /// Starts the clock for the next statement.
  void restart() {
    timed_out_ = false;
    deadline_ = std::chrono::steady_clock::now() + limit_;
  }
  [[nodiscard]] bool timed_out() const noexcept { return timed_out_; }

 private:
  Connection& connection_;
  std::chrono::milliseconds limit_;
  std::chrono::steady_clock::time_point deadline_{};
  bool timed_out_ = false;
};

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
      throw http_error_of(error, clock.timed_out(), limits.statement_time_limit, "", -1);
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
    throw http_error_of(error, false, limits.statement_time_limit, "the transaction could not begin: ", -1);
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
      throw http_error_of(error, clock.timed_out(), limits.statement_time_limit, lead, index);
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
    throw http_error_of(error, false, limits.statement_time_limit, "the transaction could not commit: ", -1);
  }
  return results;
}

}  // namespace dorm::server
