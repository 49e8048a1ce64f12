#pragma once
// A compile-time list of types: the tables an expression uses, the terms of an ORDER BY.
#include <type_traits>

namespace dorm {

template <class... Ts>
struct type_list {};

template <class List, class T>
struct type_list_contains;
template <class T, class... Ts>
struct type_list_contains<type_list<Ts...>, T> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {};

/// True when every type of `Sub` is in `Super`.
template <class Sub, class Super>
struct type_list_is_subset;
template <class... Ts, class Super>
struct type_list_is_subset<type_list<Ts...>, Super> : std::bool_constant<(type_list_contains<Super, Ts>::value && ...)> {};

template <class... Lists>
struct type_list_concat;
template <>
struct type_list_concat<> {
  using type = type_list<>;
};
template <class... Ts>
struct type_list_concat<type_list<Ts...>> {
  using type = type_list<Ts...>;
};
template <class... As, class... Bs, class... Rest>
struct type_list_concat<type_list<As...>, type_list<Bs...>, Rest...> : type_list_concat<type_list<As..., Bs...>, Rest...> {};

template <class... Lists>
using type_list_concat_t = typename type_list_concat<Lists...>::type;

}  // namespace dorm
