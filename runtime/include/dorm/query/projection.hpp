#pragma once
// columns(...): a SELECT of chosen columns and aggregates. Rows are std::tuples whose element
// types follow from the expressions; after a LEFT JOIN, the joined table's columns are
// std::optional. group_by(), having(), distinct() and order_by() refine it; into<Struct>()
// reads rows into a named aggregate struct instead. The query's global scopes apply (they are
// part of its FROM ... WHERE), the tenant scope included (dorm/tenancy/tenant_scope.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "dorm/expr/aggregate.hpp"
#include "dorm/query/select.hpp"

namespace dorm {

namespace detail {

/// The C++ type an expression reads as in a query whose LEFT JOINed tables are `LeftTables`.
template <class E, class LeftTables, class = void>
struct projected {
  using type = typename E::value_type;
};
template <class E, class LeftTables>
struct projected<E, LeftTables, std::enable_if_t<AnyColumn<E>>> {
  using type = std::conditional_t<type_list_contains<LeftTables, typename E::table_type>::value,
                                  std::optional<unwrap_optional_t<typename E::value_type>>, typename E::value_type>;
};

template <class E>
void read_projected(const Statement& st, int column, auto& out) {
  if constexpr (requires { E::read(st, column, out); }) {
    E::read(st, column, out);
  } else {
    read_value(st, column, out);
  }
}

/// `a, b`: the SQL of the expressions `Exprs`.
template <class... Exprs>
constexpr auto expression_list_sql(type_list<Exprs...>) noexcept {
  return sql_join(sql_literal(", "), Exprs::sql_text()...);
}

}  // namespace detail

/// A projection of query `Query` (a SelectQuery) onto the expressions `Exprs` (a type_list).
template <class Query, class Exprs, class GroupBy, class Having, class Order, bool Distinct>
class ProjectionQuery;

template <class Query, class... Exprs, class GroupBy, class Having, class Order, bool Distinct>
class ProjectionQuery<Query, type_list<Exprs...>, GroupBy, Having, Order, Distinct> {
 public:
  using query_tables = typename Query::query_tables;
  using left_tables = left_join_tables_t<typename Query::joins_type>;
  /// One result row.
  using row_type = std::tuple<typename detail::projected<Exprs, left_tables>::type...>;

  static_assert(sizeof...(Exprs) > 0, "dorm: columns() needs at least one column or aggregate");
  static_assert((ValueExpression<Exprs> && ...), "dorm: columns() takes columns and aggregates (dorm::count(), ...)");

  explicit ProjectionQuery(Query query, Having having = {}) : query_(std::move(query)), having_(std::move(having)) {
    rules::require_tables_in_query<type_list<Exprs...>, type_list_concat_t<typename Exprs::tables...>, query_tables>();
  }

  /// `GROUP BY columns...`.
  template <class... Columns>
  [[nodiscard]] auto group_by(const Columns&...) const {
    static_assert((AnyColumn<Columns> && ...), "dorm: group_by() takes columns");
    rules::require_tables_in_query<type_list<Columns...>, type_list_concat_t<typename Columns::tables...>,
                                   query_tables>();
    return ProjectionQuery<Query, type_list<Exprs...>, type_list_concat_t<GroupBy, type_list<Columns...>>, Having,
                           Order, Distinct>(query_, having_);
  }

  /// `HAVING condition` over groups, e.g. `having(dorm::count() > 2)`.
  template <class E>
  [[nodiscard]] auto having(const E& condition) const {
    static_assert(Condition<E>, "dorm: having() needs a condition such as dorm::count() > 2");
    rules::require_tables_in_query<E, typename E::tables, query_tables>();
    rules::require_null_checks_on_nullable_columns<E, not_null_checked_tables_t<E>, left_tables>();
    if constexpr (std::is_same_v<Having, NoCondition>) {
      return ProjectionQuery<Query, type_list<Exprs...>, GroupBy, E, Order, Distinct>(query_, condition);
    } else {
      return ProjectionQuery<Query, type_list<Exprs...>, GroupBy, And<Having, E>, Order, Distinct>(
          query_, And<Having, E>{having_, condition});
    }
  }

  /// `SELECT DISTINCT`.
  [[nodiscard]] auto distinct() const {
    return ProjectionQuery<Query, type_list<Exprs...>, GroupBy, Having, Order, true>(query_, having_);
  }

  /// Adds ORDER BY terms (after the query's own): columns, aggregates, or their asc()/desc().
  template <class... Terms>
  [[nodiscard]] auto order_by(const Terms&...) const {
    using Added = type_list<typename detail::as_order_term<Terms>::type...>;
    return ProjectionQuery<Query, type_list<Exprs...>, GroupBy, Having, type_list_concat_t<Order, Added>, Distinct>(
        query_, having_);
  }

  /// This projection over every tenant (see ScopedQuery::without_tenant_scope()).
  [[nodiscard]] auto without_tenant_scope(
      rules::check_t<Query::tenant_scoped,
                     error::without_tenant_scope_needs_a_tenant_table<typename Query::model_type>> = {}) const {
    if constexpr (Query::tenant_scoped) {
      return without_tenant_conditions();
    } else {
      return *this;
    }
  }

  /// Every result row.
  [[nodiscard]] std::vector<row_type> all() const {
    return detail::Executor::run(
        *this, detail::make_terminal([](const auto& q) -> const StaticSql& { return q.sql_text(); },
                                     [](const auto& q, Binder& binder, const auto& scopes) {
                                       q.bind_all(binder, q.query_.limit_value(), scopes);
                                     },
                                     [](const auto&, Statement& st) {
                                       std::vector<row_type> rows;
                                       while (st.step()) read_row(st, rows.emplace_back());
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
                                       read_row(st, *row);
                                       return row;
                                     }));
  }

  /// Every result row as a `Struct` built from the row's values in order
  /// (`struct TitleAndAuthor { std::string title; std::string author; }`).
  template <class Struct>
  [[nodiscard]] std::vector<Struct> into() const {
    std::vector<Struct> out;
    for (auto& row : all()) {
      out.push_back(std::apply([](auto&&... values) { return Struct{std::move(values)...}; }, std::move(row)));
    }
    return out;
  }

  /// The SQL this projection runs.
  [[nodiscard]] static const std::string& sql() { return sql_text().text; }

 private:
  template <class, class, class, class, class, bool>
  friend class ProjectionQuery;
  friend class detail::Executor;
  template <class>
  friend struct detail::set_operand;

  // What the executor needs: the projected query's tenant scope, scopes and connection.
  using table_type = typename Query::table_type;
  static constexpr bool tenant_scoped = Query::tenant_scoped;
  static auto scope_conditions() { return Query::scope_conditions(); }
  [[nodiscard]] StatementCache& cache() const noexcept { return query_.cache(); }

  /// This projection of the query without its tenant conditions.
  auto without_tenant_conditions() const {
    auto query = query_.without_tenant_conditions();
    return ProjectionQuery<decltype(query), type_list<Exprs...>, GroupBy, Having, Order, Distinct>(std::move(query),
                                                                                                   having_);
  }

  // `SELECT [DISTINCT] <Exprs> FROM ... [GROUP BY ...] [HAVING ...] [ORDER BY <the query's terms,
  // then this projection's>] LIMIT ? OFFSET ?`.
  static constexpr auto statement_text() noexcept {
    constexpr auto select = [] {
      if constexpr (Distinct) {
        return detail::sql_literal("SELECT DISTINCT ");
      } else {
        return detail::sql_literal("SELECT ");
      }
    }();
    constexpr auto group_by = [] {
      if constexpr (!std::is_same_v<GroupBy, type_list<>>) {
        return detail::sql_concat(detail::sql_literal(" GROUP BY "), detail::expression_list_sql(GroupBy{}));
      } else {
        return detail::no_sql;
      }
    }();
    constexpr auto having = [] {
      if constexpr (!std::is_same_v<Having, NoCondition>) {
        return detail::sql_concat(detail::sql_literal(" HAVING "), Having::sql_text());
      } else {
        return detail::no_sql;
      }
    }();
    return detail::sql_concat(select, detail::expression_list_sql(type_list<Exprs...>{}), Query::from_where_sql(),
                              group_by, having,
                              detail::order_by_sql(type_list_concat_t<typename Query::order_type, Order>{}),
                              detail::sql_literal(" LIMIT ? OFFSET ?"));
  }
  static const StaticSql& sql_text() {
    static constexpr auto text = statement_text();
    static const StaticSql sql = make_static_sql(text.view());
    return sql;
  }

  void bind_all(Binder& binder, std::int64_t limit, const typename Query::scope_values& scopes) const {
    query_.bind_from_where(binder, scopes);
    having_.bind(binder);
    binder(limit);
    binder(query_.offset_value());
  }

  static void read_row(const Statement& st, row_type& row) {
    read_each(st, row, std::index_sequence_for<Exprs...>{});
  }
  template <std::size_t... I>
  static void read_each(const Statement& st, row_type& row, std::index_sequence<I...>) {
    (detail::read_projected<Exprs>(st, static_cast<int>(I), std::get<I>(row)), ...);
  }

  Query query_;
  Having having_;
};

}  // namespace dorm
