#pragma once
// JOIN clauses of the typed builder. A join adds a table to the query, so its columns become
// legal in where(), order_by() and columns(); after a LEFT JOIN, the joined table's columns are
// read as std::optional because the row may have no match.
#include <string>
#include <tuple>

#include "dorm/expr/expression.hpp"
#include "dorm/model.hpp"

namespace dorm {

enum class JoinKind { inner, left };

/// `[LEFT] JOIN "table" ON condition`.
template <JoinKind Kind, class TableT, class On>
struct JoinClause {
  using table_type = TableT;
  static constexpr JoinKind kind = Kind;
  On on;
  static void render(std::string& sql) {
    sql += Kind == JoinKind::left ? " LEFT JOIN " : " JOIN ";
    sql += TableT::quoted_name;
    sql += " ON ";
    On::render(sql);
  }
  void bind(Binder& binder) const { on.bind(binder); }
};

namespace detail {

template <class Tuple>
struct join_tables;
template <class... Joins>
struct join_tables<std::tuple<Joins...>> {
  using type = type_list<typename Joins::table_type...>;
};

template <class Tuple>
struct left_join_tables;
template <>
struct left_join_tables<std::tuple<>> {
  using type = type_list<>;
};
template <class First, class... Rest>
struct left_join_tables<std::tuple<First, Rest...>> {
  using rest = typename left_join_tables<std::tuple<Rest...>>::type;
  using type = std::conditional_t<First::kind == JoinKind::left,
                                  type_list_concat_t<type_list<typename First::table_type>, rest>, rest>;
};

template <class... Joins>
void render_joins(std::string& sql, const std::tuple<Joins...>*) {
  (Joins::render(sql), ...);
}
template <class... Joins>
void bind_joins(Binder& binder, const std::tuple<Joins...>& joins) {
  std::apply([&](const auto&... join) { (join.bind(binder), ...); }, joins);
}

}  // namespace detail

/// The tables a join list adds to a query.
template <class Joins>
using join_tables_t = typename detail::join_tables<Joins>::type;
/// The tables whose columns read as optional because they were LEFT JOINed.
template <class Joins>
using left_join_tables_t = typename detail::left_join_tables<Joins>::type;

}  // namespace dorm
