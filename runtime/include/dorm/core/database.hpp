#pragma once
// dorm::Database: one connection (dorm/core/connection.hpp) with its statement cache, typed CRUD on
// generated models, the select<T>() builder, transactions and raw SQL. Written only against
// the connection seam: no engine call here.
//
// Concurrency model: a Database is used by one thread at a time (the SQLite engine opens it
// without SQLite's per-call locking). Open one Database per thread; SQLite's file locking and
// WAL mode coordinate them, and the busy timeout waits for writers.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "dorm/core/callback.hpp"
#include "dorm/core/connection.hpp"
#include "dorm/core/error.hpp"
#include "dorm/lifecycle/hooks.hpp"
#include "dorm/core/model.hpp"
#include "dorm/core/open_options.hpp"
#include "dorm/query/delete.hpp"
#include "dorm/query/executor.hpp"
#include "dorm/query/select.hpp"
#include "dorm/query/update.hpp"
#include "dorm/query/scope.hpp"
#include "dorm/core/statement.hpp"
#include "dorm/core/statement_cache.hpp"
#include "dorm/query/insert_sql.hpp"
#include "dorm/lifecycle/validation.hpp"
#include "dorm/detail/table_rows.hpp"

namespace dorm {

template <class F>
concept TransactionBody = std::invocable<F&>;

namespace detail {
/// The arguments of a by-key write of `M` (`remove<M>(key...)`): one or more key values, not a
/// row of `M` (remove(row) takes that).
template <class M, class... Key>
inline constexpr bool is_key_of =
    sizeof...(Key) > 0 && !(sizeof...(Key) == 1 && (std::is_same_v<std::remove_cvref_t<Key>, M> && ...));

/// The row writes that run the model lifecycle (defined in dorm/detail/model_write.hpp).
enum class WriteKind;
}  // namespace detail

/// An open database connection. Movable, not copyable; closes on destruction.
class Database {
 public:
  /// Opens (or creates) the database file at `path`; ":memory:" opens a private in-memory
  /// database. Throws SqliteError when the file cannot be opened or is not a database.
  [[nodiscard]] static Database open(std::string_view path, const OpenOptions& options = {});

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  /// Finalizes every statement and closes the connection. Idempotent. Throws MisuseError when
  /// a cursor or statement of this database is still in use.
  void close();
  [[nodiscard]] bool is_open() const noexcept { return connection_ != nullptr; }
  /// The connection of the build's engine (dorm/core/connection.hpp), for what Database does not
  /// cover; dorm::sqlite::handle(db) gives SQLite's own handle. Throws MisuseError when closed.
  [[nodiscard]] Connection& connection() const {
    if (connection_ == nullptr) [[unlikely]] throw_closed();
    return *connection_;
  }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  // ---- typed CRUD on generated models ----
  //
  // Model writes run the model's lifecycle (docs/lifecycle.md): hooks (dorm/lifecycle/hooks.hpp), then
  // timestamps, then validate() (ValidationError lists every broken rule; nothing is written),
  // then the statement. They work on a copy: the caller's row changes only once the write has
  // succeeded. When the model has hooks registered, the write and its hooks run in one
  // transaction (a savepoint inside an open one), so an after-hook that throws undoes the
  // write. A model without timestamps, rules or hooks pays one atomic load for all this.

  /// Inserts `row`. An auto-increment key left at 0 and columns with SQL defaults left empty
  /// are filled in from the database. A version column below 1 starts at 1. Hooks: saving, creating, [INSERT], created, saved. With
  /// timestamps, created_at is set when empty (an import may keep a historical value) and
  /// updated_at is set to now.
  template <Model M>
  void insert(M& row) {
    if (lifecycle_writes<M>()) {
      insert_with_lifecycle(row);
    } else {
      validate(row);
      insert_statement(row);
    }
  }

  /// Inserts every row of `rows`, all or nothing: inside a transaction (a savepoint when one is
  /// open), with multi-row INSERTs of up to 100 rows each. Keys left at 0 and empty SQL-default
  /// columns are filled in from RETURNING, as insert() does; `rows` change only once every row
  /// is in. Rows go in in order, as a loop of insert() would put them (runs of rows that give
  /// their key and rows that leave it to SQLite take separate statements). Every row is
  /// validated before any is written; hooks run per row: saving and creating for every row,
  /// then the INSERTs, then created and saved for every row.
  ///
  /// SQLite documents the order of RETURNING rows of a multi-row INSERT as unspecified; dorm
  /// relies on it being insertion order, which is what SQLite does (tests/runtime/
  /// test_bulk_insert.cpp checks it on every build).
  template <Model M>
  void insert_many(std::span<M> rows) {
    if (rows.empty()) return;
    // Before the transaction: BEGIN IMMEDIATE would fail on a read-only connection first.
    detail::Executor::require_writable(statements(), StatementKind::insert, table_of<M>::name);
    if (lifecycle_writes<M>()) {
      insert_many_with_lifecycle(rows);
      return;
    }
    for (const M& row : rows) validate(row);
    using T = table_of<M>;
    if constexpr (!detail::insert_returns_values<T>()) {
      transaction([&] { insert_chunks(rows); });
    } else {
      // Keys and defaults are read into copies, moved into `rows` after the commit, so a
      // failed call leaves `rows` as they were (like insert()).
      std::vector<M> filled(rows.begin(), rows.end());
      transaction([&] { insert_chunks(std::span<M>(filled)); });
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = std::move(filled[i]);
    }
  }
  /// insert_many() over a vector.
  template <Model M>
  void insert_many(std::vector<M>& rows) {
    insert_many(std::span<M>(rows));
  }

  /// Inserts `row`, or, when it conflicts with an existing row on the primary key (or on
  /// `conflict_columns`, which must form a UNIQUE constraint of the table, else SQLite raises
  /// SqliteError), updates that row's non-key columns from `row` instead; SQL-default columns
  /// `row` leaves empty keep their stored value, and so does created_at. `row`'s key and
  /// SQL-default columns are then read back from the row inserted or updated. Hooks: saving,
  /// [INSERT or UPDATE], saved.
  template <Model M, class... ConflictColumns>
  void upsert(M& row, const ConflictColumns&...) {
    using T = table_of<M>;
    static_assert((ColumnOf<ConflictColumns, T> && ...),
                  "dorm: the conflict target of upsert() must be columns of the row's table that form a UNIQUE "
                  "constraint, e.g. db.upsert(user, users.email)");
    static_assert(!detail::versioned_table<T>,
                  "dorm: upsert() of a table with a version column (x-dorm-version) would overwrite the stored "
                  "version unchecked; use insert(row) or update(row)");
    if (lifecycle_writes<M>()) {
      upsert_with_lifecycle<M, std::remove_cvref_t<ConflictColumns>...>(row);
    } else {
      validate(row);
      upsert_statement<false, M, std::remove_cvref_t<ConflictColumns>...>(row);
    }
  }

  /// The row with this primary key (several values for a composite key), or nullopt. The
  /// model's default scopes apply (dorm/query/scope.hpp): a soft-deleted row is not found; use
  /// `select<M>().with_trashed().where(...)` for it.
  template <Model M, class... Key>
  [[nodiscard]] std::optional<M> find(const Key&... key) {
    if constexpr (std::is_same_v<default_scopes_t<M>, type_list<>>) {
      return find_statement<M>(key...);
    } else {
      static_assert(sizeof...(Key) == detail::key_count<table_of<M>>,
                    "dorm: find() of a scoped model needs the primary key's values, one per key column");
      return select<M>().where(detail::key_condition<table_of<M>>(key...)).first();
    }
  }

  /// The row with this primary key; throws NotFound when there is none.
  template <Model M, class... Key>
  [[nodiscard]] M find_or_fail(const Key&... key) {
    auto row = find<M>(key...);
    if (!row) throw NotFound("[dorm.not_found] no row in table '" + std::string(table_of<M>::name) + "' with that primary key");
    return std::move(*row);
  }

  /// Writes every column of `row` to the row with its primary key; throws NotFound when no
  /// such row exists (nothing is written then). Hooks: saving, updating, [UPDATE], updated,
  /// saved. With timestamps, updated_at is set to now: in `row` too, once written. With a
  /// version column (`x-dorm-version`), only the row still at `row`'s version is written, and
  /// its version incremented (in `row` too); a row changed since `row` was loaded throws
  /// ConcurrentModification and nothing is written.
  template <Model M>
    requires(!std::is_const_v<M>)
  void update(M& row) {
    if (lifecycle_writes<M>()) {
      update_with_lifecycle(row, &row);
    } else {
      validate(row);
      update_statement(row);
    }
  }
  /// update() of a row that stays as it is (a temporary, a const row): what hooks and
  /// timestamps change is written but not copied back.
  template <Model M>
  void update(const M& row) {
    if (lifecycle_writes<M>()) {
      update_with_lifecycle(row, static_cast<M*>(nullptr));
    } else {
      validate(row);
      update_statement(row);
    }
  }

  /// Deletes the row with `row`'s primary key; false when there was none. With soft deletes
  /// it sets deleted_at (and updated_at) to now instead, on a live row only (false when the
  /// row is already trashed), and in `row` too. Hooks: deleting, [DELETE], deleted. With a
  /// version column, a row changed since `row` was loaded throws ConcurrentModification and
  /// stays (the version itself is left as it is).
  template <Model M>
    requires(!std::is_const_v<M>)
  bool remove(M& row) {
    return remove_row<false>(row, &row);
  }
  /// remove() of a row that stays as it is.
  template <Model M>
  bool remove(const M& row) {
    return remove_row<false>(row, static_cast<M*>(nullptr));
  }

  /// Deletes (soft-deletes, for a soft-delete table) the row of model `M` with this primary
  /// key: `db.remove<User>(7)`; false when there was none. With hooks registered for M, the
  /// row is loaded first and removed as remove(row) does, so its hooks run.
  template <Model M, class... Key>
    requires(detail::is_key_of<M, Key...>)
  bool remove(const Key&... key) {
    return remove_key<false, M>(key...);
  }

  /// Deletes the row with `row`'s primary key for good, soft deletes or not (foreign-key
  /// cascades run); false when there was none. Hooks: deleting, [DELETE], deleted.
  template <Model M>
  bool force_remove(const M& row) {
    return remove_row<true>(row, static_cast<M*>(nullptr));
  }
  /// force_remove() by primary key.
  template <Model M, class... Key>
    requires(detail::is_key_of<M, Key...>)
  bool force_remove(const Key&... key) {
    return remove_key<true, M>(key...);
  }

  /// Restores a soft-deleted row: deleted_at = NULL (and updated_at = now); true when a
  /// trashed row was restored, false when the row is live or missing. Hooks: restoring,
  /// [UPDATE], restored.
  template <Model M>
    requires(!std::is_const_v<M>)
  bool restore(M& row, rules::check_t<detail::soft_delete_table<table_of<M>>,
                                      error::needs_a_table_with_soft_deletes<M>> = {}) {
    return restore_row(row, &row);
  }
  /// restore() of a row that stays as it is.
  template <Model M>
  bool restore(const M& row, rules::check_t<detail::soft_delete_table<table_of<M>>,
                                            error::needs_a_table_with_soft_deletes<M>> = {}) {
    return restore_row(row, static_cast<M*>(nullptr));
  }

  /// A typed SELECT over `M`'s table: `db.select<User>().where(users.age >= 18).all()`.
  template <Model M>
  [[nodiscard]] SelectQuery<M> select() {
    return SelectQuery<M>(statements());
  }

  /// A typed UPDATE of `M`'s table:
  /// `db.update_all<User>().set(users.name = "Ann").where(users.id == 1).execute()` returns the
  /// number of rows changed. execute() needs a where(); execute_all_rows() does not.
  template <Model M>
  [[nodiscard]] UpdateQuery<M> update_all() {
    return UpdateQuery<M>(statements());
  }

  /// A typed DELETE from `M`'s table: `db.remove_all<User>().where(users.age < 18).execute()`
  /// returns the number of rows deleted. execute() needs a where(); execute_all_rows() does not.
  template <Model M>
  [[nodiscard]] DeleteQuery<M> remove_all() {
    return DeleteQuery<M>(statements());
  }

  // ---- transactions ----

  /// Runs `body` in a transaction (a savepoint when one is already open): commits when it
  /// returns, rolls back and rethrows when it throws. Returns what `body` returns.
  template <TransactionBody F>
  decltype(auto) transaction(F&& body);

  /// Depth of open transactions (0: autocommit).
  [[nodiscard]] int transaction_depth() const noexcept { return transaction_depth_; }

  // ---- raw SQL ----

  /// Runs one statement with bound `args`; returns the number of rows changed.
  template <class... Args>
  std::int64_t execute(std::string_view sql, const Args&... args) {
    auto st = statements().lease(sql);
    bind_all(*st, args...);
    // changes() keeps the count of the last INSERT/UPDATE/DELETE across other statements
    // (SELECT, DDL); those changed nothing.
    const std::int64_t total_before = connection_->total_changes();
    while (st->step()) {
    }
    return connection_->total_changes() == total_before ? 0 : connection_->changes();
  }

  /// Runs a script of several statements without parameters (DDL, migrations).
  void execute_script(std::string_view sql);

  /// Runs one query with bound `args` and reads every row as `Row`: a Model (columns by
  /// position, in the model's declaration order: name them, `SELECT "id", "email", ... FROM
  /// users`; `SELECT *` gives the table's physical order, which differs after a migration added
  /// a column with ALTER TABLE ADD COLUMN), a std::tuple of storable types, or one storable type
  /// for a single column.
  template <class Row, class... Args>
  [[nodiscard]] std::vector<Row> query(std::string_view sql, const Args&... args) {
    auto st = statements().lease(sql);
    bind_all(*st, args...);
    std::vector<Row> rows;
    while (st->step()) read_raw_row(*st, rows.emplace_back());
    return rows;
  }

  /// The first column of the first row, or nullopt when there is no row.
  template <class T, class... Args>
  [[nodiscard]] std::optional<T> query_value(std::string_view sql, const Args&... args) {
    auto st = statements().lease(sql);
    bind_all(*st, args...);
    if (!st->step()) return std::nullopt;
    T value{};
    read_value(*st, 0, value);
    // A writing statement (INSERT ... RETURNING) commits at its end; run it there so a failed
    // commit is reported instead of dropped by the reset.
    if (!st->is_read_only()) {
      while (st->step()) {
      }
    }
    return value;
  }

  /// Rowid of the last inserted row on this connection.
  [[nodiscard]] std::int64_t last_insert_rowid() const {
    if (connection_ == nullptr) [[unlikely]] throw_closed();
    return connection_->last_insert_rowid();
  }
  /// Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] std::int64_t changes() const {
    if (connection_ == nullptr) [[unlikely]] throw_closed();
    return connection_->changes();
  }

  /// Registers a typed SQL function or aggregate (dorm/expr/sql_function.hpp) on this
  /// connection, until it closes: `db.create_function(slug)`. Functions every connection of a
  /// pool needs go in OpenOptions::functions instead.
  void create_function(const SqlFunction& function);

  /// Calls `hook` with the SQL text (parameters unexpanded, so no values leak into logs) of
  /// every statement this connection starts: for logging, and for counting queries. Pass an
  /// empty callback (`{}`) to stop. Costs nothing while unset.
  void on_statement(Callback<void(std::string_view sql)> hook);

  /// The prepared statements of this connection.
  [[nodiscard]] StatementCache& statements() {
    if (connection_ == nullptr) [[unlikely]] throw_closed();
    return *cache_;
  }

 private:
  friend class Transaction;
  Database(Connection connection, std::string path);
  [[noreturn]] static void throw_closed();
  [[noreturn]] static void throw_in_use();

  // ---- model writes (definitions in dorm/detail/model_write.hpp) ----

  /// True when a write of M goes through the lifecycle path: timestamps, or hooks registered.
  template <Model M>
  static bool lifecycle_writes() noexcept;

  /// The lifecycle of one row write, the same for every `Kind`: tenant check, read-only rule,
  /// before hooks, tenant and timestamps, validation, `run_statement(row, now)` (false: nothing
  /// written), after hooks; in a transaction when M has hooks. `*result` receives the row
  /// written.
  template <detail::WriteKind Kind, Model M, class RunStatement>
  bool write_with_lifecycle(const M& row, M* result, RunStatement run_statement);
  template <Model M>
  void insert_with_lifecycle(M& row);
  template <Model M>
  void insert_many_with_lifecycle(std::span<M> rows);
  template <Model M, class... ConflictColumns>
  void upsert_with_lifecycle(M& row);
  template <Model M>
  void update_with_lifecycle(const M& row, M* result);
  template <bool Force, Model M>
  bool remove_row(const M& row, M* result);
  template <bool Force, Model M, class... Key>
  bool remove_key(const Key&... key);
  template <Model M>
  bool restore_row(const M& row, M* result);

  // The statements alone: no hooks, timestamps or validation. `InPlace`: `row` is a scratch
  // copy, so RETURNING values are read straight into it.
  template <bool InPlace = false, Model M>
  void insert_statement(M& row);
  template <Model M>
  void insert_chunks(std::span<M> rows);
  template <Model M>
  void insert_chunk(bool keyed, std::span<M> chunk);
  template <bool InPlace, Model M, class... ConflictColumns>
  void upsert_statement(M& row);
  template <Model M, class... Key>
  std::optional<M> find_statement(const Key&... key);
  template <Model M>
  void update_statement(const M& row);
  template <Model M>
  bool delete_statement(const M& row);
  template <Model M>
  bool soft_delete_statement(const M& row, const std::string& now);
  template <Model M>
  bool restore_statement(const M& row, const std::string& now);
  // The row writes of a key condition, as the builders run them (one statement per shape).
  template <Model M, class Condition>
  bool delete_where(const Condition& condition);
  template <Model M, class Condition>
  bool soft_delete_where(const Condition& condition, const std::string& now);

  template <class... Args>
  static void bind_all(Statement& st, const Args&... args) {
    if (st.parameter_count() != static_cast<int>(sizeof...(Args))) [[unlikely]]
      throw MisuseError("[dorm.misuse.parameter_count] the SQL has " + std::to_string(st.parameter_count()) +
                            " parameters but " + std::to_string(sizeof...(Args)) + " values were given",
                        0, 0, std::string(st.sql()));
    [[maybe_unused]] Binder binder{st};
    (binder(args), ...);
  }

  template <class Row>
  static void read_raw_row(const Statement& st, Row& row) {
    if constexpr (Model<Row>) {
      detail::read_row<table_of<Row>>(st, row);
    } else if constexpr (requires { std::tuple_size<Row>::value; }) {
      std::apply([&](auto&... fields) {
        int column = 0;
        (read_value(st, column++, fields), ...);
      }, row);
    } else {
      read_value(st, 0, row);
    }
  }

  // On the heap, like the cache that points to it, so both stay put when the Database moves.
  std::unique_ptr<Connection> connection_;
  std::string path_;
  std::unique_ptr<StatementCache> cache_;
  int transaction_depth_ = 0;
};

}  // namespace dorm

#include "dorm/core/transaction.hpp"

namespace dorm {

template <TransactionBody F>
decltype(auto) Database::transaction(F&& body) {
  Transaction tx(*this);
  if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
    body();
    tx.commit();
  } else {
    decltype(auto) result = body();
    tx.commit();
    return result;
  }
}

}  // namespace dorm

#include "dorm/detail/model_write.hpp"
