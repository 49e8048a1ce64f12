#pragma once
// The typing rules of the query DSL as concepts, and one type per broken rule.
//
// Each entry point is constrained by a concept named for its rule (ComparableWith,
// LikePattern, ConditionOver, ...). A call that breaks a rule does not end in a long "no
// matching function" list: it meets a deleted function whose type names the rule, the column
// and the types, so g++'s first error line reads, e.g.
//
//   error: use of deleted function 'dorm::error::cannot_compare_column_with_value<C, V>
//   dorm::operator==(const C&, const V&) [with C = blog::users_age_column; V = char [3]]'
//
// Two forms, chosen by what keeps that line short:
//   - operators, sum()/avg() and column assignment (few template parameters): deleted
//     overloads whose return type is the rule's type;
//   - methods of builders and columns (a query type has many template parameters, which g++
//     would list): a defaulted parameter `rules::..._check_t<...> = {}`, rules::satisfied when
//     the call is right and otherwise the rule's type, whose default constructor is deleted,
//     so the error names only the rule's own arguments.
// The comment on each deleted constructor is the fix: g++ shows that source line under
// "note: declared here". Builder and model rules are in dorm/query/rules.hpp.
#include <iterator>
#include <optional>
#include <type_traits>

#include "dorm/core/type_list.hpp"
#include "dorm/core/value_kind.hpp"

namespace dorm::error {

// Comparisons: ==, !=, <, <=, >, >=, between().
template <class Column>
struct comparison_with_nullopt_is_never_true {
  comparison_with_nullopt_is_never_true() = delete;  // use column.is_null() / column.is_not_null()
};
template <class Column, class Value>
struct cannot_compare_column_with_value {
  cannot_compare_column_with_value() = delete;  // numbers with numbers, bool with bool, text with text, blob with blob
};
template <class Column, class OtherColumn>
struct cannot_compare_columns_of_different_kinds {
  cannot_compare_columns_of_different_kinds() = delete;  // both numbers, both bool, both text or both blobs
};

// Predicates: like(), in().
template <class Column, class Pattern>
struct like_needs_a_text_column {
  like_needs_a_text_column() = delete;  // like() is for TEXT columns; compare numbers with ==, <, >
};
template <class Column, class Pattern>
struct like_needs_a_text_pattern {
  like_needs_a_text_pattern() = delete;  // like() takes a text pattern such as "A%"
};
template <class Column, class Value>
struct in_needs_values_of_the_column_kind {
  in_needs_values_of_the_column_kind() = delete;  // numbers for INTEGER/REAL, bool, text for TEXT; no BLOB
};

// Assignments: update_all<T>().set(column = value).
template <class Column>
struct cannot_assign_nullopt_to_a_not_null_column {
  cannot_assign_nullopt_to_a_not_null_column() = delete;  // make the column nullable in the schema
};
template <class Column, class Value>
struct empty_optional_would_write_null_into_a_not_null_column {
  empty_optional_would_write_null_into_a_not_null_column() = delete;  // assign *value instead
};
template <class Column, class Value>
struct cannot_assign_value_to_column {
  cannot_assign_value_to_column() = delete;  // INTEGER takes integers, REAL numbers, TEXT text, BLOB bytes
};

// Aggregates.
template <class Column>
struct sum_and_avg_need_a_numeric_column {
  sum_and_avg_need_a_numeric_column() = delete;  // sum() and avg() add numbers: INTEGER or REAL columns
};

// Builders: where(), or_where(), join() ON, order_by().
template <class Argument>
struct where_needs_a_condition {
  where_needs_a_condition() = delete;  // e.g. where(users.age >= 18) or where(users.name.like("A%"))
};
template <class Column, class QueryTables>
struct column_not_in_the_query {
  column_not_in_the_query() = delete;  // select from the column's table, or join<Model>() it first
};
template <class Column>
struct null_check_on_a_not_null_column {
  null_check_on_a_not_null_column() = delete;  // always false/true unless LEFT JOINed; make the column nullable
};
template <class Term>
struct order_by_takes_columns {
  order_by_takes_columns() = delete;  // order_by(users.name) or order_by(users.name.desc())
};

}  // namespace dorm::error

namespace dorm {

/// The tables of NOT NULL columns that condition `E` tests with IS [NOT] NULL (specialized
/// next to IsNull, IsNotNull, And, Or and Not).
template <class E>
struct not_null_checked_tables {
  using type = type_list<>;
};
template <class E>
using not_null_checked_tables_t = typename not_null_checked_tables<E>::type;

/// The element type of a range: `std::vector<std::string>` -> `std::string`.
template <class Range>
using range_value_t = std::remove_cvref_t<decltype(*std::begin(std::declval<const Range&>()))>;

}  // namespace dorm

namespace dorm::rules {

/// The type of a defaulted rule parameter when every rule holds.
struct satisfied {};

/// The columns an expression reads, in text order: a generated column is its own list; an
/// expression type lists them as `columns` (parameters list none).
template <class E>
struct columns_of {
  using type = type_list<>;
};
template <class E>
  requires requires {
    E::qualified_name;
    typename E::table_type;
  }
struct columns_of<E> {
  using type = type_list<E>;
};
template <class E>
  requires requires { typename E::columns; }
struct columns_of<E> {
  using type = typename E::columns;
};
template <class E>
using columns_of_t = typename columns_of<std::remove_cvref_t<E>>::type;

/// The first column of `Columns` whose table is not in `Tables` (void when there is none).
template <class Columns, class Tables>
struct first_column_outside {
  using type = void;
};
template <class C, class... Rest, class Tables>
struct first_column_outside<type_list<C, Rest...>, Tables>
    : std::conditional_t<type_list_contains<Tables, typename C::table_type>::value,
                         first_column_outside<type_list<Rest...>, Tables>, std::type_identity<C>> {};

/// The first type of `Used` not in `Tables` (for expressions that do not list their columns).
template <class Used, class Tables>
struct first_table_outside {
  using type = void;
};
template <class T, class... Rest, class Tables>
struct first_table_outside<type_list<T, Rest...>, Tables>
    : std::conditional_t<type_list_contains<Tables, T>::value, first_table_outside<type_list<Rest...>, Tables>,
                         std::type_identity<T>> {};

// ---- Comparisons -------------------------------------------------------------------------

/// A column (or aggregate) `C` may be compared with `V`: a value of the same kind (numbers,
/// bool, text, blob; enums and time points with their own type), or another value expression
/// of the same kind. Never std::nullopt: `= NULL` is never true in SQL.
template <class C, class V>
concept ComparableWith =
    (requires { requires std::remove_cvref_t<V>::is_value_expression; } &&
     ComparableValue<typename C::value_type, unwrap_optional_t<typename std::remove_cvref_t<V>::value_type>>) ||
    (!requires { requires std::remove_cvref_t<V>::is_value_expression; } &&
     !std::is_same_v<std::remove_cvref_t<V>, std::nullopt_t> && ComparableValue<typename C::value_type, V>);

/// `column op std::nullopt` (never true in SQL).
template <class V>
concept NulloptOperand = std::is_same_v<std::remove_cvref_t<V>, std::nullopt_t>;
/// A value (not an expression, not std::nullopt) the column cannot be compared with.
template <class C, class V>
concept ValueOfAnotherKind = !requires { requires std::remove_cvref_t<V>::is_value_expression; } &&
                             !NulloptOperand<V> && !ComparableWith<C, V>;

template <class C, class V>
struct comparison_error {
  using type = error::cannot_compare_column_with_value<C, V>;
};
template <class C>
struct comparison_error<C, std::nullopt_t> {
  using type = error::comparison_with_nullopt_is_never_true<C>;
};
template <class C, class V>
  requires requires { requires V::is_value_expression; }
struct comparison_error<C, V> {
  using type = error::cannot_compare_columns_of_different_kinds<C, V>;
};
/// The rule `C op V` breaks (used when !ComparableWith<C, V>).
template <class C, class V>
using comparison_error_t = typename comparison_error<C, std::remove_cvref_t<V>>::type;
/// The defaulted-parameter type of between(): satisfied, or the rule the bounds break.
template <class C, class V>
struct comparison_check : std::conditional_t<ComparableWith<C, V>, std::type_identity<satisfied>,
                                             comparison_error<C, std::remove_cvref_t<V>>> {};
template <class C, class V>
using comparison_check_t = typename comparison_check<C, V>::type;

// ---- Predicates --------------------------------------------------------------------------

/// `column.like(pattern)`: a TEXT column and a text pattern.
template <class C, class Pattern>
concept LikePattern = TextValue<unwrap_optional_t<typename C::value_type>> && TextValue<Pattern>;
template <class C, class Pattern>
struct like_error {
  using type = std::conditional_t<TextValue<unwrap_optional_t<typename C::value_type>>,
                                  error::like_needs_a_text_pattern<C, Pattern>,
                                  error::like_needs_a_text_column<C, Pattern>>;
};
/// The defaulted-parameter type of like(): satisfied, or the rule `column.like(pattern)` breaks.
template <class C, class Pattern>
struct like_check
    : std::conditional_t<LikePattern<C, Pattern>, std::type_identity<satisfied>, like_error<C, Pattern>> {};
template <class C, class Pattern>
using like_check_t = typename like_check<C, Pattern>::type;

/// `column.in(values)`: values of the column's kind, not blobs.
template <class C, class V>
concept InValuesFor = ComparableValue<typename C::value_type, V> && !BlobValue<V>;
/// The defaulted-parameter type of in(): satisfied, or the rule `column.in(values)` breaks.
template <class C, class V>
struct in_check : std::conditional_t<InValuesFor<C, V>, std::type_identity<satisfied>,
                                     std::type_identity<error::in_needs_values_of_the_column_kind<C, V>>> {};
template <class C, class V>
using in_check_t = typename in_check<C, V>::type;

// ---- Aggregates --------------------------------------------------------------------------

/// sum() and avg(): an INTEGER or REAL column.
template <class C>
concept NumericColumn = NumericValue<unwrap_optional_t<typename C::value_type>>;

// ---- Conditions in a query ---------------------------------------------------------------

/// The rule a where() / or_where() / join() ON argument breaks in a query over `Tables`
/// (LEFT JOINed: `LeftJoined`), or satisfied.
template <class E, class Tables, class LeftJoined>
struct condition_check {
  using type = error::where_needs_a_condition<E>;
};
template <class E, class Tables, class LeftJoined>
  requires requires {
    typename E::tables;
    requires E::is_condition;
  }
struct condition_check<E, Tables, LeftJoined> {
  using outside_column = typename first_column_outside<columns_of_t<E>, Tables>::type;
  using outside_table = typename first_table_outside<typename E::tables, Tables>::type;
  using null_checked = typename first_table_outside<typename not_null_checked_tables<E>::type, LeftJoined>::type;
  using type = std::conditional_t<
      !std::is_void_v<outside_column>, error::column_not_in_the_query<outside_column, Tables>,
      std::conditional_t<!std::is_void_v<outside_table>, error::column_not_in_the_query<E, Tables>,
                         std::conditional_t<!std::is_void_v<null_checked>, error::null_check_on_a_not_null_column<E>,
                                            satisfied>>>;
};

/// `E` is a condition over the tables of a query (`Tables`, of which `LeftJoined` are LEFT
/// JOINed), testing IS [NOT] NULL only on nullable columns or columns of LEFT JOINed tables.
template <class E, class Tables, class LeftJoined>
concept ConditionOver = std::is_same_v<typename condition_check<E, Tables, LeftJoined>::type, satisfied>;

/// The defaulted-parameter type of where() / or_where() / join(): satisfied or the broken rule.
template <class E, class Tables, class LeftJoined>
using condition_check_t = typename condition_check<E, Tables, LeftJoined>::type;

/// The rule an ORDER BY term `T` breaks in a query over `Tables`, or satisfied.
template <class T, class Tables>
struct order_term_check {
  using type = error::order_by_takes_columns<T>;
};
template <class T, class Tables>
  requires requires { typename T::tables; } &&
           (requires { T::qualified_name; } || requires { typename T::column_type; } ||
            requires { requires T::is_scalar_expression; })
struct order_term_check<T, Tables> {
  using outside_column = typename first_column_outside<columns_of_t<T>, Tables>::type;
  using outside_table = typename first_table_outside<typename T::tables, Tables>::type;
  using type = std::conditional_t<
      !std::is_void_v<outside_column>, error::column_not_in_the_query<outside_column, Tables>,
      std::conditional_t<!std::is_void_v<outside_table>, error::column_not_in_the_query<T, Tables>,
                         satisfied>>;
};

/// The first broken rule among the ORDER BY terms `Terms`, or satisfied.
template <class Tables, class... Terms>
struct order_by_check {
  using type = satisfied;
};
template <class Tables, class T, class... Rest>
struct order_by_check<Tables, T, Rest...>
    : std::conditional_t<std::is_same_v<typename order_term_check<T, Tables>::type, satisfied>,
                         order_by_check<Tables, Rest...>, order_term_check<T, Tables>> {};
template <class Tables, class... Terms>
using order_by_check_t = typename order_by_check<Tables, Terms...>::type;

/// Every term is a column, an aggregate or `column.asc()` / `.desc()` of the query's tables.
template <class Tables, class... Terms>
concept OrderTermsOver = std::is_same_v<order_by_check_t<Tables, Terms...>, satisfied>;

// ---- Variadic entry points ----------------------------------------------------------------
// A parameter pack leaves no room for a defaulted rule parameter: group_by(), columns() and
// order_by() with several terms check their terms here (the first line of the error is then a
// static assertion, and the "required from" lines above it name the types).

template <class Clause, class TablesUsed, class TablesInQuery>
constexpr void require_tables_in_query() {
  static_assert(type_list_is_subset<TablesUsed, TablesInQuery>::value,
                "dorm: the query uses a column of a table that is not in this query (select from that table, "
                "or join it)");
}

template <class Condition, class NotNullTables, class LeftJoinedTables>
constexpr void require_null_checks_on_nullable_columns() {
  static_assert(type_list_is_subset<NotNullTables, LeftJoinedTables>::value,
                "dorm: is_null() / is_not_null() on a NOT NULL column is always false / true (unless its table is "
                "LEFT JOINed in this query); make the column nullable in the schema");
}

}  // namespace dorm::rules
