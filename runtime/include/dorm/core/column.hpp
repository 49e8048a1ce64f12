#pragma once
// Typed column objects. dorm-gen emits one small struct per column, deriving from Column, that
// carries the column's SQL name in its type; the methods here build predicates on it.
#include <string>
#include <string_view>

#include "dorm/expr/expression.hpp"
#include "dorm/expr/rules.hpp"
#include "dorm/query/assignment.hpp"
#include "dorm/core/value_kind.hpp"

namespace dorm {

enum class SortOrder { asc, desc };

/// One ORDER BY term: a column and a direction.
template <class C, SortOrder Order>
struct OrderTerm {
  using column_type = C;
  using tables = typename C::tables;
  using columns = rules::columns_of_t<C>;
  static void render(std::string& sql) {
    C::render(sql);
    sql += Order == SortOrder::asc ? " ASC" : " DESC";
  }
};

template <class C, class Pattern>
struct Like;
template <class C>
struct IsNull;
template <class C>
struct IsNotNull;
template <class C, class V>
struct InList;
template <class C, class V>
struct Between;

/// `column = value`: a SET term for update_all<T>().set(...), not an assignment to the column
/// object. A value the column cannot hold selects a deleted overload whose return type names
/// the rule. Its own base (one template parameter) keeps that error line short.
template <class Self>
struct ColumnAssignment {
  template <class V>
    requires rules::AssignableTo<Self, V>
  [[nodiscard]] Assignment<Self, param_storage_t<V>> operator=(const V& value) const {
    return {param_storage_t<V>(value)};
  }
  template <class V>
    requires(!rules::AssignableTo<Self, V> && rules::NulloptAssignment<Self, V>)
  error::cannot_assign_nullopt_to_a_not_null_column<Self> operator=(const V&) const = delete;
  template <class V>
    requires(!rules::AssignableTo<Self, V> && rules::OptionalIntoNotNull<Self, V>)
  error::empty_optional_would_write_null_into_a_not_null_column<Self, V> operator=(const V&) const = delete;
  template <class V>
    requires(!rules::AssignableTo<Self, V> && !rules::NulloptAssignment<Self, V> &&
             !rules::OptionalIntoNotNull<Self, V>)
  error::cannot_assign_value_to_column<Self, V> operator=(const V&) const = delete;
};

/// Base of every generated column type. `TableT` is the generated table type, `T` the C++
/// member type (std::optional<X> for a nullable column), `Self` the generated column struct,
/// which defines `static constexpr std::string_view name` and `qualified_name` (quoted SQL).
template <class TableT, class T, class Self>
struct Column : ColumnAssignment<Self> {
  using table_type = TableT;
  using value_type = T;
  using tables = type_list<TableT>;
  static constexpr bool is_condition = false;
  static constexpr bool is_value_expression = true;  ///< comparable with ==, <, ...
  static constexpr bool nullable = is_optional_v<T>;

  static void render(std::string& sql) { sql += Self::qualified_name; }
  void bind(Binder&) const noexcept {}

  /// `column LIKE pattern` (text columns only; the pattern is bound, `%` and `_` are wildcards).
  /// The defaulted parameter is the typing rule (dorm/expr/rules.hpp): broken, it is a compile
  /// error naming the rule, the column and the pattern's type.
  template <class Pattern>
  [[nodiscard]] Like<Self, param_storage_t<Pattern>> like(const Pattern& pattern,
                                                          rules::like_check_t<Self, Pattern> = {}) const {
    if constexpr (rules::LikePattern<Self, Pattern>) {
      return {Param<param_storage_t<Pattern>>{pattern}};
    } else {
      return {};
    }
  }

  /// `column IS NULL`: for nullable columns, and for any column of a LEFT JOINed table (a
  /// missing row reads as NULL). where() rejects it on other NOT NULL columns.
  [[nodiscard]] IsNull<Self> is_null() const { return {}; }
  /// `column IS NOT NULL`, under the same rule as is_null().
  [[nodiscard]] IsNotNull<Self> is_not_null() const { return {}; }

  /// `column IN (values...)`; the whole list is bound as one parameter, so the SQL does not
  /// depend on its length. Values of another kind than the column's do not compile.
  template <class Range>
  [[nodiscard]] InList<Self, range_value_t<Range>> in(const Range& values,
                                                      rules::in_check_t<Self, range_value_t<Range>> = {}) const;

  /// `column BETWEEN low AND high` (both bounds included), bounds comparable with the column.
  template <class V>
  [[nodiscard]] Between<Self, param_storage_t<V>> between(const V& low, const V& high,
                                                          rules::comparison_check_t<Self, V> = {}) const {
    if constexpr (rules::ComparableWith<Self, V>) {
      return {Param<param_storage_t<V>>{low}, Param<param_storage_t<V>>{high}};
    } else {
      return {};
    }
  }

  /// `column = value` (see ColumnAssignment). Generated columns re-export it (`using
  /// Column::operator=`), because their implicit copy assignment would hide it.
  using ColumnAssignment<Self>::operator=;

  [[nodiscard]] OrderTerm<Self, SortOrder::asc> asc() const noexcept { return {}; }
  [[nodiscard]] OrderTerm<Self, SortOrder::desc> desc() const noexcept { return {}; }
};

/// Any generated column.
template <class C>
concept AnyColumn = requires {
  typename std::remove_cvref_t<C>::table_type;
  typename std::remove_cvref_t<C>::value_type;
  std::remove_cvref_t<C>::qualified_name;
};

/// A column or another expression with a value (an aggregate): it can be compared.
template <class E>
concept ValueExpression = requires {
  typename std::remove_cvref_t<E>::value_type;
  requires std::remove_cvref_t<E>::is_value_expression;
};

/// A column of table `T`.
template <class C, class T>
concept ColumnOf = AnyColumn<C> && std::same_as<typename std::remove_cvref_t<C>::table_type, T>;

/// A TEXT column (std::string or std::optional<std::string>).
template <class C>
concept TextColumn = AnyColumn<C> && TextValue<unwrap_optional_t<typename std::remove_cvref_t<C>::value_type>>;

/// A nullable column (std::optional member).
template <class C>
concept NullableColumn = AnyColumn<C> && std::remove_cvref_t<C>::nullable;

}  // namespace dorm

#include "dorm/expr/predicates.hpp"
