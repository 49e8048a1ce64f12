#pragma once
// `column = value`: one SET term of update_all<T>().set(...). The value is copied into the
// assignment and bound; the SQL (`"name" = ?`) depends only on the column's type. The rules
// here decide which values a column accepts, more strictly than comparisons do: a comparison
// may mix integers and reals, but an INTEGER column must not be handed 3.5.
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "dorm/expr/rules.hpp"
#include "dorm/expr/sql_text.hpp"
#include "dorm/core/statement.hpp"
#include "dorm/core/value_kind.hpp"

namespace dorm {

/// True when a value of type `V` (not optional) may be stored in a column whose C++ type is
/// `ColumnT`: integers in INTEGER columns, numbers in REAL columns, bool, text, blobs.
template <class ColumnT, class V>
concept AssignableValue =
    (IntegerValue<unwrap_optional_t<ColumnT>> && IntegerValue<V>) ||
    (std::floating_point<unwrap_optional_t<ColumnT>> && NumericValue<V>) ||
    (BoolValue<unwrap_optional_t<ColumnT>> && BoolValue<V>) ||
    (TextValue<unwrap_optional_t<ColumnT>> && TextValue<V>) ||
    (BlobValue<unwrap_optional_t<ColumnT>> && BlobValue<V>) ||
    (MappedValue<unwrap_optional_t<ColumnT>> && std::same_as<unwrap_optional_t<ColumnT>, V>);

namespace rules {

/// `column = value` in update_all<T>().set(): `V` is a value the column `C` can hold; std::nullopt
/// and an std::optional only for a nullable column.
template <class C, class V>
concept AssignableTo =
    (std::is_same_v<std::remove_cvref_t<V>, std::nullopt_t> && is_optional_v<typename C::value_type>) ||
    (is_optional_v<V> && is_optional_v<typename C::value_type> &&
     AssignableValue<typename C::value_type, unwrap_optional_t<V>>) ||
    (!is_optional_v<V> && !std::is_same_v<std::remove_cvref_t<V>, std::nullopt_t> &&
     AssignableValue<typename C::value_type, std::remove_cvref_t<V>>);

/// `column = std::nullopt` (which of the deleted operator= a wrong assignment selects).
template <class C, class V>
concept NulloptAssignment = std::is_same_v<std::remove_cvref_t<V>, std::nullopt_t>;
/// `column = optional` on a NOT NULL column.
template <class C, class V>
concept OptionalIntoNotNull = is_optional_v<V> && !is_optional_v<typename C::value_type>;

template <class C, class V>
struct assignment_error {
  using type = error::cannot_assign_value_to_column<C, V>;
};
template <class C>
struct assignment_error<C, std::nullopt_t> {
  using type = error::cannot_assign_nullopt_to_a_not_null_column<C>;
};
template <class C, class V>
struct assignment_error<C, std::optional<V>> {
  using type = std::conditional_t<is_optional_v<typename C::value_type>, error::cannot_assign_value_to_column<C, V>,
                                  error::empty_optional_would_write_null_into_a_not_null_column<C, V>>;
};
/// The rule `column = value` breaks (used when !AssignableTo<C, V>).
template <class C, class V>
using assignment_error_t = typename assignment_error<C, std::remove_cvref_t<V>>::type;

template <class Assignment, class AssignedTable, class UpdatedTable>
constexpr void require_column_of_updated_table() {
  static_assert(std::is_same_v<AssignedTable, UpdatedTable>,
                "dorm: set() assigns a column of another table; update_all<T>() sets only columns of T's table");
}

template <class C, class... All>
inline constexpr int occurrences = (int{std::is_same_v<C, All>} + ... + 0);

template <class... AssignedColumns>
constexpr void require_each_column_once() {
  static_assert(((occurrences<AssignedColumns, AssignedColumns...> == 1) && ...),
                "dorm: set() assigns the same column twice; SQLite would keep only the last value");
}

}  // namespace rules

/// Appends `name` as a quoted SQL identifier: `name` -> `"name"`, `a"b` -> `"a""b"`.
inline void append_quoted_identifier(std::string& sql, std::string_view name) {
  sql += '"';
  for (char c : name) {
    if (c == '"') sql += '"';
    sql += c;
  }
  sql += '"';
}

/// `"column" = ?` in an UPDATE's SET list. SQLite's SET takes unqualified column names.
template <class C, class V>
struct Assignment {
  using column_type = C;
  using tables = typename C::tables;
  V value;

  static constexpr auto sql_text() noexcept { return detail::sql_concat(detail::sql_from<C::quoted_name.size()>(C::quoted_name), detail::sql_literal(" = ?")); }
  void bind(Binder& binder) const { binder(value); }
};

template <class T>
struct is_assignment : std::false_type {};
template <class C, class V>
struct is_assignment<Assignment<C, V>> : std::true_type {};
/// True for `column = value` terms.
template <class T>
inline constexpr bool is_assignment_v = is_assignment<std::remove_cvref_t<T>>::value;

}  // namespace dorm
