#pragma once
// The column lists of a generated table type, folded over: `columns` (every column in table
// order) and `primary_key` (the key's columns in key order), each a dorm::type_list of
// dorm::Column types.
#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "dorm/core/type_list.hpp"

namespace dorm::detail {

template <class List>
struct type_list_size;
template <class... Cs>
struct type_list_size<type_list<Cs...>> : std::integral_constant<std::size_t, sizeof...(Cs)> {};

/// The number of columns of table `T`.
template <class T>
inline constexpr std::size_t column_count = type_list_size<typename T::columns>::value;

/// The number of primary key columns of table `T`.
template <class T>
inline constexpr std::size_t key_count = type_list_size<typename T::primary_key>::value;

/// The SQL names of the columns of `List` (a dorm::type_list of columns), in list order: one
/// pack expansion per list rather than a function per column.
template <class List>
struct column_names;
template <class... Cs>
struct column_names<type_list<Cs...>> {
  static constexpr std::array<std::string_view, sizeof...(Cs)> quoted{Cs::quoted_name...};        ///< `"a"`
};

/// Calls `f(C)` (a default-constructed C) for each column of table `T` in table order.
template <class T, class F>
constexpr void for_each_column(F&& f) {
  [&]<class... Cs>(type_list<Cs...>) { (f(Cs{}), ...); }(typename T::columns{});
}

}  // namespace dorm::detail
