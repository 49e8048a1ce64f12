#pragma once
// The rows of one table whose column equals one value, under the table's global scopes: what
// a relation loads for one parent row. The statement is the one select<M>().where(Key{} ==
// key) runs (first() with its LIMIT, all() without), through the same executor, but built
// without the SELECT builder: the generated header instantiates a loader per relation, and the
// builder's class, typing rules and operator overload sets made those loaders most of a
// generated header's compile time (docs/performance.md, "Compile cost").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dorm/expr/comparison.hpp"
#include "dorm/detail/table_rows.hpp"
#include "dorm/detail/table_sql.hpp"
#include "dorm/query/executor.hpp"
#include "dorm/query/select_sql.hpp"
#include "dorm/query/where.hpp"
#include "dorm/query/scope.hpp"

namespace dorm::detail {

/// `SELECT <Key's table's columns> FROM <table> WHERE <scopes> AND (Key = ?)` with `Scopes`
/// (a type_list), for Executor::run: the key `Value` is bound from `where`.
template <class Key, class Value, class Scopes>
struct KeyedRowsQuery {
  using table_type = typename Key::table_type;
  using scope_set = detail::scope_set<table_type, Scopes>;
  using condition = Comparison<CompareOp::eq, Key, Param<Value>>;
  static constexpr bool tenant_scoped = has_tenant_scope_v<Scopes>;

  StatementCache* statements;
  condition where;

  [[nodiscard]] StatementCache& cache() const noexcept { return *statements; }
  [[nodiscard]] KeyedRowsQuery<Key, Value, without_tenant_scopes_t<Scopes>> without_tenant_conditions() const {
    return {statements, where};
  }
  static typename scope_set::values scope_conditions() { return scope_set::evaluate(); }
  /// Binds the scopes, the key and, for the first row only, `LIMIT 1 OFFSET 0`.
  void bind(Binder& binder, const typename scope_set::values& scopes, bool first_only) const {
    scope_set::bind(binder, scopes);
    where.bind(binder);
    if (!first_only) return;
    binder(std::int64_t{1});
    binder(std::int64_t{0});
  }
  /// The statement, with ` LIMIT ? OFFSET ?` when `first_only`: select<M>().where(Key{} ==
  /// key)'s, the same text and cached statement.
  static const StaticSql& sql(bool first_only) {
    return select_rows_statement<table_type, terms<>, scope_set, condition, type_list<>>(first_only);
  }
};

/// The rows of `Key`'s table whose column `Key` equals `key`, under the table's default global
/// scopes: every row (`Many`, a vector) or the first (an optional).
template <class Key, bool Many, class Value>
auto rows_with_key(StatementCache& cache, const Value& key) {
  using table_type = typename Key::table_type;
  using M = typename table_type::model_type;
  // Named here, not in a class: the generated header instantiates the relations before users
  // specialize dorm::global_scopes for the target.
  using Query = KeyedRowsQuery<Key, param_storage_t<Value>, default_scopes_t<M>>;
  const Query query{&cache, {Param<param_storage_t<Value>>{param_storage_t<Value>(key)}}};
  return Executor::run(
      query, make_terminal([](const auto& q) -> const StaticSql& { return q.sql(!Many); },
                           [](const auto& q, Binder& binder, const auto& scopes) { q.bind(binder, scopes, !Many); },
                           [](const auto&, Statement& st) {
                             if constexpr (Many) {
                               std::vector<M> rows;
                               while (st.step()) detail::read_row<table_type>(st, rows.emplace_back());
                               return rows;
                             } else {
                               if (!st.step()) return std::optional<M>();
                               std::optional<M> row(std::in_place);
                               detail::read_row<table_type>(st, *row);
                               return row;
                             }
                           }));
}

}  // namespace dorm::detail
