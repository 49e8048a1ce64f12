#pragma once
// The dqlite engine behind the connection seam (dorm/core/connection.hpp), first step: a
// Connection to the leader of a cluster holding one database, and its Statements, with the
// members ConnectionEngine asks for. Not yet chosen by Database::connect (next step).
//
// What differs from SQLite's engine, and why:
// - A statement that reads runs as QUERY, anything else as EXEC, decided from its SQL
//   (write_scan.hpp): a dqlite 1.11 node cannot say which before running it.
// - A write with RETURNING cannot run on 1.11 (client.hpp refuses it); dorm's writes that use
//   RETURNING need another path on this engine.
// - Transactions are tracked from begin/commit/rollback and the statements BEGIN, COMMIT, END,
//   ROLLBACK (without TO) seen at the top of SQL this connection runs: the node cannot be asked.
// - Functions run where SQLite runs, on the nodes: create_function is refused.
// - Checkpoints and busy waits are the nodes' business: checkpoint() does nothing and says so.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/dqlite/client.hpp"
#include "backends/dqlite/cluster_url.hpp"
#include "dorm/backends/sqlite/connection.hpp"
#include "dorm/core/callback.hpp"
#include "dorm/core/milliseconds.hpp"
#include "dorm/core/open_options.hpp"
#include "dorm/core/script_statement.hpp"

namespace dorm::dqlite {

class Statement;

/// A connection to the leader of a cluster, with one of its databases open. Movable; one
/// thread at a time.
class Connection {
 public:
  using Statement = dqlite::Statement;
  /// The type of a function create_function takes (SQLite's engine's, so callers compile alike).
  using Function = sqlite::Connection::Function;
  /// The type of an aggregate create_aggregate takes (SQLite's engine's, likewise).
  using Aggregate = sqlite::Connection::Aggregate;
  /// The code of a write refused on a read-only connection (SQLITE_READONLY).
  static constexpr int read_only_code = 8;

  /// Opens the database of a dqlite:// address (cluster_url.hpp) on its leader; `options`'
  /// busy_timeout bounds each wait for a node (and the search for the leader). Throws
  /// [dorm.dqlite.url], NoLeader.
  [[nodiscard]] static Connection open(std::string_view url, const OpenOptions& options = {});

  /// Closes the connection; true (nothing stays open on the client's side).
  bool close();
  /// Runs every statement of `sql` (EXEC_SQL).
  void execute_script(std::string_view sql);
  /// Runs the first statement of `script` and returns it with its outcome.
  [[nodiscard]] ScriptStatement run_first(std::string_view script);

  /// Rows the last INSERT, UPDATE or DELETE changed.
  [[nodiscard]] std::int64_t changes() const noexcept { return changes_; }
  /// Rows every INSERT, UPDATE or DELETE of this connection changed.
  [[nodiscard]] std::int64_t total_changes() const noexcept { return total_changes_; }
  /// Rowid of the last inserted row.
  [[nodiscard]] std::int64_t last_insert_rowid() const noexcept { return last_insert_rowid_; }
  /// Whether a transaction is open (as tracked; see above).
  [[nodiscard]] bool in_transaction() const noexcept { return in_transaction_; }
  /// BEGIN at depth 1 (the outermost), SAVEPOINT deeper.
  void begin(int depth);
  /// COMMIT at depth 1, RELEASE deeper.
  void commit(int depth);
  /// ROLLBACK at depth 1, ROLLBACK TO and RELEASE deeper.
  void rollback(int depth);
  /// Calls `hook` with the SQL of every statement run, before it runs.
  void on_statement(Callback<void(std::string_view)> hook);
  /// Sets the bound on each wait for the node (SQLite's busy timeout has no meaning here).
  void set_busy_timeout(Milliseconds timeout) noexcept { timeout_ = timeout; }
  /// The nodes checkpoint their WAL themselves: false, nothing done.
  bool checkpoint(bool truncate) noexcept;
  /// The SQLite version the client was built with (the nodes' may differ).
  [[nodiscard]] static int version_number() noexcept;
  /// Refused: functions would have to run on the nodes. Throws MisuseError
  /// [dorm.dqlite.function] naming the function.
  void create_function(const std::string& name, int arity, bool deterministic, Function function);
  /// Refused as create_function is (MisuseError [dorm.dqlite.function]).
  void create_aggregate(const std::string& name, int arity, bool deterministic, Aggregate make_state);
  /// SQLite's default limit on function arguments.
  [[nodiscard]] int function_argument_limit() const noexcept { return 127; }
  /// This connection's identity (for caches keyed by connection).
  [[nodiscard]] const void* identity() const noexcept { return client_ ? static_cast<const void*>(&*client_) : nullptr; }
  /// SQLite's text of a REAL ("1.5", "100.0", "1.0e+20").
  [[nodiscard]] static std::string real_text(double value);

  /// The client, for what the seam does not cover.
  [[nodiscard]] Client& client();
  /// The database id on the node.
  [[nodiscard]] std::uint32_t db() const noexcept { return db_; }

 private:
  friend class dqlite::Statement;
  Connection(Client client, std::uint32_t db, Milliseconds timeout) noexcept;
  void ran(std::string_view sql, const ExecResult& result);
  void announce(std::string_view sql);

  std::optional<Client> client_;
  std::uint32_t db_ = 0;
  Milliseconds timeout_;
  std::int64_t changes_ = 0;
  std::int64_t total_changes_ = 0;
  std::int64_t last_insert_rowid_ = 0;
  bool in_transaction_ = false;
  Callback<void(std::string_view)> hook_;
};

}  // namespace dorm::dqlite
