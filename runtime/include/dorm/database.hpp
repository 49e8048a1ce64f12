#pragma once
// dorm::Database: one SQLite connection with its statement cache, typed CRUD on generated
// models, the select<T>() builder, transactions and a raw-SQL escape hatch.
//
// Concurrency model: a Database is used by one thread at a time (it is opened with
// SQLITE_OPEN_NOMUTEX, which saves SQLite's per-call locking). Open one Database per thread;
// SQLite's file locking and WAL mode coordinate them, and the busy timeout waits for writers.
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "dorm/error.hpp"
#include "dorm/model.hpp"
#include "dorm/query/delete.hpp"
#include "dorm/query/select.hpp"
#include "dorm/query/update.hpp"
#include "dorm/statement.hpp"
#include "dorm/statement_cache.hpp"
#include "dorm/query/insert_sql.hpp"

namespace dorm {

/// How a database file is opened.
struct OpenOptions {
  bool create = true;       ///< create the file when missing
  bool read_only = false;   ///< open read-only (no WAL switch, no writes)
  bool wal = true;          ///< journal_mode=WAL: readers don't block the writer
  bool foreign_keys = true; ///< enforce FOREIGN KEY constraints
  std::chrono::milliseconds busy_timeout{5000};  ///< wait this long for a lock before BusyError
  /// synchronous=NORMAL is durable in WAL mode except for the last commits on power loss; set
  /// false for synchronous=FULL.
  bool synchronous_normal = true;
};

template <class F>
concept TransactionBody = std::invocable<F&>;

/// An open SQLite connection. Movable, not copyable; closes on destruction.
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
  [[nodiscard]] bool is_open() const noexcept { return db_ != nullptr; }
  /// The raw handle, for what dorm does not cover. dorm keeps owning it.
  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  // ---- typed CRUD on generated models ----

  /// Inserts `row`. An auto-increment key left at 0 and columns with SQL defaults left empty
  /// are filled in from the database.
  template <Model M>
  void insert(M& row) {
    using T = table_of<M>;
    auto st = statements().lease(T::insert_sql(row));
    T::bind_insert(*st, row);
    if (!st->step()) {
      T::complete_insert(*st, false, row);
      return;
    }
    // INSERT ... RETURNING: read the returned row, then step to the end, because an
    // autocommit INSERT commits there and the commit can fail (SQLITE_BUSY in rollback-journal
    // mode, a deferred foreign key); a reset would drop that error and the row silently.
    // `row` changes only once the insert has committed.
    M completed = row;
    T::complete_insert(*st, true, completed);
    while (st->step()) {
    }
    row = std::move(completed);
  }

  /// Inserts every row of `rows`, all or nothing: inside a transaction (a savepoint when one is
  /// open), with multi-row INSERTs of up to 100 rows each. Keys left at 0 and empty SQL-default
  /// columns are filled in from RETURNING, as insert() does; `rows` change only once every row
  /// is in. Rows go in in order, as a loop of insert() would put them (runs of rows that give
  /// their key and rows that leave it to SQLite take separate statements).
  ///
  /// SQLite documents the order of RETURNING rows of a multi-row INSERT as unspecified; dorm
  /// relies on it being insertion order, which is what SQLite does (tests/runtime/
  /// test_bulk_insert.cpp checks it on every build).
  template <Model M>
  void insert_many(std::span<M> rows) {
    using T = table_of<M>;
    if (rows.empty()) return;
    constexpr bool fills_rows = !T::returning_clause.empty();
    // Keys and defaults are read into copies, moved into `rows` after the commit, so a failed
    // call leaves `rows` as they were (like insert()).
    std::vector<M> filled;
    if constexpr (fills_rows) filled.assign(rows.begin(), rows.end());
    const std::span<M> work = fills_rows ? std::span<M>(filled) : rows;
    transaction([&] {
      std::size_t begin = 0;
      while (begin < work.size()) {
        const bool keyed = T::has_key_value(work[begin]);
        std::size_t end = begin + 1;
        while (end < work.size() && T::has_key_value(work[end]) == keyed) ++end;
        while (begin < end) {
          const std::size_t n = detail::bulk_chunk_rows<T>(end - begin);
          insert_chunk(keyed, work.subspan(begin, n));
          begin += n;
        }
      }
    });
    if constexpr (fills_rows) std::move(filled.begin(), filled.end(), rows.begin());
  }
  /// insert_many() over a vector.
  template <Model M>
  void insert_many(std::vector<M>& rows) {
    insert_many(std::span<M>(rows));
  }

  /// Inserts `row`, or, when it conflicts with an existing row on the primary key (or on
  /// `conflict_columns`, which must form a UNIQUE constraint of the table, else SQLite raises
  /// SqliteError), updates that row's non-key columns from `row` instead; SQL-default columns
  /// `row` leaves empty keep their stored value. `row`'s key and SQL-default columns are then
  /// read back from the row inserted or updated.
  template <Model M, class... ConflictColumns>
  void upsert(M& row, const ConflictColumns&...) {
    using T = table_of<M>;
    static_assert((ColumnOf<ConflictColumns, T> && ...),
                  "dorm: the conflict target of upsert() must be columns of the row's table that form a UNIQUE "
                  "constraint, e.g. db.upsert(user, users.email)");
    auto st = statements().lease(detail::upsert_sql<T, std::remove_cvref_t<ConflictColumns>...>(T::has_key_value(row)));
    Binder bind{*st};
    T::bind_insert_row(bind, row);
    T::bind_upsert_set(bind, row);
    if (!st->step()) return;  // no RETURNING, or DO NOTHING on a conflict
    // Step to the end before changing `row`: an autocommit statement commits there (see insert()).
    M completed = row;
    T::read_returning(*st, completed);
    while (st->step()) {
    }
    row = std::move(completed);
  }

  /// The row with this primary key (several values for a composite key), or nullopt.
  template <Model M, class... Key>
  [[nodiscard]] std::optional<M> find(const Key&... key) {
    using T = table_of<M>;
    auto st = statements().lease(T::find_sql());
    T::bind_key(*st, key...);
    if (!st->step()) return std::nullopt;
    std::optional<M> row(std::in_place);
    T::read_row(*st, *row);
    return row;
  }

  /// The row with this primary key; throws NotFound when there is none.
  template <Model M, class... Key>
  [[nodiscard]] M find_or_fail(const Key&... key) {
    auto row = find<M>(key...);
    if (!row) throw NotFound("[dorm.not_found] no row in table '" + std::string(table_of<M>::name) + "' with that primary key");
    return std::move(*row);
  }

  /// Writes every column of `row` to the row with its primary key; throws NotFound when no
  /// such row exists (nothing is written then).
  template <Model M>
  void update(const M& row) {
    using T = table_of<M>;
    auto st = statements().lease(T::update_sql());
    T::bind_update(*st, row);
    st->step();
    if (sqlite3_changes(db_) == 0)
      throw NotFound("[dorm.not_found] update of table '" + std::string(T::name) + "' matched no row with that primary key",
                     0, 0, std::string(st->sql()));
  }

  /// Deletes the row with `row`'s primary key; false when there was none.
  template <Model M>
  bool remove(const M& row) {
    using T = table_of<M>;
    auto st = statements().lease(T::remove_sql());
    T::bind_primary_key(*st, row);
    st->step();
    return sqlite3_changes(db_) > 0;
  }

  /// Deletes the row of model `M` with this primary key; false when there was none.
  template <Model M, class... Key>
  bool remove_by_key(const Key&... key) {
    using T = table_of<M>;
    auto st = statements().lease(T::remove_sql());
    T::bind_key(*st, key...);
    st->step();
    return sqlite3_changes(db_) > 0;
  }

  /// A typed SELECT over `M`'s table: `db.select<User>().where(users.age >= 18).all()`.
  template <Model M>
  [[nodiscard]] SelectQuery<M> select() {
    return SelectQuery<M>(statements());
  }

  /// A typed UPDATE of `M`'s table:
  /// `db.update<User>().set(users.name = "Ann").where(users.id == 1).execute()` returns the
  /// number of rows changed. execute() needs a where(); execute_all_rows() does not.
  template <Model M>
  [[nodiscard]] UpdateQuery<M> update() {
    return UpdateQuery<M>(statements());
  }

  /// A typed DELETE from `M`'s table: `db.remove<User>().where(users.age < 18).execute()`
  /// returns the number of rows deleted. execute() needs a where(); execute_all_rows() does not.
  template <Model M>
  [[nodiscard]] DeleteQuery<M> remove() {
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
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE across other
    // statements (SELECT, DDL); those changed nothing.
    const std::int64_t total_before = sqlite3_total_changes64(db_);
    while (st->step()) {
    }
    return sqlite3_total_changes64(db_) == total_before ? 0 : sqlite3_changes64(db_);
  }

  /// Runs a script of several statements without parameters (DDL, migrations).
  void execute_script(std::string_view sql);

  /// Runs one query with bound `args` and reads every row as `Row`: a Model (columns in the
  /// model's declaration order, e.g. `SELECT * FROM users`), a std::tuple of storable types,
  /// or one storable type for a single column.
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
    if (!sqlite3_stmt_readonly(st->handle())) {
      while (st->step()) {
      }
    }
    return value;
  }

  /// Rowid of the last inserted row on this connection.
  [[nodiscard]] std::int64_t last_insert_rowid() const {
    if (db_ == nullptr) [[unlikely]] throw_closed();
    return sqlite3_last_insert_rowid(db_);
  }
  /// Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] std::int64_t changes() const {
    if (db_ == nullptr) [[unlikely]] throw_closed();
    return sqlite3_changes64(db_);
  }

  /// Calls `hook` with the SQL text (parameters unexpanded, so no values leak into logs) of
  /// every statement this connection starts: for logging, and for counting queries. Pass an
  /// empty function to stop. Costs nothing while unset.
  void on_statement(std::function<void(std::string_view sql)> hook);

  /// The prepared statements of this connection.
  [[nodiscard]] StatementCache& statements() {
    if (db_ == nullptr) [[unlikely]] throw_closed();
    return *cache_;
  }

 private:
  friend class Transaction;
  Database(sqlite3* db, std::string path);
  [[noreturn]] static void throw_closed();
  [[noreturn]] static void throw_in_use();

  // One statement of insert_many(): `chunk` rows of one key shape, read back in order.
  template <Model M>
  void insert_chunk(bool keyed, std::span<M> chunk) {
    using T = table_of<M>;
    auto st = statements().lease(detail::bulk_insert_sql<T>(keyed, chunk.size()));
    Binder bind{*st};
    for (const M& row : chunk) T::bind_insert_row(bind, row);
    std::size_t returned = 0;
    while (st->step()) {
      if (returned < chunk.size()) T::read_returning(*st, chunk[returned]);
      ++returned;
    }
    if (!T::returning_clause.empty() && returned != chunk.size()) [[unlikely]]
      throw Error("[dorm.insert_many.returning] the INSERT returned " + std::to_string(returned) + " rows for " +
                      std::to_string(chunk.size()) + " inserted",
                  0, 0, std::string(st->sql()));
  }

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
      table_of<Row>::read_row(st, row);
    } else if constexpr (requires { std::tuple_size<Row>::value; }) {
      std::apply([&](auto&... fields) {
        int column = 0;
        (read_value(st, column++, fields), ...);
      }, row);
    } else {
      read_value(st, 0, row);
    }
  }

  sqlite3* db_ = nullptr;
  std::string path_;
  std::unique_ptr<StatementCache> cache_;
  // On the heap so SQLite's trace callback keeps a valid pointer when the Database moves.
  std::unique_ptr<std::function<void(std::string_view)>> statement_hook_;
  int transaction_depth_ = 0;
};

}  // namespace dorm

#include "dorm/transaction.hpp"

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
