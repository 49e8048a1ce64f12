#pragma once
// Set operations: union_all(a, b), union_(a, b), intersect(a, b) and except(a, b) of two
// selects with the same row type (two projections whose columns read as the same C++ types,
// or two selects of whole rows of one model), themselves combinable. The result reads rows of
// that type; order_by(), limit() and offset() apply to the compound. Each side runs as a
// subquery with its own ORDER BY / LIMIT, its scopes and parameters, bound left side first.
// The SQL is a function of the C++ type: built once per process, prepared once per connection.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/query/projection.hpp"
#include "dorm/query/rules.hpp"
#include "dorm/query/select.hpp"

namespace dorm {

/// The operator joining the two selects of a CompoundSelect.
enum class SetOperator { union_all, union_distinct, intersect, except };

template <SetOperator Op, class Left, class Right, class Order>
class CompoundSelect;

namespace detail {

/// An ORDER BY term of a compound: result column `Position` (from 1), in order `Direction`.
template <std::size_t Position, SortOrder Direction>
struct set_order_term {};

/// The position (from 0) of `E` in `Exprs`, or the list's size when it is not there.
template <class E, class... Exprs>
constexpr std::size_t expression_position() noexcept {
  std::size_t position = 0;
  const bool found = ((std::is_same_v<E, Exprs> ? true : (++position, false)) || ...);
  return found ? position : sizeof...(Exprs);
}

template <class E, class List>
struct position_in;
template <class E, class... Exprs>
struct position_in<E, type_list<Exprs...>> {
  static constexpr std::size_t value = expression_position<E, Exprs...>();
  static constexpr bool found = value < sizeof...(Exprs);
};

/// What a set operation needs of one of its selects: the row it reads, its statement (with
/// its own ` LIMIT ? OFFSET ?`), its parameters, its scopes, and the result expressions an
/// ORDER BY of the compound may name. Specialized for SelectQuery (whole rows), ProjectionQuery
/// and CompoundSelect; every other type is not a set operand.
template <class Query>
struct set_operand {
  static constexpr bool is_operand = false;
};

template <Model M, class Where, class Order, class Joins, class Eager, class Scopes>
struct set_operand<SelectQuery<M, Where, Order, Joins, Eager, Scopes>> {
  using query = SelectQuery<M, Where, Order, Joins, Eager, Scopes>;
  static constexpr bool is_operand = true;
  static_assert(std::is_same_v<Eager, type_list<>>,
                "dorm: a set operation reads plain rows: drop with() from its selects");
  using row_type = M;
  using table_type = typename query::table_type;
  using result_expressions = typename table_type::columns;
  static constexpr bool tenant_scoped = query::tenant_scoped;
  static const std::string& sql() { return query::select_sql(true).text; }
  static auto scope_conditions() { return query::scope_conditions(); }
  static StatementCache& cache(const query& q) { return q.cache(); }
  static void bind(const query& q, Binder& binder, const typename query::scope_values& scopes) {
    // The statement always has its ` LIMIT ? OFFSET ?` (bind_select() leaves an unlimited
    // query's out).
    q.bind_from_where(binder, scopes);
    binder(q.limit_);
    binder(q.offset_);
  }
  static void read(const Statement& st, row_type& row) { detail::read_row<table_type>(st, row); }
  static auto without_tenant_conditions(const query& q) { return q.without_tenant_conditions(); }
};

template <class Query, class... Exprs, class GroupBy, class Having, class Order, bool Distinct>
struct set_operand<ProjectionQuery<Query, type_list<Exprs...>, GroupBy, Having, Order, Distinct>> {
  using query = ProjectionQuery<Query, type_list<Exprs...>, GroupBy, Having, Order, Distinct>;
  static constexpr bool is_operand = true;
  using row_type = typename query::row_type;
  using table_type = typename Query::table_type;
  using result_expressions = type_list<Exprs...>;
  static constexpr bool tenant_scoped = Query::tenant_scoped;
  static const std::string& sql() { return query::sql_text().text; }
  static auto scope_conditions() { return Query::scope_conditions(); }
  static StatementCache& cache(const query& q) { return q.cache(); }
  static void bind(const query& q, Binder& binder, const typename Query::scope_values& scopes) {
    q.bind_all(binder, q.query_.limit_value(), scopes);
  }
  static void read(const Statement& st, row_type& row) { query::read_row(st, row); }
  static auto without_tenant_conditions(const query& q) { return q.without_tenant_conditions(); }
};

template <SetOperator Op, class Left, class Right, class Order>
struct set_operand<CompoundSelect<Op, Left, Right, Order>> {
  using query = CompoundSelect<Op, Left, Right, Order>;
  static constexpr bool is_operand = true;
  using row_type = typename query::row_type;
  using table_type = typename query::table_type;
  using result_expressions = typename set_operand<Left>::result_expressions;
  static constexpr bool tenant_scoped = query::tenant_scoped;
  static const std::string& sql() { return query::sql_text().text; }
  static auto scope_conditions() { return query::scope_conditions(); }
  static StatementCache& cache(const query& q) { return q.cache(); }
  static void bind(const query& q, Binder& binder, const typename query::scope_values& scopes) {
    q.bind_all(binder, q.limit_, scopes);
  }
  static void read(const Statement& st, row_type& row) { set_operand<Left>::read(st, row); }
  static auto without_tenant_conditions(const query& q) { return q.without_tenant_conditions(); }
};

/// A select a set operation takes: select<M>(), a columns() projection or a compound.
template <class Q>
concept SetOperand = set_operand<Q>::is_operand;

/// The first column (from 0) whose type differs between row tuples `L` and `R` of one size, or
/// their size.
template <class L, class R, std::size_t... I>
constexpr std::size_t first_different_column(std::index_sequence<I...>) noexcept {
  std::size_t position = 0;
  const bool found =
      ((!std::is_same_v<std::tuple_element_t<I, L>, std::tuple_element_t<I, R>> ? true : (++position, false)) || ...);
  return found ? position : sizeof...(I);
}

template <class L, class R, std::size_t Column, bool Same = (Column == std::tuple_size_v<L>)>
struct column_type_check {
  using type = rules::satisfied;
};
template <class L, class R, std::size_t Column>
struct column_type_check<L, R, Column, false> {
  using type = error::set_operation_column_types_differ<Column + 1, std::tuple_element_t<Column, L>,
                                                         std::tuple_element_t<Column, R>>;
};

/// The column rule of tuples `L` and `R`: as many columns (`SameSize`), then each of one type.
template <class L, class R, bool SameSize = (std::tuple_size_v<L> == std::tuple_size_v<R>)>
struct tuple_row_check {
  using type = error::set_operation_column_counts_differ<std::tuple_size_v<L>, std::tuple_size_v<R>>;
};
template <class L, class R>
struct tuple_row_check<L, R, true> {
  using type = typename column_type_check<
      L, R, first_different_column<L, R>(std::make_index_sequence<std::tuple_size_v<L>>{})>::type;
};

/// The rule a set operation of rows `L` and `R` breaks first, or rules::satisfied: rows of one
/// model, or tuples of as many columns, each of one C++ type.
template <class L, class R>
struct row_type_check {
  using type = std::conditional_t<std::is_same_v<L, R>, rules::satisfied,
                                  error::set_operation_of_selects_of_different_rows<L, R>>;
};
template <class... L, class... R>
struct row_type_check<std::tuple<L...>, std::tuple<R...>> : tuple_row_check<std::tuple<L...>, std::tuple<R...>> {};

template <class Left, class Right>
using set_operation_check_t =
    typename row_type_check<typename set_operand<Left>::row_type, typename set_operand<Right>::row_type>::type;

template <class Term>
struct order_direction;
template <class C, SortOrder O>
struct order_direction<OrderTerm<C, O>> : std::integral_constant<SortOrder, O> {};

/// The `ORDER BY` term of a compound for `Term` (an expression of the left select, or its
/// asc()/desc()), as set_order_term.
template <class Operand, class Term>
struct compound_order_term {
  using ordered = typename as_order_term<Term>::type;
  using position = position_in<typename ordered::column_type, typename set_operand<Operand>::result_expressions>;
  static_assert(position::found,
                "dorm: order_by() of a set operation takes result columns of its first select "
                "(a column or aggregate of its columns(), or a column of its model)");
  using type = set_order_term<position::value + 1, order_direction<ordered>::value>;
};

}  // namespace detail

/// Two selects `Left` and `Right` joined by `Op` (see union_all()), ordered by `Order` (a
/// type_list of detail::set_order_term). Rows are `Left`'s row type.
template <SetOperator Op, class Left, class Right, class Order>
class CompoundSelect {
  using left_operand = detail::set_operand<Left>;
  using right_operand = detail::set_operand<Right>;

 public:
  /// One result row: a model row or a std::tuple, as the selects read.
  using row_type = typename left_operand::row_type;
  /// The scope conditions of one execution: those of both selects.
  struct scope_values {
    decltype(left_operand::scope_conditions()) left;
    decltype(right_operand::scope_conditions()) right;
  };

  CompoundSelect(Left left, Right right, std::int64_t limit = -1, std::int64_t offset = 0)
      : left_(std::move(left)), right_(std::move(right)), limit_(limit), offset_(offset) {}

  /// ORDER BY terms of the compound: result columns of the first select (columns, aggregates,
  /// their asc()/desc()), ordered by position in SQL.
  template <class... Terms>
  [[nodiscard]] auto order_by(const Terms&...) const {
    static_assert(sizeof...(Terms) > 0, "dorm: order_by() needs at least one term");
    using Added = type_list<typename detail::compound_order_term<Left, Terms>::type...>;
    return CompoundSelect<Op, Left, Right, type_list_concat_t<Order, Added>>(left_, right_, limit_, offset_);
  }
  /// At most `n` rows of the compound (bound as a parameter).
  [[nodiscard]] CompoundSelect limit(std::int64_t n) const {
    CompoundSelect q = *this;
    q.limit_ = n;
    return q;
  }
  /// Skips the first `n` rows of the compound (bound as a parameter).
  [[nodiscard]] CompoundSelect offset(std::int64_t n) const {
    CompoundSelect q = *this;
    q.offset_ = n;
    return q;
  }

  /// Every result row.
  [[nodiscard]] std::vector<row_type> all() const {
    return detail::Executor::run(
        *this, detail::make_terminal([](const auto& q) -> const StaticSql& { return q.sql_text(); },
                                     [](const auto& q, Binder& binder, const auto& scopes) {
                                       q.bind_all(binder, q.limit_, scopes);
                                     },
                                     [](const auto&, Statement& st) {
                                       std::vector<row_type> rows;
                                       while (st.step()) left_operand::read(st, rows.emplace_back());
                                       return rows;
                                     }));
  }
  /// The first result row, if any.
  [[nodiscard]] std::optional<row_type> first() const {
    return detail::Executor::run(
        *this, detail::make_terminal([](const auto& q) -> const StaticSql& { return q.sql_text(); },
                                     [](const auto& q, Binder& binder, const auto& scopes) { q.bind_all(binder, 1, scopes); },
                                     [](const auto&, Statement& st) -> std::optional<row_type> {
                                       if (!st.step()) return std::nullopt;
                                       std::optional<row_type> row(std::in_place);
                                       left_operand::read(st, *row);
                                       return row;
                                     }));
  }

  /// The SQL this compound runs.
  [[nodiscard]] static const std::string& sql() { return sql_text().text; }

 private:
  template <SetOperator, class, class, class>
  friend class CompoundSelect;
  template <class>
  friend struct detail::set_operand;
  friend class detail::Executor;

  // What the executor needs.
  using table_type = typename left_operand::table_type;
  static constexpr bool tenant_scoped = left_operand::tenant_scoped || right_operand::tenant_scoped;
  static scope_values scope_conditions() {
    return {left_operand::scope_conditions(), right_operand::scope_conditions()};
  }
  [[nodiscard]] StatementCache& cache() const noexcept { return left_operand::cache(left_); }
  /// Both selects without their tenant conditions (inside a without_tenant_scope region).
  auto without_tenant_conditions() const {
    auto left = unscoped(left_);
    auto right = unscoped(right_);
    return CompoundSelect<Op, decltype(left), decltype(right), Order>(std::move(left), std::move(right), limit_,
                                                                       offset_);
  }
  template <class Q>
  static auto unscoped(const Q& q) {
    if constexpr (detail::set_operand<Q>::tenant_scoped) {
      return detail::set_operand<Q>::without_tenant_conditions(q);
    } else {
      return q;
    }
  }

  static constexpr const char* operator_sql() noexcept {
    switch (Op) {
      case SetOperator::union_all: return " UNION ALL ";
      case SetOperator::union_distinct: return " UNION ";
      case SetOperator::intersect: return " INTERSECT ";
      case SetOperator::except: return " EXCEPT ";
    }
    return "";
  }
  template <std::size_t... Position, SortOrder... Direction>
  static std::string order_sql(type_list<detail::set_order_term<Position, Direction>...>) {
    std::string out;
    ((out += (out.empty() ? " ORDER BY " : ", "), out += std::to_string(Position),
      out += (Direction == SortOrder::asc ? " ASC" : " DESC")),
     ...);
    return out;
  }
  // `SELECT * FROM (<left>) <op> SELECT * FROM (<right>) [ORDER BY <positions>] LIMIT ? OFFSET ?`:
  // each side a subquery, so its own ORDER BY and LIMIT stay its own.
  static const StaticSql& sql_text() {
    static const StaticSql sql = make_static_sql("SELECT * FROM (" + left_operand::sql() + ")" + operator_sql() +
                                                 "SELECT * FROM (" + right_operand::sql() + ")" + order_sql(Order{}) +
                                                 " LIMIT ? OFFSET ?");
    return sql;
  }
  void bind_all(Binder& binder, std::int64_t limit, const scope_values& scopes) const {
    left_operand::bind(left_, binder, scopes.left);
    right_operand::bind(right_, binder, scopes.right);
    binder(limit);
    binder(offset_);
  }

  Left left_;
  Right right_;
  std::int64_t limit_;
  std::int64_t offset_;
};

/// `a UNION ALL b`: every row of both selects, duplicates kept. The selects read the same
/// row type; the defaulted parameter is the rule they break (which column differs).
template <detail::SetOperand Left, detail::SetOperand Right>
[[nodiscard]] auto union_all(const Left& left, const Right& right, detail::set_operation_check_t<Left, Right> = {}) {
  return CompoundSelect<SetOperator::union_all, Left, Right, type_list<>>(left, right);
}
/// `a UNION b`: the distinct rows of both selects (same row type, as union_all()).
template <detail::SetOperand Left, detail::SetOperand Right>
[[nodiscard]] auto union_(const Left& left, const Right& right, detail::set_operation_check_t<Left, Right> = {}) {
  return CompoundSelect<SetOperator::union_distinct, Left, Right, type_list<>>(left, right);
}
/// `a INTERSECT b`: the distinct rows both selects read (same row type, as union_all()).
template <detail::SetOperand Left, detail::SetOperand Right>
[[nodiscard]] auto intersect(const Left& left, const Right& right, detail::set_operation_check_t<Left, Right> = {}) {
  return CompoundSelect<SetOperator::intersect, Left, Right, type_list<>>(left, right);
}
/// `a EXCEPT b`: the distinct rows of the first select the second does not read (same row
/// type, as union_all()).
template <detail::SetOperand Left, detail::SetOperand Right>
[[nodiscard]] auto except(const Left& left, const Right& right, detail::set_operation_check_t<Left, Right> = {}) {
  return CompoundSelect<SetOperator::except, Left, Right, type_list<>>(left, right);
}

}  // namespace dorm
