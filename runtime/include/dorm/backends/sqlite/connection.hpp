#pragma once
// The SQLite implementation of a connection (RAII over sqlite3): opening a file, scripts,
// change counts, transactions and savepoints, the statement hook and error mapping. What the
// runtime needs from an engine is the ConnectionEngine concept of dorm/core/connection.hpp.
//
// Concurrency model: a connection is used by one thread at a time (it is opened with
// SQLITE_OPEN_NOMUTEX, which saves SQLite's per-call locking). Open one per thread; SQLite's
// file locking and WAL mode coordinate them, and the busy timeout waits for writers.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <utility>

#include "dorm/backends/sqlite/statement.hpp"
#include "dorm/backends/sqlite/statement_action.hpp"
#include "dorm/core/callback.hpp"
#include "dorm/core/milliseconds.hpp"
#include "dorm/core/open_options.hpp"
#include "dorm/core/script_statement.hpp"

namespace dorm::sqlite {

/// An open SQLite database connection. Movable, not copyable; closes on destruction (deferred
/// until statements prepared through handle() are finalized).
class Connection {
 public:
  /// The statement type of this engine.
  using Statement = sqlite::Statement;
  /// The result code of a write refused because the connection is read-only.
  static constexpr int read_only_code = SQLITE_READONLY;

  /// Opens (or creates) the database file at `path`; ":memory:" opens a private in-memory
  /// database; "file:" URIs are understood. Throws SqliteError (BusyError when locked) naming
  /// the file when it cannot be opened or is not a database.
  [[nodiscard]] static Connection open(std::string_view path, const OpenOptions& options = {});

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  /// Closes the connection; false (and still open) when a statement of it is not finalized.
  /// Throws SqliteError for any other failure.
  bool close();

  /// Runs a script of statements without parameters (DDL, migrations).
  void execute_script(std::string_view sql);
  /// Runs the first statement of `script` to its end and returns it with its outcome; an empty
  /// `text` means nothing but blanks and comments was left.
  [[nodiscard]] ScriptStatement run_first(std::string_view script);

  /// Rows the last INSERT, UPDATE or DELETE changed.
  [[nodiscard]] std::int64_t changes() const noexcept { return sqlite3_changes64(db_); }
  /// Rows every INSERT, UPDATE or DELETE since the connection opened changed.
  [[nodiscard]] std::int64_t total_changes() const noexcept { return sqlite3_total_changes64(db_); }
  /// Rowid of the last inserted row.
  [[nodiscard]] std::int64_t last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }

  // ---- transactions: depth 1 is the outermost (BEGIN IMMEDIATE), deeper ones are savepoints ----

  /// True while a transaction is open (SQLite may roll one back by itself on SQLITE_FULL, ...).
  [[nodiscard]] bool in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }
  /// Opens the transaction (depth 1: BEGIN IMMEDIATE, which takes the write lock up front and so
  /// avoids the deadlock two deferred writers can reach in WAL mode) or savepoint `depth`.
  void begin(int depth);
  /// Commits the transaction or releases savepoint `depth` into the outer one.
  void commit(int depth);
  /// Rolls back the transaction or savepoint `depth` (and releases it).
  void rollback(int depth);

  /// Waits this long for a lock before an operation fails with BusyError.
  void set_busy_timeout(Milliseconds timeout) noexcept {
    sqlite3_busy_timeout(db_, static_cast<int>(timeout.count()));
  }
  /// Copies the write-ahead log into the database: all of it and then empties the log when
  /// `truncate` (waiting up to the busy timeout for readers), else what no reader needs. False
  /// when it could not run (busy, not in WAL mode).
  bool checkpoint(bool truncate) noexcept {
    return sqlite3_wal_checkpoint_v2(db_, nullptr, truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE,
                                     nullptr, nullptr) == SQLITE_OK;
  }

  /// Calls `hook` with the SQL text (parameters unexpanded) of every statement the connection
  /// starts; an empty function stops it.
  void on_statement(Callback<void(std::string_view sql)> hook);

  /// Calls `stop` about every `instructions` virtual-machine instructions of a running statement;
  /// when it returns true the statement stops with SqliteError [dorm.sqlite.9] (interrupted).
  /// Used for a per-statement time limit. An empty function (or instructions <= 0) removes it.
  void on_progress(int instructions, Callback<bool()> stop);

  // ---- SQL from untrusted clients (dorm-serve): authorizer and hardening ----

  /// Decides one action of a statement being prepared: nullopt allows it; a text refuses the
  /// statement, which then fails with AuthorizationError saying "refused: <text>".
  using Authorizer = Callback<std::optional<std::string>(const StatementAction& action)>;
  /// Checks every statement prepared from now on with `rule` (sqlite3_set_authorizer), and
  /// expires the statements already prepared so each is checked again before it next runs (a
  /// cached statement never keeps a more permissive rule's verdict). An empty rule removes it.
  /// The rule judges SQL text only: the connection's own statements (begin, commit, rollback,
  /// set_query_only) are not put to it. It runs inside prepare and must not use this connection.
  void set_authorizer(Authorizer rule);
  /// Closes what SQL text could use to leave its database or change the process: ATTACH (the
  /// attached-database limit becomes 0), load_extension (C API and SQL function), the two-
  /// argument fts3_tokenizer, writes to the schema table and other corruption paths
  /// (SQLITE_DBCONFIG_DEFENSIVE), and functions of the schema running with the caller's rights
  /// (trusted_schema off). For connections that run SQL sent by clients; cannot be undone.
  void harden_for_untrusted_sql();
  /// PRAGMA query_only: while on, every write fails (SQLITE_READONLY), whatever the authorizer says.
  void set_query_only(bool on);
  /// True while PRAGMA query_only is on.
  [[nodiscard]] bool query_only() const;

  /// What an SQL function returns: an integer or BLOB bytes (built implicitly from either),
  /// NULL, a REAL, TEXT, or an error that fails the calling statement with its message.
  struct FunctionResult {
    enum class Kind { integer, blob, null, real, text, error };
    /// An integer result.
    FunctionResult(std::int64_t value) noexcept : integer(value) {}  // NOLINT(google-explicit-constructor)
    /// A BLOB result.
    FunctionResult(std::string bytes) noexcept : blob(std::move(bytes)), is_blob(true), kind(Kind::blob) {}  // NOLINT(google-explicit-constructor)
    /// SQL NULL.
    [[nodiscard]] static FunctionResult null() noexcept { return FunctionResult(Kind::null, {}); }
    /// A REAL.
    [[nodiscard]] static FunctionResult real_number(double value) noexcept {
      FunctionResult out(Kind::real, {});
      out.real = value;
      return out;
    }
    /// TEXT (UTF-8).
    [[nodiscard]] static FunctionResult text(std::string value) noexcept { return FunctionResult(Kind::text, std::move(value)); }
    /// Fails the statement that called the function with `message` (SQLITE_ERROR).
    [[nodiscard]] static FunctionResult error(std::string message) noexcept {
      return FunctionResult(Kind::error, std::move(message));
    }
    std::int64_t integer = 0;  ///< the integer, for Kind::integer
    double real = 0;           ///< the number, for Kind::real
    std::string blob;          ///< the bytes of a BLOB, the TEXT or the error message
    bool is_blob = false;      ///< kind == Kind::blob
    Kind kind = Kind::integer;

   private:
    FunctionResult(Kind k, std::string bytes) noexcept : blob(std::move(bytes)), kind(k) {}
  };
  /// A scalar SQL function implemented in C++, over its argument values.
  using Function = Callback<FunctionResult(std::span<const Value> arguments)>;
  /// Registers `function` as the SQL function `name` of `arity` arguments (-1: any number) on
  /// this connection, until it closes. A `deterministic` one may be used in indexes and CHECKs.
  /// An exception from `function` fails the statement that called it with the exception's
  /// message (std::bad_alloc: out of memory); it never crosses SQLite's C frames.
  void create_function(const std::string& name, int arity, bool deterministic, Function function);

  /// The running state of one aggregate call (one group of one statement).
  class AggregateState {
   public:
    AggregateState() = default;
    AggregateState(const AggregateState&) = delete;
    AggregateState& operator=(const AggregateState&) = delete;
    virtual ~AggregateState() = default;
    /// Adds one row's argument values.
    virtual void step(std::span<const Value> arguments) = 0;
    /// The aggregate's value after the last step (also when no row was stepped).
    virtual FunctionResult result() = 0;
  };
  /// Makes a fresh state for each group an aggregate runs over.
  using Aggregate = Callback<std::unique_ptr<AggregateState>()>;
  /// Registers the aggregate SQL function `name` of `arity` arguments on this connection, until
  /// it closes: `make_state` is called once per group. Exceptions are handled as for
  /// create_function().
  void create_aggregate(const std::string& name, int arity, bool deterministic, Aggregate make_state);

  /// The most arguments an SQL function call may have.
  [[nodiscard]] int function_argument_limit() const noexcept { return sqlite3_limit(db_, SQLITE_LIMIT_FUNCTION_ARG, -1); }
  /// Identifies the engine's connection until the engine has really closed it (a deferred
  /// close included), so state kept per connection is never found by a later one.
  [[nodiscard]] const void* identity() const noexcept { return db_; }

  /// The SQLite version the engine runs, as sqlite3_libversion_number gives it (3040001).
  [[nodiscard]] static int version_number() noexcept { return sqlite3_libversion_number(); }

  /// SQLite's text of a REAL (vdbeMemRenderNum): printf "%!.15g", its own printf, so the text
  /// is exactly the linked SQLite's ("2024.0", "1.5", "1.0e+20", "Inf").
  [[nodiscard]] static std::string real_text(double value);

  /// The raw handle, for what dorm does not cover (SQLite backend only). The connection keeps
  /// owning it.
  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }
  /// Throws the Error for SQLite result code `rc` of the last call on this connection.
  [[noreturn]] void fail(int rc, std::string_view sql) const;

 private:
  explicit Connection(sqlite3* db) noexcept;
  void release() noexcept;

  sqlite3* db_ = nullptr;
  // On the heap so SQLite's trace callback keeps a valid pointer when the connection moves.
  std::unique_ptr<Callback<void(std::string_view)>> statement_hook_;
  std::unique_ptr<Callback<bool()>> progress_hook_;  // on the heap for the same reason

  // The rule and whether the connection's own statement is running (src/backends/sqlite/
  // authorizer.hpp); on the heap for the same reason.

 public:
  struct AuthorizerState;  ///< (private to the backend's sources; named here for its pointer)

 private:
  std::unique_ptr<AuthorizerState> authorizer_;
};

}  // namespace dorm::sqlite
