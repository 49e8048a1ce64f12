#pragma once
// Comparisons between a column and a value or another column: ==, !=, <, <=, >, >=.
// A comparison of mismatched types selects a deleted operator whose type names the rule, the
// column and the value type (dorm/expr/rules.hpp).
#include <string>

#include "dorm/core/column.hpp"

namespace dorm {

enum class CompareOp { eq, ne, lt, le, gt, ge };

namespace detail {
/// ` = `, ` <> `, ...: operator `Op` in SQL.
template <CompareOp Op>
constexpr auto compare_op_sql() noexcept {
  if constexpr (Op == CompareOp::eq) {
    return sql_literal(" = ");
  } else if constexpr (Op == CompareOp::ne) {
    return sql_literal(" <> ");
  } else if constexpr (Op == CompareOp::lt) {
    return sql_literal(" < ");
  } else if constexpr (Op == CompareOp::le) {
    return sql_literal(" <= ");
  } else if constexpr (Op == CompareOp::gt) {
    return sql_literal(" > ");
  } else {
    return sql_literal(" >= ");
  }
}
}  // namespace detail

/// `lhs op rhs` where lhs is a column and rhs a Param or a column.
template <CompareOp Op, class L, class R>
struct Comparison {
  R rhs;
  using tables = type_list_concat_t<typename L::tables, typename R::tables>;
  using columns = type_list_concat_t<rules::columns_of_t<L>, rules::columns_of_t<R>>;
  static constexpr bool is_condition = true;
  static constexpr auto sql_text() noexcept { return detail::sql_concat(L::sql_text(), detail::compare_op_sql<Op>(), R::sql_text()); }
  void bind(Binder& binder) const { rhs.bind(binder); }
};

namespace detail {

template <CompareOp Op, class C, class V>
auto make_comparison(const V& value) {
  if constexpr (ValueExpression<V>) {
    return Comparison<Op, C, V>{value};
  } else {
    using P = param_storage_t<V>;
    return Comparison<Op, C, Param<P>>{Param<P>{P(value)}};
  }
}

}  // namespace detail

// Found by argument-dependent lookup: generated columns derive from dorm::Column, aggregates
// live in namespace dorm. Each operator has deleted twins for what the column cannot be
// compared with; their return types name the rule (dorm/expr/rules.hpp).
template <ValueExpression C, class V>
  requires rules::ComparableWith<C, V>
auto operator==(const C&, const V& value) {
  return detail::make_comparison<CompareOp::eq, C>(value);
}
template <ValueExpression C, class V>
  requires rules::NulloptOperand<V>
error::comparison_with_nullopt_is_never_true<C> operator==(const C&, const V&) = delete;  // is_null()
template <ValueExpression C, class V>
  requires rules::ValueOfAnotherKind<C, V>
error::cannot_compare_column_with_value<C, V> operator==(const C&, const V&) = delete;  // same kinds only
template <ValueExpression C, ValueExpression V>
  requires(!rules::ComparableWith<C, V>)
error::cannot_compare_columns_of_different_kinds<C, V> operator==(const C&, const V&) = delete;  // same kinds
template <ValueExpression C, class V>
  requires rules::ComparableWith<C, V>
auto operator!=(const C&, const V& value) {
  return detail::make_comparison<CompareOp::ne, C>(value);
}
template <ValueExpression C, class V>
  requires rules::NulloptOperand<V>
error::comparison_with_nullopt_is_never_true<C> operator!=(const C&, const V&) = delete;  // is_null()
template <ValueExpression C, class V>
  requires rules::ValueOfAnotherKind<C, V>
error::cannot_compare_column_with_value<C, V> operator!=(const C&, const V&) = delete;  // same kinds only
template <ValueExpression C, ValueExpression V>
  requires(!rules::ComparableWith<C, V>)
error::cannot_compare_columns_of_different_kinds<C, V> operator!=(const C&, const V&) = delete;  // same kinds
template <ValueExpression C, class V>
  requires rules::ComparableWith<C, V>
auto operator<(const C&, const V& value) {
  return detail::make_comparison<CompareOp::lt, C>(value);
}
template <ValueExpression C, class V>
  requires rules::NulloptOperand<V>
error::comparison_with_nullopt_is_never_true<C> operator<(const C&, const V&) = delete;  // is_null()
template <ValueExpression C, class V>
  requires rules::ValueOfAnotherKind<C, V>
error::cannot_compare_column_with_value<C, V> operator<(const C&, const V&) = delete;  // same kinds only
template <ValueExpression C, ValueExpression V>
  requires(!rules::ComparableWith<C, V>)
error::cannot_compare_columns_of_different_kinds<C, V> operator<(const C&, const V&) = delete;  // same kinds
template <ValueExpression C, class V>
  requires rules::ComparableWith<C, V>
auto operator<=(const C&, const V& value) {
  return detail::make_comparison<CompareOp::le, C>(value);
}
template <ValueExpression C, class V>
  requires rules::NulloptOperand<V>
error::comparison_with_nullopt_is_never_true<C> operator<=(const C&, const V&) = delete;  // is_null()
template <ValueExpression C, class V>
  requires rules::ValueOfAnotherKind<C, V>
error::cannot_compare_column_with_value<C, V> operator<=(const C&, const V&) = delete;  // same kinds only
template <ValueExpression C, ValueExpression V>
  requires(!rules::ComparableWith<C, V>)
error::cannot_compare_columns_of_different_kinds<C, V> operator<=(const C&, const V&) = delete;  // same kinds
template <ValueExpression C, class V>
  requires rules::ComparableWith<C, V>
auto operator>(const C&, const V& value) {
  return detail::make_comparison<CompareOp::gt, C>(value);
}
template <ValueExpression C, class V>
  requires rules::NulloptOperand<V>
error::comparison_with_nullopt_is_never_true<C> operator>(const C&, const V&) = delete;  // is_null()
template <ValueExpression C, class V>
  requires rules::ValueOfAnotherKind<C, V>
error::cannot_compare_column_with_value<C, V> operator>(const C&, const V&) = delete;  // same kinds only
template <ValueExpression C, ValueExpression V>
  requires(!rules::ComparableWith<C, V>)
error::cannot_compare_columns_of_different_kinds<C, V> operator>(const C&, const V&) = delete;  // same kinds
template <ValueExpression C, class V>
  requires rules::ComparableWith<C, V>
auto operator>=(const C&, const V& value) {
  return detail::make_comparison<CompareOp::ge, C>(value);
}
template <ValueExpression C, class V>
  requires rules::NulloptOperand<V>
error::comparison_with_nullopt_is_never_true<C> operator>=(const C&, const V&) = delete;  // is_null()
template <ValueExpression C, class V>
  requires rules::ValueOfAnotherKind<C, V>
error::cannot_compare_column_with_value<C, V> operator>=(const C&, const V&) = delete;  // same kinds only
template <ValueExpression C, ValueExpression V>
  requires(!rules::ComparableWith<C, V>)
error::cannot_compare_columns_of_different_kinds<C, V> operator>=(const C&, const V&) = delete;  // same kinds

}  // namespace dorm
