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
#include <tuple>
#include <type_traits>
#include <utility>

#include "dorm/expr/expression.hpp"
#include "dorm/core/model.hpp"
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

template <class Tuple>
struct join_tables;
template <class... Joins>
struct join_tables<std::tuple<Joins...>> {
  using type = type_list<typename Joins::table_type...>;
};

template <class Tuple>
struct left_join_tables;
template <>
struct left_join_tables<std::tuple<>> {
  using type = type_list<>;
};
template <class First, class... Rest>
struct left_join_tables<std::tuple<First, Rest...>> {
  using rest = typename left_join_tables<std::tuple<Rest...>>::type;
  using type = std::conditional_t<First::kind == JoinKind::left,
                                  type_list_concat_t<type_list<typename First::table_type>, rest>, rest>;
};

template <class Tuple>
struct join_tenant_values;
template <class... Joins>
struct join_tenant_values<std::tuple<Joins...>> {
  using type = std::tuple<typename Joins::tenant_condition...>;
};
/// The tenant conditions of the joins `Joins` (a std::tuple of JoinClause) for one execution.
template <class Joins>
using join_tenant_values_t = typename join_tenant_values<Joins>::type;

/// True when a join of `Joins` carries a tenant condition.
template <class Tuple>
struct any_tenant_join;
template <class... Joins>
struct any_tenant_join<std::tuple<Joins...>> : std::bool_constant<(Joins::tenant_scoped || ...)> {};

/// True when a join of `Joins` is of a tenant table but without its tenant condition.
template <class Tuple>
struct any_unscoped_tenant_join;
template <class... Joins>
struct any_unscoped_tenant_join<std::tuple<Joins...>>
    : std::bool_constant<((tenant_table<typename Joins::table_type> && !Joins::tenant_scoped) || ...)> {};

template <class... Joins>
std::tuple<typename Joins::tenant_condition...> evaluate_join_tenants(const std::tuple<Joins...>*) {
  return {Joins::evaluate_tenant()...};
}

/// `joins` without their tenant conditions.
template <class... Joins>
std::tuple<typename Joins::unscoped...> unscoped_joins(const std::tuple<Joins...>& joins) {
  return std::apply([](const auto&... join) { return std::tuple<typename Joins::unscoped...>{{join.on}...}; }, joins);
}

/// The JOIN clauses of `Joins` (a std::tuple of JoinClause), in order.
template <class... Joins>
constexpr auto joins_sql(const std::tuple<Joins...>*) noexcept {
  return sql_concat(Joins::sql_text()...);
}
template <class... Joins>
void bind_joins(Binder& binder, const std::tuple<Joins...>& joins,
                const std::tuple<typename Joins::tenant_condition...>& tenants) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (std::get<I>(joins).bind(binder, std::get<I>(tenants)), ...);
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
