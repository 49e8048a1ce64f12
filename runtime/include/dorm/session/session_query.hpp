#pragma once
// session.select<User>(): the select<T>() builder run through a dorm::Session. The same
// vocabulary (where, order_by, limit, with, the scope methods); its terminals return managed
// rows, merged with the rows the session already holds (a row already managed is returned as
// it is in memory, not as the database has it: Session::refresh() reloads it).
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/core/error.hpp"
#include "dorm/core/model.hpp"
#include "dorm/query/select.hpp"

namespace dorm {

class Session;

/// A SELECT of `M` rows (the builder `Query`, a SelectQuery) whose rows a Session manages.
/// Each builder call returns a new SessionQuery around the builder the call returns.
template <Model M, class Query>
class SessionQuery {
 public:
  SessionQuery(Session& session, Query query) : session_(&session), query_(std::move(query)) {}

  /// The underlying builder (for to_sql-style inspection; its terminals return plain copies).
  [[nodiscard]] const Query& query() const noexcept { return query_; }
  /// The SQL all() runs (without limit() and offset()).
  [[nodiscard]] static const std::string& sql() { return Query::sql(); }

  // ---- the builder's vocabulary (dorm/query/select.hpp, where.hpp, scope.hpp) ----

  /// where(condition), as on select<M>(); and-ed with earlier ones.
  template <class E>
  [[nodiscard]] auto where(const E& condition) const {
    return wrap(query_.where(condition));
  }
  /// or_where(condition), as on select<M>().
  template <class E>
  [[nodiscard]] auto or_where(const E& condition) const {
    return wrap(query_.or_where(condition));
  }
  /// where_in(column, values), as on select<M>().
  template <class C, class Range>
  [[nodiscard]] auto where_in(const C& column, const Range& values) const {
    return wrap(query_.where_in(column, values));
  }
  /// where_not_in(column, values), as on select<M>().
  template <class C, class Range>
  [[nodiscard]] auto where_not_in(const C& column, const Range& values) const {
    return wrap(query_.where_not_in(column, values));
  }
  /// where_null(column), as on select<M>().
  template <class C>
  [[nodiscard]] auto where_null(const C& column) const {
    return wrap(query_.where_null(column));
  }
  /// where_not_null(column), as on select<M>().
  template <class C>
  [[nodiscard]] auto where_not_null(const C& column) const {
    return wrap(query_.where_not_null(column));
  }
  /// order_by(terms...), as on select<M>().
  template <class... Terms>
  [[nodiscard]] auto order_by(const Terms&... terms) const {
    return wrap(query_.order_by(terms...));
  }
  /// with(relations...): loads them eagerly; their rows become managed too, and
  /// Session::load() then returns them without a query.
  template <class... Relations>
  [[nodiscard]] auto with(const Relations&... relations) const {
    return wrap(query_.with(relations...));
  }
  /// limit(n), as on select<M>().
  [[nodiscard]] SessionQuery limit(std::int64_t n) const { return {*session_, query_.limit(n)}; }
  /// offset(n), as on select<M>().
  [[nodiscard]] SessionQuery offset(std::int64_t n) const { return {*session_, query_.offset(n)}; }
  /// with_trashed(), as on select<M>() (tables with soft deletes).
  [[nodiscard]] auto with_trashed() const { return wrap(query_.with_trashed()); }
  /// only_trashed(), as on select<M>() (tables with soft deletes).
  [[nodiscard]] auto only_trashed() const { return wrap(query_.only_trashed()); }
  /// without_global_scopes(), as on select<M>().
  [[nodiscard]] auto without_global_scopes() const { return wrap(query_.without_global_scopes()); }
  /// without_scope<S>(), as on select<M>().
  template <class S>
  [[nodiscard]] auto without_scope() const {
    return wrap(query_.template without_scope<S>());
  }
  /// without_tenant_scope(), as on select<M>() (tenant tables).
  [[nodiscard]] auto without_tenant_scope() const { return wrap(query_.without_tenant_scope()); }

  // ---- terminals: managed rows ----

  /// Every matching row, managed by the session (with() relations loaded and managed too).
  [[nodiscard]] std::vector<M*> all() const;
  /// The first matching row, managed, or nullptr.
  [[nodiscard]] M* first() const;
  /// The first matching row, managed; throws NotFound when there is none.
  [[nodiscard]] M& first_or_fail() const {
    M* row = first();
    if (row == nullptr)
      throw NotFound("[dorm.not_found] no row in table '" + std::string(table_of<M>::name) + "' matches the query", 0,
                     0, sql());
    return *row;
  }
  /// The number of matching rows (a query; managed rows are not counted from memory).
  [[nodiscard]] std::int64_t count() const { return query_.count(); }
  /// True when at least one row matches (a query).
  [[nodiscard]] bool exists() const { return query_.exists(); }

 private:
  template <class Q>
  SessionQuery<M, Q> wrap(Q query) const {
    return SessionQuery<M, Q>(*session_, std::move(query));
  }

  Session* session_;
  Query query_;
};

}  // namespace dorm
