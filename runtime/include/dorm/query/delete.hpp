#pragma once
// remove_all<T>(): the typed DELETE builder.
//
//   db.remove_all<User>().where(users.age < 18).execute();
//
// The SQL is a function of the builder's type (built once, prepared once per connection, every
// value bound). execute() without where() does not compile; execute_all_rows() empties the
// table deliberately. ON DELETE actions of foreign keys (CASCADE, SET NULL, RESTRICT) run as
// declared in the schema.
//
// Global scopes apply (`DELETE ... WHERE <scopes> AND (<where>)`). On a soft-delete table
// (`x-dorm-soft-delete`) execute() trashes the rows instead: `UPDATE t SET "deleted_at" = ?
// WHERE ...`; the soft-delete scope keeps already trashed rows untouched; force() deletes. On
// a tenant table only the active tenant's rows go (dorm/tenancy/tenant_scope.hpp).
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "dorm/detail/table_traits.hpp"
#include "dorm/core/model.hpp"
#include "dorm/query/executor.hpp"
#include "dorm/query/where.hpp"
#include "dorm/query/scope.hpp"
#include "dorm/core/statement_cache.hpp"
#include "dorm/lifecycle/timestamp.hpp"

namespace dorm {

/// A DELETE from model `M`'s table filtered by the scopes `Scopes` (a type_list, see
/// dorm/query/scope.hpp) and `Where`. On a soft-delete table it is an UPDATE setting deleted_at (and
/// updated_at with timestamps) unless `Force` (force()).
template <Model M, class Where = NoCondition, class Scopes = default_scopes_t<M>, bool Force = false>
class DeleteQuery : public ScopedQuery<DeleteQuery<M, Where, Scopes, Force>, M, Scopes>,
                    public WhereClause<DeleteQuery<M, Where, Scopes, Force>> {
  using scope_set = detail::scope_set<table_of<M>, Scopes>;

 public:
  using table_type = table_of<M>;
  using query_tables = type_list<table_type>;
  using left_joined_tables = type_list<>;
  /// True when execute() soft-deletes (sets deleted_at) rather than deleting.
  static constexpr bool soft_deletes = has_soft_deletes<M> && !Force;

  explicit DeleteQuery(StatementCache& cache, Where where = {}) : cache_(&cache), where_(std::move(where)) {}

  /// A DELETE that really removes the rows of a soft-delete table instead of trashing them.
  /// Scopes still apply: the soft-delete scope keeps trashed rows out unless with_trashed() or
  /// only_trashed() (`remove_all<T>().only_trashed().force()` purges the trash).
  [[nodiscard]] auto force(rules::check_t<has_soft_deletes<M>, error::needs_a_table_with_soft_deletes<M>> = {}) const {
    return DeleteQuery<M, Where, Scopes, true>(*cache_, where_);
  }

  /// Runs the DELETE (or soft delete); returns the number of rows deleted or trashed (not
  /// counting rows that foreign-key cascades deleted in other tables). Needs a where().
  std::int64_t execute(rules::check_t<!std::is_same_v<Where, NoCondition>,
                                     error::remove_without_where_would_delete_every_row<M>> = {}) const {
    return run();
  }

  /// Runs the DELETE on every row matching where() and the scopes, or on every row the scopes
  /// let through without a where().
  std::int64_t execute_all_rows() const { return run(); }

  /// The SQL this delete runs (for logging and tests).
  [[nodiscard]] static const std::string& sql() { return delete_sql().text; }

  /// True when this delete applies a tenant scope: inside a without_tenant_scope region it runs
  /// as without_tenant_scope().
  static constexpr bool tenant_scoped = detail::has_tenant_scope_v<Scopes>;

 private:
  template <class NewScopes>
  auto with_scopes() const {
    return DeleteQuery<M, Where, NewScopes, Force>(*cache_, where_);
  }
  auto without_tenant_conditions() const { return with_scopes<detail::without_tenant_scopes_t<Scopes>>(); }
  template <class W>
  auto with_where(W where) const {
    return DeleteQuery<M, W, Scopes, Force>(*cache_, std::move(where));
  }
  friend class ScopedQuery<DeleteQuery, M, Scopes>;
  friend class WhereClause<DeleteQuery>;

  static constexpr bool touches_updated_at = soft_deletes && detail::timestamped_table<table_type>;

  static constexpr auto delete_text() noexcept {
    if constexpr (soft_deletes) {
      using Deleted = typename table_type::deleted_at_column;
      constexpr auto updated_at = [] {
        if constexpr (touches_updated_at) {
          using C = typename table_type::updated_at_column;
          return detail::sql_concat(detail::sql_literal(", "),
                                    detail::sql_from<C::quoted_name.size()>(C::quoted_name), detail::sql_literal(" = ?"));
        } else {
          return detail::no_sql;
        }
      }();
      return detail::sql_concat(detail::sql_literal("UPDATE "), detail::table_name_sql<table_type>,
                                detail::sql_literal(" SET "),
                                detail::sql_from<Deleted::quoted_name.size()>(Deleted::quoted_name),
                                detail::sql_literal(" = ?"), updated_at, detail::scoped_where_sql<scope_set, Where>);
    } else {
      return detail::sql_concat(detail::sql_literal("DELETE FROM "), detail::table_name_sql<table_type>,
                                detail::scoped_where_sql<scope_set, Where>);
    }
  }
  static const StaticSql& delete_sql() {
    static constexpr auto text = delete_text();
    static const StaticSql sql = make_static_sql(text.view());
    return sql;
  }

  std::int64_t run() const {
    // Soft deletes: one now per execution, for deleted_at (and updated_at).
    std::string now;
    if constexpr (soft_deletes) now = utc_timestamp();
    return detail::Executor::run(
        *this, detail::make_terminal<StatementKind::remove>(
                   [](const auto& q) -> const StaticSql& { return q.delete_sql(); },
                   [&now](const auto& q, Binder& binder, const auto& scopes) { q.bind_parameters(binder, scopes, now); },
                   [](const auto&, Statement& st) {
                     while (st.step()) {
                     }
                     return st.changes();
                   }));
  }

  /// Binds the parameters in SQL order: the soft delete's times, then the scopes, then where().
  void bind_parameters(Binder& binder, const typename scope_set::values& scopes, const std::string& now) const {
    if constexpr (soft_deletes) binder(now);
    if constexpr (touches_updated_at) binder(now);
    scope_set::bind(binder, scopes);
    where_.bind(binder);
  }
  // What the executor needs: the scope conditions of one execution, and the connection.
  static typename scope_set::values scope_conditions() { return scope_set::evaluate(); }
  [[nodiscard]] StatementCache& cache() const noexcept { return *cache_; }
  friend class detail::Executor;

  template <Model, class, class, bool>
  friend class DeleteQuery;

  StatementCache* cache_;
  Where where_;
};

}  // namespace dorm
