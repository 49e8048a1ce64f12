#pragma once
// `column = value`: one SET term of update<T>().set(...). The value is copied into the
// assignment and bound; the SQL (`"name" = ?`) depends only on the column's type. The rules
// here decide which values a column accepts, more strictly than comparisons do: a comparison
// may mix integers and reals, but an INTEGER column must not be handed 3.5.
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "dorm/statement.hpp"
#include "dorm/value_kind.hpp"

namespace dorm {

/// True when a value of type `V` (not optional) may be stored in a column whose C++ type is
/// `ColumnT`: integers in INTEGER columns, numbers in REAL columns, bool, text, blobs.
template <class ColumnT, class V>
concept AssignableValue =
    (IntegerValue<unwrap_optional_t<ColumnT>> && IntegerValue<V>) ||
    (std::floating_point<unwrap_optional_t<ColumnT>> && NumericValue<V>) ||
    (BoolValue<unwrap_optional_t<ColumnT>> && BoolValue<V>) ||
    (TextValue<unwrap_optional_t<ColumnT>> && TextValue<V>) ||
    (BlobValue<unwrap_optional_t<ColumnT>> && BlobValue<V>);

namespace rules {

template <class Column, class ColumnType, class Value>
constexpr void require_assignable() {
  using V = std::remove_cvref_t<Value>;
  if constexpr (std::is_same_v<V, std::nullopt_t>) {
    static_assert(is_optional_v<ColumnType>,
                  "dorm: cannot assign std::nullopt (NULL) to a NOT NULL column; make the column nullable in the "
                  "schema");
  } else if constexpr (is_optional_v<V>) {
    static_assert(is_optional_v<ColumnType>,
                  "dorm: an empty std::optional would write NULL into a NOT NULL column; assign *value instead");
    static_assert(AssignableValue<ColumnType, unwrap_optional_t<V>>,
                  "dorm: cannot assign a value of this type to this column; INTEGER columns take integers, REAL "
                  "columns numbers, TEXT columns text, BLOB columns std::vector<std::byte>, bool columns bool");
  } else {
    static_assert(AssignableValue<ColumnType, V>,
                  "dorm: cannot assign a value of this type to this column; INTEGER columns take integers, REAL "
                  "columns numbers, TEXT columns text, BLOB columns std::vector<std::byte>, bool columns bool");
  }
}

template <class Assignment, class AssignedTable, class UpdatedTable>
constexpr void require_column_of_updated_table() {
  static_assert(std::is_same_v<AssignedTable, UpdatedTable>,
                "dorm: set() assigns a column of another table; update<T>() sets only columns of T's table");
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

  static void render(std::string& sql) {
    append_quoted_identifier(sql, C::name);
    sql += " = ?";
  }
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
