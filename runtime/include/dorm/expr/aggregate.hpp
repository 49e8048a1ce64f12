#pragma once
// Aggregates for columns() projections and having(): count, sum, avg, min, max. The result
// type follows from the column: sum of an INTEGER column is std::int64_t, of a REAL column
// double; avg is double; a nullable column's sum/avg stays optional; min and max are optional
// because an empty set has none.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "dorm/core/column.hpp"

namespace dorm {

/// Shared parts of aggregates: comparable in having(), orderable, no parameters.
template <class Self, class Result, class Tables, class Columns = type_list<>>
struct Aggregate {
  using value_type = Result;
  using tables = Tables;
  using columns = Columns;
  static constexpr bool is_condition = false;
  static constexpr bool is_value_expression = true;
  void bind(Binder&) const noexcept {}
  /// Reads the aggregate's value from result column `column`.
  static void read(const Statement& st, int column, Result& out) { read_value(st, column, out); }
  [[nodiscard]] OrderTerm<Self, SortOrder::asc> asc() const noexcept { return {}; }
  [[nodiscard]] OrderTerm<Self, SortOrder::desc> desc() const noexcept { return {}; }
};

/// `COUNT(*)`.
struct CountAll : Aggregate<CountAll, std::int64_t, type_list<>> {
  static constexpr auto sql_text() noexcept { return detail::sql_literal("COUNT(*)"); }
};

/// `COUNT(column)`: rows where the column is not NULL.
template <class C>
struct Count : Aggregate<Count<C>, std::int64_t, typename C::tables, type_list<C>> {
  static constexpr auto sql_text() noexcept { return detail::sql_concat(detail::sql_literal("COUNT("), C::sql_text(), detail::sql_literal(")")); }
};

/// `SUM(column)`; 0 over no rows for a NOT NULL column, NULL (nullopt) for a nullable one.
template <class C>
struct Sum : Aggregate<Sum<C>,
                       std::conditional_t<C::nullable, std::optional<std::conditional_t<IntegerValue<unwrap_optional_t<typename C::value_type>>, std::int64_t, double>>,
                                          std::conditional_t<IntegerValue<unwrap_optional_t<typename C::value_type>>, std::int64_t, double>>,
                       typename C::tables, type_list<C>> {
  static constexpr auto sql_text() noexcept {
    if constexpr (C::nullable) {
      return detail::sql_concat(detail::sql_literal("SUM("), C::sql_text(), detail::sql_literal(")"));
    } else {
      return detail::sql_concat(detail::sql_literal("COALESCE(SUM("), C::sql_text(), detail::sql_literal("), 0)"));
    }
  }
};

/// `AVG(column)` as double; over no rows NaN (NOT NULL column) or nullopt (nullable column).
template <class C>
struct Avg : Aggregate<Avg<C>, std::conditional_t<C::nullable, std::optional<double>, double>, typename C::tables,
                      type_list<C>> {
  using result = std::conditional_t<C::nullable, std::optional<double>, double>;
  static constexpr auto sql_text() noexcept { return detail::sql_concat(detail::sql_literal("AVG("), C::sql_text(), detail::sql_literal(")")); }
  static void read(const Statement& st, int column, result& out) {
    if constexpr (!C::nullable) {
      if (st.column(column).storage_class() == StorageClass::null) {
        out = std::numeric_limits<double>::quiet_NaN();
        return;
      }
    }
    read_value(st, column, out);
  }
};

enum class Extreme { min, max };

/// `MIN(column)` / `MAX(column)`, nullopt over no rows.
template <Extreme Which, class C>
struct MinMax : Aggregate<MinMax<Which, C>, std::optional<unwrap_optional_t<typename C::value_type>>, typename C::tables,
                         type_list<C>> {
  static constexpr auto sql_text() noexcept { return detail::sql_concat(
      detail::sql_literal(Which == Extreme::min ? "MIN(" : "MAX("), C::sql_text(), detail::sql_literal(")")); }
};

/// `COUNT(*)`.
inline CountAll count() { return {}; }
/// `COUNT(column)`.
template <AnyColumn C>
Count<C> count(const C&) {
  return {};
}
/// `SUM(column)` of a numeric column.
template <AnyColumn C>
  requires rules::NumericColumn<C>
Sum<C> sum(const C&) {
  return {};
}
/// sum() over a column that is not a number.
template <AnyColumn C>
  requires(!rules::NumericColumn<C>)
error::sum_and_avg_need_a_numeric_column<C> sum(const C&) = delete;
/// `AVG(column)` of a numeric column.
template <AnyColumn C>
  requires rules::NumericColumn<C>
Avg<C> avg(const C&) {
  return {};
}
/// avg() over a column that is not a number.
template <AnyColumn C>
  requires(!rules::NumericColumn<C>)
error::sum_and_avg_need_a_numeric_column<C> avg(const C&) = delete;
/// `MIN(column)`.
template <AnyColumn C>
MinMax<Extreme::min, C> min(const C&) {
  return {};
}
/// `MAX(column)`.
template <AnyColumn C>
MinMax<Extreme::max, C> max(const C&) {
  return {};
}

}  // namespace dorm
