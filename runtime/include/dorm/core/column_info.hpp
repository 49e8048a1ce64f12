#pragma once
// What dorm-gen emits for a column: a one-line descriptor struct deriving from ColumnInfo, which
// names the table, the model's member and the SQL name,
//
//   struct users_email_column : dorm::ColumnInfo<users_table, &User::email, "email"> {};
//
// plus, in its body, the column's validation rules (dorm/core/column_rules.hpp) and its SQL default.
// The library derives the rest (value type, quoted names) and dorm::Column<Descriptor>
// (dorm/core/column.hpp) gives it the query vocabulary: `users.email == "a@b.c"`.
#include <cstddef>
#include <string_view>

#include "dorm/core/value_kind.hpp"

namespace dorm {

/// A column's SQL name as a template argument (`"email"`); may hold any byte.
template <std::size_t N>
struct sql_name {
  char text[N]{};
  constexpr sql_name(const char (&literal)[N]) noexcept {
    for (std::size_t i = 0; i < N; ++i) text[i] = literal[i];
  }
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {text, N - 1}; }
};

namespace detail {

/// The class and the type of a data member pointer.
template <class MemberPointer>
struct member_pointer_traits;
template <class Class, class Value>
struct member_pointer_traits<Value Class::*> {
  using class_type = Class;
  using value_type = Value;
};

/// SQL text of a size known at compile time (no terminating NUL).
template <std::size_t Size>
struct fixed_sql {
  char text[Size == 0 ? 1 : Size]{};
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {text, Size}; }
};

/// The length of `name` as a quoted SQL identifier: `"` around it, each `"` in it doubled.
constexpr std::size_t quoted_identifier_size(std::string_view name) noexcept {
  std::size_t size = 2;
  for (const char c : name) size += c == '"' ? 2 : 1;
  return size;
}

/// `prefix` (a quoted table name, or empty), a `.` after a non-empty prefix, then `name`
/// quoted as an SQL identifier, as sql_quote.hpp's append_quoted_identifier writes it.
template <std::size_t Size>
constexpr fixed_sql<Size> qualified_identifier(std::string_view prefix, std::string_view name) noexcept {
  fixed_sql<Size> out;
  std::size_t at = 0;
  for (const char c : prefix) out.text[at++] = c;
  if (!prefix.empty()) out.text[at++] = '.';
  out.text[at++] = '"';
  for (const char c : name) {
    out.text[at++] = c;
    if (c == '"') out.text[at++] = '"';
  }
  out.text[at] = '"';
  return out;
}

/// `"name"` of column name `Name`.
template <sql_name Name>
inline constexpr auto quoted_column_name =
    qualified_identifier<quoted_identifier_size(Name.view())>(std::string_view(), Name.view());

/// `"table"."name"` of column name `Name` in table `Table` (instantiated on first use, once the
/// table type is complete).
template <class Table, sql_name Name>
inline constexpr auto qualified_column_name =
    qualified_identifier<Table::quoted_name.size() + 1 + quoted_identifier_size(Name.view())>(Table::quoted_name,
                                                                                              Name.view());

template <class C>
struct descriptor_of {
  using type = C;
};
template <class C>
  requires requires { typename C::descriptor; }
struct descriptor_of<C> {
  using type = typename C::descriptor;
};

/// The descriptor of `C`: `C::descriptor` for a dorm::Column, else `C` itself (a descriptor).
/// A Column names its descriptor rather than deriving from it (dorm/core/column.hpp), so the
/// descriptor's optional members (`rules`, `sql_default`) are read here.
template <class C>
using descriptor_of_t = typename descriptor_of<C>::type;

}  // namespace detail

/// Base of a generated column descriptor: column `Name` of table `Table`, held by `Member` (a
/// pointer to a data member of the model struct). Everything here is derived from those three.
template <class Table, auto Member, sql_name Name>
struct ColumnInfo {
  using table_type = Table;
  /// The model struct holding the column (complete before the table type is).
  using model_type = typename detail::member_pointer_traits<decltype(Member)>::class_type;
  /// The C++ member type: std::optional<X> for a nullable column or one with an SQL default.
  using value_type = typename detail::member_pointer_traits<decltype(Member)>::value_type;
  static constexpr auto member = Member;
  static constexpr bool nullable = is_optional_v<value_type>;
  /// The SQL name, unquoted.
  static constexpr std::string_view name = Name.view();
  /// `"name"`.
  static constexpr std::string_view quoted_name = detail::quoted_column_name<Name>.view();
  /// `"table"."name"`.
  static constexpr std::string_view qualified_name = detail::qualified_column_name<Table, Name>.view();
};

}  // namespace dorm
