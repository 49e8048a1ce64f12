#pragma once
// Comparisons between a column and a value or another column: ==, !=, <, <=, >, >=.
// A comparison of mismatched types stops at a static_assert that says so in one sentence;
// the compiler's "required from here" line names the column type and the value type.
#include <string>

#include "dorm/column.hpp"

namespace dorm {

enum class CompareOp { eq, ne, lt, le, gt, ge };

constexpr const char* compare_op_sql(CompareOp op) {
  switch (op) {
    case CompareOp::eq: return " = ";
    case CompareOp::ne: return " <> ";
    case CompareOp::lt: return " < ";
    case CompareOp::le: return " <= ";
    case CompareOp::gt: return " > ";
    case CompareOp::ge: return " >= ";
  }
  return " = ";
}

/// `lhs op rhs` where lhs is a column and rhs a Param or a column.
template <CompareOp Op, class L, class R>
struct Comparison {
  R rhs;
  using tables = type_list_concat_t<typename L::tables, typename R::tables>;
  static constexpr bool is_condition = true;
  static void render(std::string& sql) {
    L::render(sql);
    sql += compare_op_sql(Op);
    R::render(sql);
  }
  void bind(Binder& binder) const { rhs.bind(binder); }
};

namespace detail {

template <CompareOp Op, class C, class V>
auto make_comparison(const V& value) {
  using CT = typename C::value_type;
  if constexpr (ValueExpression<V>) {
    rules::require_comparable_columns<C, CT, V, typename V::value_type>();
    return Comparison<Op, C, V>{value};
  } else {
    rules::require_comparable<C, CT, V>();
    using P = param_storage_t<V>;
    return Comparison<Op, C, Param<P>>{Param<P>{P(value)}};
  }
}

}  // namespace detail

// Found by argument-dependent lookup: generated columns derive from dorm::Column, aggregates
// live in namespace dorm.
template <ValueExpression C, class V>
auto operator==(const C&, const V& value) {
  return detail::make_comparison<CompareOp::eq, C>(value);
}
template <ValueExpression C, class V>
auto operator!=(const C&, const V& value) {
  return detail::make_comparison<CompareOp::ne, C>(value);
}
template <ValueExpression C, class V>
auto operator<(const C&, const V& value) {
  return detail::make_comparison<CompareOp::lt, C>(value);
}
template <ValueExpression C, class V>
auto operator<=(const C&, const V& value) {
  return detail::make_comparison<CompareOp::le, C>(value);
}
template <ValueExpression C, class V>
auto operator>(const C&, const V& value) {
  return detail::make_comparison<CompareOp::gt, C>(value);
}
template <ValueExpression C, class V>
auto operator>=(const C&, const V& value) {
  return detail::make_comparison<CompareOp::ge, C>(value);
}

}  // namespace dorm
