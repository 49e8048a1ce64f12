#pragma once
// The connection seam: what the runtime needs from a database engine, and the engine this
// build uses. Everything above it (Database, the builders, generated code) calls only the
// members named here; only the engine's own files (dorm/backends/<engine>/) call its C API.
//
// The seam is static: an engine is a Connection class and a Statement class with these
// members, checked by the concepts below, and `dorm::Connection` / `dorm::Statement` name the
// build's engine. Binding and reading a value are inline calls into the engine, so the seam
// adds no call on the hot path (docs/performance.md, "The connection seam", has the counts).
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "dorm/backends/sqlite/connection.hpp"
#include "dorm/core/callback.hpp"
#include "dorm/core/milliseconds.hpp"
#include "dorm/core/open_options.hpp"
#include "dorm/core/script_statement.hpp"
#include "dorm/core/storage_class.hpp"

namespace dorm {

/// One value of a result row: its storage class and its content read as each class.
template <class V>
concept ColumnValueEngine = requires(const V& v) {
  { v.storage_class() } -> std::same_as<StorageClass>;
  { v.integer() } -> std::same_as<std::int64_t>;
  { v.real() } -> std::same_as<double>;
  { v.text() } -> std::same_as<std::string_view>;
  { v.blob_data() } -> std::same_as<const std::byte*>;
  { v.size() } -> std::same_as<std::size_t>;
};

/// One prepared statement of an engine: bind (1-based), step, read a column (0-based), reset,
/// and what its last run did. Failures throw dorm's errors (dorm/core/error.hpp).
template <class S>
concept StatementEngine =
    std::movable<S> && ColumnValueEngine<typename S::Value> &&
    requires(S& s, const S& cs, int i, std::int64_t n, double d, std::string_view text, const void* data,
             std::size_t size) {
      { s.step() } -> std::same_as<bool>;
      s.reset();
      s.bind_null(i);
      s.bind_int64(i, n);
      s.bind_double(i, d);
      s.bind_text(i, text);
      s.bind_text_copy(i, text);
      s.bind_blob(i, data, size);
      s.bind_blob_copy(i, data, size);
      { cs.column(i) } -> std::same_as<typename S::Value>;
      { cs.sql() } -> std::same_as<std::string_view>;
      { cs.parameter_count() } -> std::same_as<int>;
      { cs.column_count() } -> std::same_as<int>;
      { cs.is_read_only() } -> std::same_as<bool>;
      { cs.changes() } -> std::same_as<std::int64_t>;
      { cs.last_insert_rowid() } -> std::same_as<std::int64_t>;
      cs.type_mismatch(i, text);
    };

/// A connection of an engine: open, prepare (a Statement constructed from it), scripts, change
/// counts, transactions and savepoints by depth, the statement hook.
template <class C>
concept ConnectionEngine =
    std::movable<C> && StatementEngine<typename C::Statement> &&
    std::constructible_from<typename C::Statement, C&, std::string_view, bool> &&
    requires(C& c, const C& cc, std::string_view sql, int depth, Callback<void(std::string_view)> hook) {
      { C::open(sql, OpenOptions{}) } -> std::same_as<C>;
      { c.close() } -> std::same_as<bool>;
      c.execute_script(sql);
      { c.run_first(sql) } -> std::same_as<ScriptStatement>;
      { cc.changes() } -> std::same_as<std::int64_t>;
      { cc.total_changes() } -> std::same_as<std::int64_t>;
      { cc.last_insert_rowid() } -> std::same_as<std::int64_t>;
      { cc.in_transaction() } -> std::same_as<bool>;
      c.begin(depth);
      c.commit(depth);
      c.rollback(depth);
      c.on_statement(std::move(hook));
      c.set_busy_timeout(Milliseconds(1));
      { c.checkpoint(true) } -> std::same_as<bool>;
      { C::version_number() } -> std::same_as<int>;
      c.create_function(std::string(), 1, true, typename C::Function());
      c.create_aggregate(std::string(), 1, true, typename C::Aggregate());
      { cc.function_argument_limit() } -> std::same_as<int>;
      { cc.identity() } -> std::same_as<const void*>;
      { C::read_only_code } -> std::convertible_to<int>;
      { C::real_text(1.5) } -> std::same_as<std::string>;
    };

/// The engine of this build: SQLite.
using Connection = sqlite::Connection;
/// A prepared statement of the build's engine. A class of namespace dorm rather than an alias,
/// so that argument-dependent lookup finds the bind_value/read_value overloads declared after
/// the templates that call them (enums, time points, user types).
class Statement : public Connection::Statement {
 public:
  using Connection::Statement::Statement;
};
/// One value of a result row of the build's engine.
using ColumnValue = Statement::Value;

static_assert(ConnectionEngine<Connection>);
static_assert(StatementEngine<Statement>);

}  // namespace dorm
