#pragma once
// Typed column objects. dorm-gen emits one descriptor per column (dorm/core/column_info.hpp: the
// table, the member, the SQL name, the rules) and the table type holds a Column<Descriptor>
// member per column: `users.email`. The methods here build predicates on it.
#include <string>
#include <string_view>
#include <type_traits>

#include "dorm/core/column_info.hpp"
#include "dorm/core/column_rules.hpp"
#include "dorm/expr/expression.hpp"
#include "dorm/expr/rules.hpp"
#include "dorm/expr/sql_text.hpp"
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
  static constexpr auto sql_text() noexcept {
    if constexpr (Order == SortOrder::asc) {
      return detail::sql_concat(C::sql_text(), detail::sql_literal(" ASC"));
    } else {
      return detail::sql_concat(C::sql_text(), detail::sql_literal(" DESC"));
    }
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

template <class Self>
struct ColumnAssignment;

/// `V` is a value to assign, not a column (whose implicit copy assignment the compiler looks up
/// for every column type): checked first, so that lookup never evaluates the typing rules.
template <class V, class Self>
concept assigned_value = !std::is_base_of_v<ColumnAssignment<Self>, std::remove_cvref_t<V>>;

/// `column = value`: a SET term for update_all<T>().set(...), not an assignment to the column
/// object. A value the column cannot hold selects a deleted overload whose return type names
/// the rule. Its own base (one template parameter) keeps that error line short.
template <class Self>
struct ColumnAssignment {
  template <class V>
    requires assigned_value<V, Self> && rules::AssignableTo<Self, V>
  [[nodiscard]] Assignment<Self, param_storage_t<V>> operator=(const V& value) const {
    return {param_storage_t<V>(value)};
  }
  template <class V>
    requires assigned_value<V, Self> && (!rules::AssignableTo<Self, V> && rules::NulloptAssignment<Self, V>)
  error::cannot_assign_nullopt_to_a_not_null_column<Self> operator=(const V&) const = delete;
  template <class V>
    requires assigned_value<V, Self> && (!rules::AssignableTo<Self, V> && rules::OptionalIntoNotNull<Self, V>)
  error::empty_optional_would_write_null_into_a_not_null_column<Self, V> operator=(const V&) const = delete;
  template <class V>
    requires assigned_value<V, Self> && (!rules::AssignableTo<Self, V> && !rules::NulloptAssignment<Self, V> &&
                                         !rules::OptionalIntoNotNull<Self, V>)
  error::cannot_assign_value_to_column<Self, V> operator=(const V&) const = delete;
};

/// A column of a generated table, as the table type's member (`users.email`): the column
/// descriptor `D` (a dorm::ColumnInfo, which names the table, member, SQL name and rules)
/// with the query vocabulary. Errors name it as `dorm::Column<blog::users_email_column>`.
/// It names D's members rather than deriving from D: every table object constructs its
/// columns, and each base class is one more constructor for the compiler to synthesize per
/// column (the 100-table header took 0.2 s longer). The optional `rules` and `sql_default`
/// stay on the descriptor (detail::descriptor_of_t<C>::rules).
template <class D>
struct Column : ColumnAssignment<Column<D>> {
  using descriptor = D;
  using table_type = typename D::table_type;
  using model_type = typename D::model_type;
  using value_type = typename D::value_type;
  using tables = type_list<table_type>;
  static constexpr auto member = D::member;
  static constexpr std::string_view name = D::name;                      ///< unquoted
  static constexpr std::string_view quoted_name = D::quoted_name;        ///< `"name"`
  static constexpr std::string_view qualified_name = D::qualified_name;  ///< `"table"."name"`
  static constexpr bool is_condition = false;
  static constexpr bool is_value_expression = true;  ///< comparable with ==, <, ...
  static constexpr bool nullable = is_optional_v<value_type>;

  /// `"table"."name"`.
  static constexpr auto sql_text() noexcept { return detail::sql_from<D::qualified_name.size()>(D::qualified_name); }
  void bind(Binder&) const noexcept {}

  /// `column LIKE pattern` (text columns only; the pattern is bound, `%` and `_` are wildcards).
  /// The defaulted parameter is the typing rule (dorm/expr/rules.hpp): broken, it is a compile
  /// error naming the rule, the column and the pattern's type.
  template <class Pattern>
  [[nodiscard]] Like<Column, param_storage_t<Pattern>> like(const Pattern& pattern,
                                                            rules::like_check_t<Column, Pattern> = {}) const {
    if constexpr (rules::LikePattern<Column, Pattern>) {
      return {Param<param_storage_t<Pattern>>{pattern}};
    } else {
      return {};
    }
  }

  /// `column IS NULL`: for nullable columns, and for any column of a LEFT JOINed table (a
  /// missing row reads as NULL). where() rejects it on other NOT NULL columns.
  [[nodiscard]] IsNull<Column> is_null() const { return {}; }
  /// `column IS NOT NULL`, under the same rule as is_null().
  [[nodiscard]] IsNotNull<Column> is_not_null() const { return {}; }

  /// `column IN (values...)`; the whole list is bound as one parameter, so the SQL does not
  /// depend on its length. Values of another kind than the column's do not compile.
  template <class Range>
  [[nodiscard]] InList<Column, range_value_t<Range>> in(const Range& values,
                                                        rules::in_check_t<Column, range_value_t<Range>> = {}) const;

  /// `column BETWEEN low AND high` (both bounds included), bounds comparable with the column.
  template <class V>
  [[nodiscard]] Between<Column, param_storage_t<V>> between(const V& low, const V& high,
                                                            rules::comparison_check_t<Column, V> = {}) const {
    if constexpr (rules::ComparableWith<Column, V>) {
      return {Param<param_storage_t<V>>{low}, Param<param_storage_t<V>>{high}};
    } else {
      return {};
    }
  }

  /// `column = value` (see ColumnAssignment), re-exported here once: Column's implicit copy
  /// assignment would hide it.
  using ColumnAssignment<Column>::operator=;

  [[nodiscard]] OrderTerm<Column, SortOrder::asc> asc() const noexcept { return {}; }
  [[nodiscard]] OrderTerm<Column, SortOrder::desc> desc() const noexcept { return {}; }
};

/// Any generated column (a Column<Descriptor>; a bare descriptor is not one).
template <class C>
concept AnyColumn = requires {
  typename std::remove_cvref_t<C>::descriptor;
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

/// A column of table `T`: `T` is the table type dorm reads (dorm::table_of<Model>) or the
/// generated table type deriving from it (the type of `blog::users`).
template <class C, class T>
concept ColumnOf = AnyColumn<C> && std::is_base_of_v<typename std::remove_cvref_t<C>::table_type, T>;

/// A TEXT column (std::string or std::optional<std::string>).
template <class C>
concept TextColumn = AnyColumn<C> && TextValue<unwrap_optional_t<typename std::remove_cvref_t<C>::value_type>>;

/// A nullable column (std::optional member).
template <class C>
concept NullableColumn = AnyColumn<C> && std::remove_cvref_t<C>::nullable;

}  // namespace dorm

#include "dorm/expr/predicates.hpp"
