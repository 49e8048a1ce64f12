#pragma once
// The typing rules of the query DSL, one check per rule. Each is a function template whose
// parameter names describe the mistake, so the compiler's first line ("In instantiation of
// ... [with Column = blog::users_age_column; ColumnType = long int; Value = char [2]]") names
// the column and the types, and the static_assert under it says the rule in one sentence.
#include <optional>
#include <type_traits>

#include "dorm/type_list.hpp"
#include "dorm/value_kind.hpp"

namespace dorm::rules {

template <class Column, class ColumnType, class Value>
constexpr void require_comparable() {
  static_assert(!std::is_same_v<std::remove_cvref_t<Value>, std::nullopt_t>,
                "dorm: comparing a column with std::nullopt is never true in SQL; use is_null() / is_not_null()");
  static_assert(ComparableValue<ColumnType, Value>,
                "dorm: cannot compare this column with a value of this type; both must be numbers, both bool, "
                "both text or both blobs");
}

template <class Column, class ColumnType, class OtherColumn, class OtherColumnType>
constexpr void require_comparable_columns() {
  static_assert(ComparableValue<ColumnType, unwrap_optional_t<OtherColumnType>>,
                "dorm: these two columns hold different kinds of values (number, bool, text, blob) and cannot "
                "be compared");
}

template <class Column, class ColumnType, class Pattern>
constexpr void require_text_column_for_like() {
  static_assert(TextValue<unwrap_optional_t<ColumnType>>,
                "dorm: like() needs a TEXT column; this column is not text (compare numbers with ==, <, >)");
  static_assert(TextValue<Pattern>, "dorm: like() needs a text pattern such as \"A%\"");
}

/// `NotNullTables` are the tables of NOT NULL columns tested with is_null() / is_not_null() in
/// `Condition`; that only makes sense when the table is LEFT JOINed (its row may be missing).
template <class Condition, class NotNullTables, class LeftJoinedTables>
constexpr void require_null_checks_on_nullable_columns() {
  static_assert(type_list_is_subset<NotNullTables, LeftJoinedTables>::value,
                "dorm: is_null() / is_not_null() on a NOT NULL column is always false / true (unless its table is "
                "LEFT JOINed in this query); make the column nullable in the schema");
}

template <class Column, class ColumnType, class Value>
constexpr void require_in_values() {
  static_assert(ComparableValue<ColumnType, Value>,
                "dorm: in() needs values of the column's kind (numbers for INTEGER/REAL, bool, text for TEXT)");
  static_assert(!BlobValue<Value>, "dorm: in() does not support BLOB columns");
}

template <class Clause, class TablesUsed, class TablesInQuery>
constexpr void require_tables_in_query() {
  static_assert(type_list_is_subset<TablesUsed, TablesInQuery>::value,
                "dorm: the query uses a column of a table that is not in this query (select from that table, "
                "or join it)");
}

}  // namespace dorm::rules
