#pragma once
// A builder's list of terms (update_all<T>().set(...)'s SET terms): a plain aggregate with one
// base per term, instead of a std::tuple. Each distinct std::tuple type costs the compiler about
// 10 ms and 1.3 MB (its constrained constructors are instantiated with the class), this list
// about 2 ms and 0.1 MB, once per query shape (docs/performance.md, "Compile cost").
#include <cstddef>
#include <utility>

namespace dorm::detail {

/// Term `I` of a detail::terms list, of type `T`.
template <std::size_t I, class T>
struct list_term {
  T term;
};

template <class Indices, class... T>
struct term_list_base;
template <std::size_t... I, class... T>
struct term_list_base<std::index_sequence<I...>, T...> : list_term<I, T>... {};
/// The terms `T...`, in order: aggregate-initialized, `terms<A, B>{{{a}, {b}}}`. A class
/// of its own, not an alias, so compile errors name it `dorm::detail::terms<...>`.
template <class... T>
struct terms : term_list_base<std::index_sequence_for<T...>, T...> {
  static constexpr std::size_t size = sizeof...(T);
};

/// Term `I` of `list`.
template <std::size_t I, class T>
constexpr const T& term_at(const list_term<I, T>& list) noexcept {
  return list.term;
}

}  // namespace dorm::detail
