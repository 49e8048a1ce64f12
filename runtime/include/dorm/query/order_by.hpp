#pragma once
// The ORDER BY clause as a component: which arguments order_by() takes (columns, meaning
// ascending, or column.asc() / column.desc()) and the rendering of the terms, which are part of
// the builder's type like its condition. SELECT and its projections use it; SQLite orders an
// UPDATE or a DELETE only when built with SQLITE_ENABLE_UPDATE_DELETE_LIMIT, so those builders
// do not offer it.
#include <string>
#include <type_traits>

#include "dorm/core/column.hpp"
#include "dorm/core/type_list.hpp"

namespace dorm::detail {

/// True for `column.asc()` / `column.desc()`.
template <class T>
struct is_order_term : std::false_type {};
template <class C, SortOrder O>
struct is_order_term<OrderTerm<C, O>> : std::true_type {};

/// A column alone in order_by() means ascending.
template <class T>
struct as_order_term {
  using type = OrderTerm<T, SortOrder::asc>;
};
template <class C, SortOrder O>
struct as_order_term<OrderTerm<C, O>> {
  using type = OrderTerm<C, O>;
};

/// ` ORDER BY t1, t2 DESC`; nothing without terms.
template <class... Terms>
constexpr auto order_by_sql(type_list<Terms...>) noexcept {
  return sql_clause(sql_literal(" ORDER BY "), sql_literal(", "), Terms::sql_text()...);
}

}  // namespace dorm::detail
