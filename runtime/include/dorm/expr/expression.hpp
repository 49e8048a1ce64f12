#pragma once
// The building blocks of typed SQL expressions. Every expression type renders its SQL from its
// type alone (a static function) and binds its values at run time, so the SQL of a query is
// built once per query shape and its prepared statement reused.
#include <string>
#include <utility>

#include "dorm/core/statement.hpp"
#include "dorm/core/type_list.hpp"

namespace dorm {

/// An SQL expression: `T::render(sql)` appends its text, `t.bind(binder)` binds its parameters
/// in text order, `T::tables` lists the tables it reads.
template <class T>
concept Expression = requires(const T& e, std::string& sql, Binder& binder) {
  T::render(sql);
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
  static void render(std::string& sql) { sql += '?'; }
  void bind(Binder& binder) const { binder(value); }
};

}  // namespace dorm
