#pragma once
// SQL text known at compile time. Every expression type and clause spells its SQL as a constant
// (`static constexpr auto sql_text`, a detail::fixed_sql), so the statement text of a query
// shape is one constant array the compiler builds, not a chain of render functions run once
// per process: each function the optimizer sees per query costs compile time
// (docs/performance.md, "Compile cost").
#include <cstddef>
#include <string_view>

#include "dorm/core/column_info.hpp"
#include "dorm/core/type_list.hpp"

namespace dorm::detail {

/// `literal` (a string literal) as SQL text of a known size.
template <std::size_t N>
constexpr fixed_sql<N - 1> sql_literal(const char (&literal)[N]) noexcept {
  fixed_sql<N - 1> out;
  for (std::size_t i = 0; i + 1 < N; ++i) out.text[i] = literal[i];
  return out;
}

/// `text` (a constant whose size is `Size`) as SQL text of a known size.
template <std::size_t Size>
constexpr fixed_sql<Size> sql_from(std::string_view text) noexcept {
  fixed_sql<Size> out;
  for (std::size_t i = 0; i < Size; ++i) out.text[i] = text[i];
  return out;
}

/// The texts `parts`, one after the other.
template <std::size_t... N>
constexpr fixed_sql<(N + ... + 0)> sql_concat(const fixed_sql<N>&... parts) noexcept {
  fixed_sql<(N + ... + 0)> out;
  std::size_t at = 0;
  [[maybe_unused]] const auto append = [&](std::string_view part) {
    for (const char c : part) out.text[at++] = c;
  };
  (append(parts.view()), ...);
  return out;
}

/// The texts `parts` with `separator` between each two (`"a", "b"` for `, `).
template <std::size_t S, std::size_t... N>
constexpr auto sql_join(const fixed_sql<S>& separator, const fixed_sql<N>&... parts) noexcept {
  constexpr std::size_t count = sizeof...(N);
  fixed_sql<(N + ... + 0) + (count > 0 ? S * (count - 1) : 0)> out;
  std::size_t at = 0;
  bool first = true;
  [[maybe_unused]] const auto append = [&](std::string_view part) {
    if (!first) {
      for (const char c : separator.view()) out.text[at++] = c;
    }
    first = false;
    for (const char c : part) out.text[at++] = c;
  };
  (append(parts.view()), ...);
  return out;
}

/// Empty SQL text.
inline constexpr fixed_sql<0> no_sql{};

/// `" ORDER BY " + terms` style clauses: `keyword` then `parts` joined by `separator`, or nothing
/// without parts.
template <std::size_t K, std::size_t S, std::size_t... N>
constexpr auto sql_clause(const fixed_sql<K>& keyword, const fixed_sql<S>& separator,
                          const fixed_sql<N>&... parts) noexcept {
  if constexpr (sizeof...(N) == 0) {
    return no_sql;
  } else {
    return sql_concat(keyword, sql_join(separator, parts...));
  }
}

/// `"t"`: the quoted name of table `T`.
template <class T>
inline constexpr auto table_name_sql = sql_from<T::quoted_name.size()>(T::quoted_name);

template <class... Columns>
constexpr auto column_list_sql_of(type_list<Columns...>) noexcept {
  return sql_join(sql_literal(", "), Columns::sql_text()...);
}
/// `"t"."a", "t"."b"`: every column of table `T`, qualified, in table order (what read_row reads).
template <class T>
inline constexpr auto column_list_sql = column_list_sql_of(typename T::columns{});

}  // namespace dorm::detail
