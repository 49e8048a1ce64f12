#pragma once
// AND, OR and NOT over conditions. Each renders parenthesized, so precedence in SQL is the
// precedence the C++ expression had.
#include <string>

#include "dorm/expr/expression.hpp"
#include "dorm/expr/predicates.hpp"

namespace dorm {

enum class LogicalOp { and_, or_ };

/// `(lhs AND rhs)` or `(lhs OR rhs)`.
template <LogicalOp Op, class L, class R>
struct Logical {
  L lhs;
  R rhs;
  using tables = type_list_concat_t<typename L::tables, typename R::tables>;
  using columns = type_list_concat_t<rules::columns_of_t<L>, rules::columns_of_t<R>>;
  static constexpr bool is_condition = true;
  static constexpr auto sql_text() noexcept {
    if constexpr (Op == LogicalOp::and_) {
      return detail::sql_concat(detail::sql_literal("("), L::sql_text(), detail::sql_literal(" AND "), R::sql_text(),
                                detail::sql_literal(")"));
    } else {
      return detail::sql_concat(detail::sql_literal("("), L::sql_text(), detail::sql_literal(" OR "), R::sql_text(),
                                detail::sql_literal(")"));
    }
  }
  void bind(Binder& binder) const {
    lhs.bind(binder);
    rhs.bind(binder);
  }
};

template <class L, class R>
using And = Logical<LogicalOp::and_, L, R>;
template <class L, class R>
using Or = Logical<LogicalOp::or_, L, R>;

template <class E>
struct Not {
  E operand;
  using tables = typename E::tables;
  using columns = rules::columns_of_t<E>;
  static constexpr bool is_condition = true;
  static constexpr auto sql_text() noexcept { return detail::sql_concat(detail::sql_literal("NOT ("), E::sql_text(), detail::sql_literal(")")); }
  void bind(Binder& binder) const { operand.bind(binder); }
};

template <LogicalOp Op, class L, class R>
struct not_null_checked_tables<Logical<Op, L, R>> {
  using type = type_list_concat_t<not_null_checked_tables_t<L>, not_null_checked_tables_t<R>>;
};
template <class E>
struct not_null_checked_tables<Not<E>> : not_null_checked_tables<E> {};

template <Condition L, Condition R>
And<L, R> operator&&(const L& lhs, const R& rhs) {
  return {lhs, rhs};
}
template <Condition L, Condition R>
Or<L, R> operator||(const L& lhs, const R& rhs) {
  return {lhs, rhs};
}
template <Condition E>
Not<E> operator!(const E& operand) {
  return {operand};
}

}  // namespace dorm
