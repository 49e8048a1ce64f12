#pragma once
// The WHERE clause as a component of the SELECT, UPDATE and DELETE builders: one vocabulary
// (where, or_where, where_in, where_not_in, where_null, where_not_null, where_between) with one
// set of typing rules, and one rendering of the condition behind the global scopes.
//
// The condition is part of the builder's type, so its SQL is a constant of the query shape
// (dorm/expr/sql_text.hpp); this component decides the condition's type and checks it.
#include <string>
#include <type_traits>

#include "dorm/expr/comparison.hpp"
#include "dorm/expr/logical.hpp"
#include "dorm/expr/predicates.hpp"
#include "dorm/expr/rules.hpp"
#include "dorm/core/type_list.hpp"

namespace dorm {

/// The absence of a WHERE clause.
struct NoCondition {
  using tables = type_list<>;
  static constexpr auto sql_text() noexcept { return detail::no_sql; }
  void bind(Binder&) const noexcept {}
};

namespace detail {

template <class E>
struct renders_parenthesized : std::false_type {};
template <LogicalOp Op, class L, class R>
struct renders_parenthesized<Logical<Op, L, R>> : std::true_type {};

template <class ScopeSet, class Where>
constexpr auto make_scoped_where_sql() noexcept {
  constexpr bool has_where = !std::is_same_v<Where, NoCondition>;
  if constexpr (ScopeSet::empty) {
    if constexpr (has_where) {
      return sql_concat(sql_literal(" WHERE "), Where::sql_text());
    } else {
      return no_sql;
    }
  } else if constexpr (!has_where) {
    return sql_concat(sql_literal(" WHERE "), ScopeSet::sql_text());
  } else if constexpr (renders_parenthesized<Where>::value) {
    return sql_concat(sql_literal(" WHERE "), ScopeSet::sql_text(), sql_literal(" AND "), Where::sql_text());
  } else {
    return sql_concat(sql_literal(" WHERE "), ScopeSet::sql_text(), sql_literal(" AND ("), Where::sql_text(),
                      sql_literal(")"));
  }
}
/// ` WHERE <scope> AND <scope> AND (<where>)`: the user's condition is parenthesized, so an
/// or_where() cannot escape the scopes. ` WHERE <where>` without scopes; nothing without either.
template <class ScopeSet, class Where>
inline constexpr auto scoped_where_sql = make_scoped_where_sql<ScopeSet, Where>();

/// `where Op condition`, or `condition` alone when there was no condition yet.
template <LogicalOp Op, class Where, class E>
auto combine_conditions(const Where& where, const E& condition) {
  if constexpr (std::is_same_v<Where, NoCondition>) {
    return condition;
  } else {
    return Logical<Op, Where, E>{where, condition};
  }
}

}  // namespace detail

/// The WHERE vocabulary of builder `Query` (a SelectQuery, UpdateQuery or DeleteQuery). The
/// builder provides `query_tables` (the tables its conditions may use), `left_joined_tables`
/// (whose NOT NULL columns may still be null-checked), its condition `where_` and
/// `with_where(condition)`, the same builder with another condition; it befriends this class.
template <class Query>
class WhereClause {
  /// The typing rule of a condition `E` in this query (dorm/expr/rules.hpp): rules::satisfied,
  /// or the broken rule's type, whose deleted constructor is the compile error naming the column.
  /// (A member class, so Query's members are read at the call, where Query is complete.)
  template <class E>
  struct condition_rule {
    using type = rules::condition_check_t<E, typename Query::query_tables, typename Query::left_joined_tables>;
  };
  template <class E>
  using condition_rule_t = typename condition_rule<E>::type;

 public:
  /// Adds a condition; several where() calls are joined with AND. The defaulted parameter is
  /// the typing rule.
  template <class E>
  [[nodiscard]] auto where(const E& condition, condition_rule_t<E> = {}) const {
    return add<LogicalOp::and_>(condition);
  }
  /// Adds a condition joined with OR to the conditions so far: `(previous) OR condition`. The
  /// global scopes still apply to the whole: `<scopes> AND ((previous) OR condition)`.
  template <class E>
  [[nodiscard]] auto or_where(const E& condition, condition_rule_t<E> = {}) const {
    return add<LogicalOp::or_>(condition);
  }
  /// `where(column.in(values))`.
  template <class C, class Range>
  [[nodiscard]] auto where_in(const C& column, const Range& values,
                              rules::in_check_t<C, range_value_t<Range>> = {},
                              condition_rule_t<InList<C, range_value_t<Range>>> = {}) const {
    return add<LogicalOp::and_>(column.in(values));
  }
  /// `where(!column.in(values))`.
  template <class C, class Range>
  [[nodiscard]] auto where_not_in(const C& column, const Range& values,
                                  rules::in_check_t<C, range_value_t<Range>> = {},
                                  condition_rule_t<InList<C, range_value_t<Range>>> = {}) const {
    return add<LogicalOp::and_>(!column.in(values));
  }
  /// `where(column.is_null())`.
  template <class C>
  [[nodiscard]] auto where_null(const C& column, condition_rule_t<IsNull<C>> = {}) const {
    return add<LogicalOp::and_>(column.is_null());
  }
  /// `where(column.is_not_null())`.
  template <class C>
  [[nodiscard]] auto where_not_null(const C& column, condition_rule_t<IsNotNull<C>> = {}) const {
    return add<LogicalOp::and_>(column.is_not_null());
  }
  /// `where(column.between(low, high))`.
  template <class C, class V>
  [[nodiscard]] auto where_between(const C& column, const V& low, const V& high,
                                   rules::comparison_check_t<C, V> = {},
                                   condition_rule_t<Between<C, param_storage_t<V>>> = {}) const {
    return add<LogicalOp::and_>(column.between(low, high));
  }

 private:
  // `where_ Op condition` when the condition keeps the rules; the query unchanged otherwise
  // (the defaulted rule parameter has already stopped the compile).
  template <LogicalOp Op, class E>
  auto add(const E& condition) const {
    if constexpr (std::is_same_v<condition_rule_t<E>, rules::satisfied>) {
      return self().with_where(detail::combine_conditions<Op>(self().where_, condition));
    } else {
      return self();
    }
  }
  const Query& self() const noexcept { return static_cast<const Query&>(*this); }
};

}  // namespace dorm
