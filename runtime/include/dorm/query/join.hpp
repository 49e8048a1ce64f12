#pragma once
// JOIN clauses of the typed builder. A join adds a table to the query, so its columns become
// legal in where(), order_by() and columns(); after a LEFT JOIN, the joined table's columns are
// read as std::optional because the row may have no match.
//
// A join of a tenant table (dorm/tenancy/tenant_scope.hpp) carries that table's tenant condition in its
// ON clause, `JOIN "t" ON (<on>) AND "t"."org_id" = ?`, so a join never reads another tenant's
// rows (after a LEFT JOIN they read as NULL, as a missing row does).
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include "dorm/expr/expression.hpp"
#include "dorm/core/model.hpp"
#include "dorm/query/term_list.hpp"
#include "dorm/tenancy/tenant_scope.hpp"

namespace dorm {

enum class JoinKind { inner, left };

namespace detail {
/// The tenant condition of a join that has none.
struct NoTenantCondition {
  void bind(Binder&) const noexcept {}
};
/// The tenant condition of a join of `TableT` (only named for a tenant table).
template <bool TenantScoped, class TableT>
struct join_tenant_condition {
  using type = NoTenantCondition;
};
template <class TableT>
struct join_tenant_condition<true, TableT> {
  using type = decltype(TenantScopeOf<typename TableT::model_type>::condition());
};
}  // namespace detail

/// `[LEFT] JOIN "table" ON condition`; with `TenantScoped` (a tenant table, not bypassed)
/// `... ON (condition) AND "table"."org_id" = ?`, the tenant bound per execution.
template <JoinKind Kind, class TableT, class On, bool TenantScoped = false>
struct JoinClause {
  using table_type = TableT;
  static constexpr JoinKind kind = Kind;
  static constexpr bool tenant_scoped = TenantScoped;
  /// This join without its tenant condition (without_tenant_scope()).
  using unscoped = JoinClause<Kind, TableT, On, false>;
  /// The tenant condition of one execution (see evaluate_tenant()).
  using tenant_condition = typename detail::join_tenant_condition<TenantScoped, TableT>::type;
  On on;

  /// `[LEFT] JOIN "table" ON <on>` (see above).
  static constexpr auto sql_text() noexcept {
    constexpr auto table = detail::sql_from<TableT::quoted_name.size()>(TableT::quoted_name);
    constexpr auto join = [] {
      if constexpr (Kind == JoinKind::left) {
        return detail::sql_literal(" LEFT JOIN ");
      } else {
        return detail::sql_literal(" JOIN ");
      }
    }();
    if constexpr (TenantScoped) {
      return detail::sql_concat(join, table, detail::sql_literal(" ON ("), On::sql_text(), detail::sql_literal(") AND "),
                                tenant_condition::sql_text());
    } else {
      return detail::sql_concat(join, table, detail::sql_literal(" ON "), On::sql_text());
    }
  }
  /// Reads the active tenant (throws TenantScopeError without a scope): once per execution.
  static tenant_condition evaluate_tenant() {
    if constexpr (TenantScoped) {
      return TenantScopeOf<typename TableT::model_type>::condition();
    } else {
      return {};
    }
  }
  void bind(Binder& binder, const tenant_condition& tenant) const {
    on.bind(binder);
    tenant.bind(binder);
  }
};

namespace detail {

template <class Joins>
struct join_tables;
template <class... Joins>
struct join_tables<terms<Joins...>> {
  using type = type_list<typename Joins::table_type...>;
};

template <class Joins>
struct left_join_tables;
template <class... Joins>
struct left_join_tables<terms<Joins...>> {
  using type = type_list_concat_t<
      std::conditional_t<Joins::kind == JoinKind::left, type_list<typename Joins::table_type>, type_list<>>...>;
};

template <class Joins>
struct join_tenant_values;
template <class... Joins>
struct join_tenant_values<terms<Joins...>> {
  using type = terms<typename Joins::tenant_condition...>;
};
/// The tenant conditions of the joins `Joins` (a detail::terms list of JoinClause) for one execution.
template <class Joins>
using join_tenant_values_t = typename join_tenant_values<Joins>::type;

/// True when a join of `Joins` carries a tenant condition.
template <class Joins>
struct any_tenant_join;
template <class... Joins>
struct any_tenant_join<terms<Joins...>>
    : std::bool_constant<(Joins::tenant_scoped || ...)> {};

/// True when a join of `Joins` is of a tenant table but without its tenant condition.
template <class Joins>
struct any_unscoped_tenant_join;
template <class... Joins>
struct any_unscoped_tenant_join<terms<Joins...>>
    : std::bool_constant<((tenant_table<typename Joins::table_type> && !Joins::tenant_scoped) || ...)> {};

// Deduced return types and the `Tenants` parameter below: g++ 12 cannot mangle
// terms<typename Joins::X...> in a signature ("sorry, unimplemented: mangling typename_type").
template <class... Joins>
auto evaluate_join_tenants(const terms<Joins...>*) {
  return terms<typename Joins::tenant_condition...>{{{Joins::evaluate_tenant()}...}};
}

/// `joins` without their tenant conditions.
template <class... Joins>
auto unscoped_joins(const terms<Joins...>& joins) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return terms<typename Joins::unscoped...>{{{{term_at<I>(joins).on}}...}};
  }(std::index_sequence_for<Joins...>{});
}

/// The JOIN clauses of `Joins` (a detail::terms list of JoinClause), in order.
template <class... Joins>
constexpr auto joins_sql(const terms<Joins...>*) noexcept {
  return sql_concat(Joins::sql_text()...);
}
/// Binds each join's ON condition and tenant condition (`tenants`, evaluate_join_tenants()'s).
template <class... Joins, class Tenants>
void bind_joins(Binder& binder, const terms<Joins...>& joins, const Tenants& tenants) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (term_at<I>(joins).bind(binder, term_at<I>(tenants)), ...);
  }(std::index_sequence_for<Joins...>{});
}

}  // namespace detail

/// The tables a join list adds to a query.
template <class Joins>
using join_tables_t = typename detail::join_tables<Joins>::type;
/// The tables whose columns read as optional because they were LEFT JOINed.
template <class Joins>
using left_join_tables_t = typename detail::left_join_tables<Joins>::type;

}  // namespace dorm
