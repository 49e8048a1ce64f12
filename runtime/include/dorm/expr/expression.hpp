#pragma once
// The building blocks of typed SQL expressions. Every expression type spells its SQL from its
// type alone (a compile-time constant, dorm/expr/sql_text.hpp) and binds its values at run time,
// so the SQL of a query is a constant per query shape and its prepared statement reused.
#include <string>
#include <utility>

#include "dorm/core/statement.hpp"
#include "dorm/core/type_list.hpp"
#include "dorm/expr/sql_text.hpp"

namespace dorm {

/// An SQL expression: `T::sql_text` is its text (a detail::fixed_sql constant), `t.bind(binder)`
/// binds its parameters in text order, `T::tables` lists the tables it reads.
template <class T>
concept Expression = requires(const T& e, Binder& binder) {
  T::sql_text().view();
  e.bind(binder);
  typename T::tables;
};

/// An expression of SQL boolean type, legal in where().
template <class T>
concept Condition = Expression<T> && T::is_condition;

/// A bound value: renders as `?`.
template <class T>
struct Param {
  T value;
  using tables = type_list<>;
  static constexpr bool is_condition = false;
  static constexpr auto sql_text() noexcept { return detail::sql_literal("?"); }
  void bind(Binder& binder) const { binder(value); }
};

}  // namespace dorm
