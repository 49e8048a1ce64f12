#pragma once
// The SELECT statement texts of a query shape, compile-time constants (dorm/expr/sql_text.hpp):
// what select<M>() runs, and relation loads (dorm/query/keyed_rows.hpp) with it, so both run
// the same statement for the same shape.
#include <string_view>

#include "dorm/core/statement_cache.hpp"
#include "dorm/expr/sql_text.hpp"
#include "dorm/query/join.hpp"
#include "dorm/query/order_by.hpp"
#include "dorm/query/where.hpp"

namespace dorm::detail {

/// ` FROM "t" JOIN ... WHERE <scopes> AND (<condition>)` of a query over `Table` with the joins
/// `Joins` (a detail::terms list of JoinClause), the scopes `ScopeSet` (a scope_set) and the condition
/// `Where`.
template <class Table, class Joins, class ScopeSet, class Where>
inline constexpr auto from_where_sql = sql_concat(sql_literal(" FROM "), table_name_sql<Table>,
                                                  joins_sql(static_cast<const Joins*>(nullptr)),
                                                  scoped_where_sql<ScopeSet, Where>);

/// What ends every SELECT of whole rows: its limit and offset, both bound.
inline constexpr std::string_view limit_clause = " LIMIT ? OFFSET ?";

/// `SELECT <Table's columns> <from_where_sql> <ORDER BY Order> LIMIT ? OFFSET ?`.
template <class Table, class Joins, class ScopeSet, class Where, class Order>
inline constexpr auto select_rows_sql =
    sql_concat(sql_literal("SELECT "), column_list_sql<Table>, from_where_sql<Table, Joins, ScopeSet, Where>,
               order_by_sql(Order{}), sql_literal(" LIMIT ? OFFSET ?"));

/// The statement of select_rows_sql, with its ` LIMIT ? OFFSET ?` (`limited`) or without:
/// all() and cursor() with neither limit() nor offset() run the latter, since LIMIT/OFFSET cost
/// SQLite two opcodes per row (~2% of a full scan, docs/performance.md).
template <class Table, class Joins, class ScopeSet, class Where, class Order>
const StaticSql& select_rows_statement(bool limited) {
  constexpr std::string_view text = select_rows_sql<Table, Joins, ScopeSet, Where, Order>.view();
  static const StaticSql with_limit = make_static_sql(text);
  static const StaticSql without_limit = make_static_sql(text.substr(0, text.size() - limit_clause.size()));
  return limited ? with_limit : without_limit;
}

}  // namespace dorm::detail
