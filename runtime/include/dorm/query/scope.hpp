#pragma once
// Global scopes: named filters that every SELECT, UPDATE and DELETE builder of a model applies
// (`WHERE <scope> AND <scope> AND (<where()>)`), soft deletes being one of them.
//
// A scope is a type with a name and a condition over its model's table:
//
//   struct PublishedOnly {
//     static constexpr std::string_view name = "published_only";
//     static auto condition() { return shop::articles.published == true; }
//   };
//   // once, in a header included wherever Article is queried, after the generated header:
//   template <> struct dorm::global_scopes<shop::Article> { using type = dorm::type_list<PublishedOnly>; };
//
// condition() is called each time a query binds its parameters (every execution), never
// stored, so a scope may read run-time state (a per-thread tenant id, the current user). The
// SQL text depends only on the condition's type, so it is still built once per query shape.
//
// Bypasses are explicit, per query and greppable: without_scope<S>(), without_global_scopes(),
// with_trashed(), only_trashed().
//
// Tenant tables (dorm/tenancy/tenant_scope.hpp) start with one more scope, TenantScopeOf<M>, first of
// all. It is a boundary, not a convenience filter: without_global_scopes() keeps it,
// without_scope<S>() refuses it, and only without_tenant_scope() drops it.
//
// Scopes apply to the model a builder is for; tables added with join() are not scoped (as in
// Laravel): filter them in the ON condition when that matters. The tenant scope is the
// exception: a join() of a tenant table adds its tenant condition to the ON clause.
#include <array>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "dorm/core/column.hpp"
#include "dorm/detail/table_traits.hpp"
#include "dorm/expr/expression.hpp"
#include "dorm/core/model.hpp"
#include "dorm/query/rules.hpp"
#include "dorm/tenancy/tenant_scope.hpp"
#include "dorm/core/type_list.hpp"

namespace dorm {

/// The global scopes of model `M` (a type_list of scope types). Specialize it right after the
/// generated header, in a header every file querying `M` includes: a file that does not see the
/// specialization would build differently scoped queries (and break the one-definition rule).
template <class M>
struct global_scopes {
  using type = type_list<>;
};

/// True when `M`'s table has soft deletes (`x-dorm-soft-delete`: a nullable deleted_at column).
template <class M>
concept has_soft_deletes = Model<M> && detail::soft_delete_table<table_of<M>>;

/// The scope of a soft-delete table: rows whose deleted_at is NULL (not trashed). Applied to
/// every query of such a model; with_trashed() removes it, only_trashed() replaces it.
template <class M>
struct SoftDeleteScope {
  static constexpr std::string_view name = "soft_deletes";
  static auto condition() { return typename table_of<M>::deleted_at_column{}.is_null(); }
};

/// The scope only_trashed() puts in SoftDeleteScope's place: rows whose deleted_at is set.
template <class M>
struct OnlyTrashedScope {
  static constexpr std::string_view name = "only_trashed";
  static auto condition() { return typename table_of<M>::deleted_at_column{}.is_not_null(); }
};

/// The scopes every query of `M` starts with: TenantScopeOf<M> (tenant tables), then
/// SoftDeleteScope<M> (soft-delete tables), then global_scopes<M>::type.
template <class M>
using default_scopes_t =
    type_list_concat_t<std::conditional_t<tenant_scoped_model<M>, type_list<TenantScopeOf<M>>, type_list<>>,
                       std::conditional_t<has_soft_deletes<M>, type_list<SoftDeleteScope<M>>, type_list<>>,
                       typename global_scopes<M>::type>;

namespace rules {

template <class Scope, class ScopeCondition, class ModelTable>
constexpr void require_scope_condition() {
  static_assert(Condition<ScopeCondition>,
                "dorm: a scope's condition() must return a condition such as articles.published == true");
  if constexpr (Condition<ScopeCondition>) {
    static_assert(type_list_is_subset<typename ScopeCondition::tables, type_list<ModelTable>>::value,
                  "dorm: a scope's condition() may use only columns of its model's table");
  }
}

}  // namespace rules

namespace detail {

template <class List, class T>
struct type_list_remove;
template <class... Ts, class T>
struct type_list_remove<type_list<Ts...>, T> {
  using type = type_list_concat_t<std::conditional_t<std::is_same_v<Ts, T>, type_list<>, type_list<Ts>>...>;
};
/// `List` without `T`.
template <class List, class T>
using type_list_remove_t = typename type_list_remove<List, T>::type;

/// `Scopes` without the soft-delete scopes: with_trashed().
template <class M, class Scopes>
using without_trashed_scopes_t = type_list_remove_t<type_list_remove_t<Scopes, SoftDeleteScope<M>>, OnlyTrashedScope<M>>;
/// `Scopes` with OnlyTrashedScope in SoftDeleteScope's place (after the tenant scope, before
/// the others): only_trashed().
template <class M, class Scopes>
using only_trashed_scopes_t =
    type_list_concat_t<tenant_scopes_only_t<Scopes>, type_list<OnlyTrashedScope<M>>,
                       without_tenant_scopes_t<without_trashed_scopes_t<M, Scopes>>>;

template <class... S>
constexpr std::array<std::string_view, sizeof...(S)> scope_names(type_list<S...>) noexcept {
  return {S::name...};
}

/// The scopes of a query (`Scopes`, a type_list) over `Table`: their SQL and, per execution,
/// their conditions.
template <class Table, class Scopes>
struct scope_set;
template <class Table, class... S>
struct scope_set<Table, type_list<S...>> {
  /// The conditions of one execution; they own the values bound to the statement, so they
  /// must outlive its stepping.
  using values = std::tuple<decltype(S::condition())...>;
  static constexpr bool empty = sizeof...(S) == 0;

  static values evaluate() { return values(S::condition()...); }
  /// `<scope1> AND <scope2> ...` (nothing without scopes).
  static constexpr auto sql_text() noexcept {
    (rules::require_scope_condition<S, decltype(S::condition()), Table>(), ...);
    if constexpr ((Condition<decltype(S::condition())> && ...)) {
      return sql_join(sql_literal(" AND "), decltype(S::condition())::sql_text()...);
    } else {
      return no_sql;
    }
  }
  static void bind(Binder& binder, const values& conditions) {
    // No std::apply: most queries have no scopes, and its machinery was instantiated for each.
    if constexpr (!empty) bind_each(binder, conditions, std::index_sequence_for<S...>{});
  }

 private:
  template <std::size_t... I>
  static void bind_each(Binder& binder, const values& conditions, std::index_sequence<I...>) {
    (std::get<I>(conditions).bind(binder), ...);
  }
};

}  // namespace detail

/// The scope methods of a query builder `Query` over model `M` applying `Scopes`. Each bypass
/// returns the same query with other scopes, for this query only (`Query::with_scopes<List>()`).
template <class Query, class M, class Scopes>
class ScopedQuery {
 public:
  /// The names of the scopes this query applies, in SQL order (for logging and tests).
  [[nodiscard]] static constexpr auto scope_names() noexcept { return detail::scope_names(Scopes{}); }

  /// This query without scope `S` (one of the model's dorm::global_scopes). The tenant scope is
  /// not one: without_tenant_scope() drops it.
  template <class S>
  [[nodiscard]] auto without_scope(
      rules::check_t<!detail::is_tenant_scope<S>::value, error::without_scope_cannot_drop_the_tenant_scope<S>> = {},
      rules::check_t<detail::is_tenant_scope<S>::value || type_list_contains<Scopes, S>::value,
                     error::without_scope_names_a_scope_not_applied<S, Scopes>> = {}) const {
    return self().template with_scopes<detail::type_list_remove_t<Scopes, S>>();
  }
  /// This query without any scope, soft deletes included, but the tenant scope: a tenant
  /// boundary is not a convenience filter (without_tenant_scope() drops it).
  [[nodiscard]] auto without_global_scopes() const {
    return self().template with_scopes<detail::tenant_scopes_only_t<Scopes>>();
  }
  /// This query over every tenant: the tenant scope of its model and the tenant conditions of
  /// its joins dropped, for this query only (eager loads of its with() relations included).
  /// Greppable, like the region form dorm::without_tenant_scope(fn).
  template <class Q = Query>
  [[nodiscard]] auto without_tenant_scope(
      rules::check_t<Q::tenant_scoped, error::without_tenant_scope_needs_a_tenant_table<M>> = {}) const {
    if constexpr (Q::tenant_scoped) {
      return self().without_tenant_conditions();
    } else {
      return self();
    }
  }
  /// Not the API: the builders' tenant_unscoped() was public once, and a call to it names the
  /// rule (error::tenant_scope_is_dropped_only_by_without_tenant_scope) instead of a private
  /// member's whole signature.
  void tenant_unscoped(error::tenant_scope_is_dropped_only_by_without_tenant_scope<M> = {}) const {}
  /// This query over trashed (soft-deleted) rows too.
  [[nodiscard]] auto with_trashed(
      rules::check_t<has_soft_deletes<M>, error::needs_a_table_with_soft_deletes<M>> = {}) const {
    if constexpr (has_soft_deletes<M>) {
      return self().template with_scopes<detail::without_trashed_scopes_t<M, Scopes>>();
    } else {
      return self();
    }
  }
  /// This query over trashed (soft-deleted) rows only (`deleted_at IS NOT NULL`).
  [[nodiscard]] auto only_trashed(
      rules::check_t<has_soft_deletes<M>, error::needs_a_table_with_soft_deletes<M>> = {}) const {
    if constexpr (has_soft_deletes<M>) {
      return self().template with_scopes<detail::only_trashed_scopes_t<M, Scopes>>();
    } else {
      return self();
    }
  }

 private:
  const Query& self() const noexcept { return static_cast<const Query&>(*this); }
};

}  // namespace dorm
