#pragma once
// How a generated table's rows meet statements: reading a row from a result, binding a row's
// values for the statements of dorm/detail/table_sql.hpp, reading back what an INSERT returns.
// Each folds over the table type's column descriptors; with the member
// pointers constant, the compiler unrolls them into what dorm-gen used to emit line by line.
#include <cstddef>
#include <type_traits>

#include "dorm/detail/table_sql.hpp"
#include "dorm/core/statement.hpp"
#include "dorm/core/type_list.hpp"

namespace dorm::detail {

/// Reads the columns of `T` in table order, from result column `first` on, into `row`.
template <class T>
void read_row(const Statement& statement, typename T::model_type& row, int first = 0) {
  [&]<class... Cs>(type_list<Cs...>) {
    int index = first;
    (read_value(statement, index++, row.*Cs::member), ...);
  }(typename T::columns{});
}

/// The row gives its own key (not 0 in a rowid key, which SQLite then chooses).
template <class T>
bool has_key_value([[maybe_unused]] const typename T::model_type& row) {
  if constexpr (rowid_table<T>) {
    return row.*T::rowid_key::member != 0;
  } else {
    return true;
  }
}

/// Binds one row's values in insert_shape<T>(has_key_value(row)) order.
template <class T>
void bind_insert_row(Binder& bind, const typename T::model_type& row) {
  for_each_column<T>([&]<class C>(C) {
    if constexpr (is_rowid_key<T, C>()) {
      if (row.*C::member != 0) bind(row.*C::member);
    } else {
      bind(row.*C::member);
    }
  });
}

/// Binds the values of upsert_set<T>()'s parameters: the SQL-default columns outside the key.
template <class T>
void bind_upsert_set(Binder& bind, const typename T::model_type& row) {
  for_each_column<T>([&]<class C>(C) {
    if constexpr (sql_default_column<C> && !is_key_column<T, C>) bind(row.*C::member);
  });
}

/// Reads what a single-row INSERT returned into `row`: the SQL-default columns when
/// `returned_row`, then the rowid key SQLite chose when the row left it 0.
template <class T>
void complete_insert([[maybe_unused]] const Statement& statement, [[maybe_unused]] bool returned_row,
                     [[maybe_unused]] typename T::model_type& row) {
  if (returned_row) {
    int index = 0;
    for_each_column<T>([&]<class C>(C) {
      if constexpr (sql_default_column<C>) read_value(statement, index++, row.*C::member);
    });
  }
  if constexpr (rowid_table<T>) {
    auto& key = row.*T::rowid_key::member;
    if (key == 0) key = statement.last_insert_rowid();
  }
}

/// Reads one row a multi-row INSERT returned (bulk_returning_clause<T>()) into `row`.
template <class T>
void read_returning([[maybe_unused]] const Statement& statement, [[maybe_unused]] typename T::model_type& row) {
  int index = 0;
  for_each_column<T>([&]<class C>(C) {
    if constexpr (is_rowid_key<T, C>() || sql_default_column<C>) read_value(statement, index++, row.*C::member);
  });
}

/// Binds `key`, one value per primary key column, from parameter 1 on.
template <class T, class... Key>
void bind_key(Statement& statement, const Key&... key) {
  static_assert(sizeof...(Key) == key_count<T>, "dorm: give one value per primary key column");
  Binder bind{statement};
  [&]<class... Cs>(type_list<Cs...>) {
    // Each value as the key column's type, as a parameter of that type would take it.
    (bind(static_cast<const typename Cs::value_type&>(key)), ...);
  }(typename T::primary_key{});
}

template <class Condition>
Condition and_all(Condition condition) {
  return condition;
}
template <class First, class Second, class... Rest>
auto and_all(First first, Second second, Rest... rest) {
  return and_all(std::move(first) && std::move(second), std::move(rest)...);
}

/// The primary key `key` as a query condition: `users.id == 1` (and-ed for a composite key).
template <class T, class... Key>
auto key_condition(const Key&... key) {
  return [&]<class... Cs>(type_list<Cs...>) {
    return and_all((Cs{} == static_cast<const typename Cs::value_type&>(key))...);
  }(typename T::primary_key{});
}

}  // namespace dorm::detail
