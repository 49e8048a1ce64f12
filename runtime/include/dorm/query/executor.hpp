#pragma once
// The executor: the one place where a statement dorm builds runs. Every terminal of the
// builders (all, first, count, exists, paginate, cursor, execute), the relation and eager loads
// and the model writes come through it, so a rule that concerns every statement is written
// once, here:
//   1. the tenant scope, or its bypass: inside a without_tenant_scope region a tenant-scoped
//      query runs as its twin without tenant conditions;
//   2. the read-only rule: a write on a connection that refuses writes (opened read_only, a
//      ConnectionPool reader) throws ReadOnlyError before SQLite sees it;
//   3. the global scopes, evaluated once per execution and alive until the statement has run
//      (their text values are bound without a copy);
//   4. the cached statement leased, its parameters bound, its result read.
// The statement hook (Database::on_statement) and the mapping of SQLite's errors happen one
// layer down, where the statement steps.
#include <memory>
#include <string_view>
#include <utility>

#include "dorm/core/statement_cache.hpp"
#include "dorm/tenancy/tenant_scope.hpp"

namespace dorm {

/// What a statement does to its table: the read-only rule refuses all but `read`.
enum class StatementKind { read, insert, update, remove };

namespace detail {

/// Throws ReadOnlyError: a `kind` statement on `table` (`sql`) on a connection that refuses
/// writes for `reason`. Out of line: error path only.
[[noreturn]] void throw_read_only(StatementKind kind, std::string_view table, const char* reason,
                                  std::string_view sql);

/// One terminal of a query, for Executor::run(): `sql(q)` is the statement query `q` runs,
/// `bind(q, binder, scopes)` binds its parameters and `read(q, statement)` reads its result.
/// A terminal that `Streams` (a cursor) reads with `read(q, lease, held)` instead: it keeps the
/// lease and the HeldQuery alive after run() returns.
template <StatementKind Kind, bool Streams, class Sql, class Bind, class Read>
struct Terminal {
  static constexpr StatementKind kind = Kind;
  static constexpr bool streams = Streams;
  Sql sql;
  Bind bind;
  Read read;
};

/// A terminal (see Terminal) from its three steps.
template <StatementKind Kind = StatementKind::read, bool Streams = false, class Sql, class Bind, class Read>
Terminal<Kind, Streams, Sql, Bind, Read> make_terminal(Sql sql, Bind bind, Read read) {
  return {std::move(sql), std::move(bind), std::move(read)};
}

/// A query with the scope values of one execution, kept together on the heap while a cursor
/// streams: the statement's text parameters point into them.
template <class Query>
struct HeldQuery {
  Query query;
  decltype(Query::scope_conditions()) scopes;
};

/// The one execution path (see the top of this file). A query type gives it
/// `static constexpr bool tenant_scoped`, `without_tenant_conditions()` (the query without its
/// tenant conditions), `static scope_conditions()`, `cache()` and `table_type`, and befriends it.
class Executor {
 public:
  /// Runs `terminal` for `query`: steps 1 to 4 above.
  template <class Query, class T>
  static auto run(const Query& query, const T& terminal) {
    if constexpr (Query::tenant_scoped) {
      if (tenant_scope_bypassed()) return run(query.without_tenant_conditions(), terminal);
    }
    StatementCache& cache = query.cache();
    if constexpr (T::streams) {
      auto held = std::make_shared<const HeldQuery<Query>>(HeldQuery<Query>{query, Query::scope_conditions()});
      auto st = lease<T::kind>(cache, terminal.sql(held->query), Query::table_type::name);
      Binder binder{*st};
      terminal.bind(held->query, binder, held->scopes);
      return terminal.read(held->query, std::move(st), std::move(held));
    } else {
      const auto scopes = Query::scope_conditions();  // bound values: alive until the statement ran
      auto st = lease<T::kind>(cache, terminal.sql(query), Query::table_type::name);
      Binder binder{*st};
      terminal.bind(query, binder, scopes);
      return terminal.read(query, *st);
    }
  }

  /// The statement of `sql` for a `Kind` statement on `table`, after the read-only rule: the
  /// step of run() that the model writes, which bind row values rather than conditions, take
  /// directly.
  template <StatementKind Kind>
  static StatementLease lease(StatementCache& cache, const StaticSql& sql, std::string_view table) {
    if constexpr (Kind != StatementKind::read) require_writable(cache, Kind, table, sql.text);
    return cache.lease(sql);
  }
  /// lease() of SQL text built at run time (dorm/query/filtered_select.hpp): prepared through
  /// the connection's bounded text cache, since its shapes are not bounded like a type's.
  template <StatementKind Kind>
  static StatementLease lease(StatementCache& cache, std::string_view sql, std::string_view table) {
    if constexpr (Kind != StatementKind::read) require_writable(cache, Kind, table, sql);
    return cache.lease(sql);
  }

  /// The read-only rule: throws ReadOnlyError when `cache`'s connection refuses writes. Model
  /// writes also check it before their hooks run, so a refused write runs none.
  static void require_writable(StatementCache& cache, StatementKind kind, std::string_view table,
                               std::string_view sql = {}) {
    if (const char* reason = cache.read_only_reason(); reason != nullptr) [[unlikely]]
      throw_read_only(kind, table, reason, sql);
  }
};

}  // namespace detail
}  // namespace dorm
