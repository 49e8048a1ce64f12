#include "backends/dqlite/connection.hpp"

#include <cctype>
#include <cstdio>
#include <string>

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/leader_discovery.hpp"
#include "backends/dqlite/statement.hpp"
#include "backends/dqlite/write_scan.hpp"
#include "dorm/core/error.hpp"

namespace dorm::dqlite {

namespace {

// The node's own message inside a dorm error's text: without the "[id] " in front and the
// "\n  in: <sql>" after it, as SQLite's engine reports a script's failure.
std::string node_message(std::string_view what) {
  if (!what.empty() && what.front() == '[') {
    const std::size_t close = what.find("] ");
    if (close != std::string_view::npos) what.remove_prefix(close + 2);
  }
  return std::string(what.substr(0, what.find("\n  in: ")));
}

// Whether `sql` holds only blanks, semicolons and comments.
bool is_blank(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size()) {
    if (sql.compare(i, 2, "--") == 0) {
      const std::size_t newline = sql.find('\n', i);
      i = newline == std::string_view::npos ? sql.size() : newline + 1;
    } else if (sql.compare(i, 2, "/*") == 0) {
      const std::size_t close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
    } else if (sql[i] == ';' || std::isspace(static_cast<unsigned char>(sql[i])) != 0) {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

std::string savepoint_name(int depth) { return "\"dorm_savepoint_" + std::to_string(depth) + '"'; }

}  // namespace

Connection::Connection(Client client, std::uint32_t db, Milliseconds timeout) noexcept
    : client_(std::move(client)), db_(db), timeout_(timeout) {}

Connection Connection::open(std::string_view url, const OpenOptions& options) {
  const ClusterUrl parsed = parse_cluster_url(url);
  Client client = connect_to_leader(parsed.nodes, options.busy_timeout);
  const std::uint32_t db = client.open(parsed.database);
  Connection connection(std::move(client), db, options.busy_timeout);
  if (options.foreign_keys) connection.execute_script("PRAGMA foreign_keys = ON");
  return connection;
}

Client& Connection::client() {
  if (!client_) throw MisuseError("[dorm.misuse.closed] the dqlite connection is closed");
  return *client_;
}

bool Connection::close() {
  client_.reset();
  in_transaction_ = false;
  return true;
}

void Connection::announce(std::string_view sql) {
  if (hook_) hook_(sql);
}

void Connection::ran(std::string_view sql, const ExecResult& result) {
  changes_ = result.rows_affected;
  total_changes_ += result.rows_affected;
  last_insert_rowid_ = result.last_insert_id;
  const TransactionEffect effect = scan_writes(sql).transaction;
  if (effect == TransactionEffect::opens) in_transaction_ = true;
  if (effect == TransactionEffect::ends) in_transaction_ = false;
}

void Connection::execute_script(std::string_view sql) {
  announce(sql);
  ran(sql, client().exec_sql(db_, sql));
}

ScriptStatement Connection::run_first(std::string_view script) {
  ScriptStatement outcome;
  const std::string_view first = first_statement(script);
  outcome.text = first;
  if (is_blank(first)) return outcome;
  try {
    execute_script(first);
  } catch (const Unavailable&) {
    throw;  // the cluster's trouble, not the script's
  } catch (const Error& e) {
    outcome.failed = true;
    outcome.code = e.code();
    outcome.extended_code = e.extended_code();
    outcome.message = node_message(e.what());
  }
  return outcome;
}

// Depth 1 is the outermost transaction, as in SQLite's engine.
void Connection::begin(int depth) {
  execute_script(depth == 1 ? std::string("BEGIN") : "SAVEPOINT " + savepoint_name(depth));
  in_transaction_ = true;
}

void Connection::commit(int depth) {
  execute_script(depth == 1 ? std::string("COMMIT") : "RELEASE " + savepoint_name(depth));
}

void Connection::rollback(int depth) {
  const std::string name = savepoint_name(depth);
  execute_script(depth == 1 ? std::string("ROLLBACK") : "ROLLBACK TO " + name + "; RELEASE " + name);
}

void Connection::on_statement(Callback<void(std::string_view)> hook) { hook_ = std::move(hook); }

bool Connection::checkpoint(bool /*truncate*/) noexcept { return false; }

int Connection::version_number() noexcept { return sqlite::Connection::version_number(); }

void Connection::create_function(const std::string& name, int /*arity*/, bool /*deterministic*/, Function /*function*/) {
  throw MisuseError("[dorm.dqlite.function] the SQL function '" + name +
                    "' cannot be added on a dqlite connection: SQL runs on the cluster's nodes, not in this process");
}

void Connection::create_aggregate(const std::string& name, int arity, bool deterministic, Aggregate /*make_state*/) {
  create_function(name, arity, deterministic, Function());
}

std::string Connection::real_text(double value) { return sqlite::Connection::real_text(value); }

}  // namespace dorm::dqlite
