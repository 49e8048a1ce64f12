#pragma once
// The floor of a typed query API (issue 15, item 6; docs/performance.md, "The floor of a typed
// API"): a prototype that keeps only what any typed query API must instantiate per query, to
// measure how close to the hand-written sqlite3 C API a typed API can come on this header set.
//
// Per query it keeps: the typed expression objects (dorm's own Column comparisons, LIKE,
// ORDER BY terms and SET terms, so the typing rules run, with the where() rule checked as the
// library checks it), the statement's SQL text as one compile-time constant built from those
// types, the SET values' schema rules, and ONE call to an out-of-line, non-template executor
// (floor_executor.cpp) with the bound values in a flat array and one row reader per row type
// (shared by a table's find and select). It leaves out what the library decides at compile
// time to cost nothing for these tables (global scopes, tenancy, timestamps, eager loads), and
// the builder: each query is one function call, not a chain of builder types.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <dorm/dorm.hpp>

namespace dorm_floor {

/// One bound value of a statement, in a flat array: the executor binds it without templates.
struct Value {
  enum class Kind : unsigned char { integer, real, text };
  Kind kind;
  std::int64_t integer;
  double real;
  std::string_view text;  ///< points into the expression object, alive during the call
};
inline Value value_of(std::int64_t v) { return {Value::Kind::integer, v, 0, {}}; }
inline Value value_of(bool v) { return {Value::Kind::integer, v ? 1 : 0, 0, {}}; }
inline Value value_of(double v) { return {Value::Kind::real, 0, v, {}}; }
inline Value value_of(const std::string& v) { return {Value::Kind::text, 0, 0, v}; }

/// A statement shape: its compile-time text and, once it ran, its slot in the executor's
/// registry. Constant-initialized (constinit), so a query costs no guard variable.
struct Shape {
  std::string_view text;
  std::size_t index = static_cast<std::size_t>(-1);
};

/// Reads the current result row of a statement into `out` (a container of rows).
using RowReader = void (*)(const dorm::Statement&, void* out);

/// Runs `shape` with `values` bound, calling `read` once per result row. Out of line.
void run_rows(dorm::Database& db, Shape& shape, std::span<const Value> values, RowReader read, void* out);
/// Runs `shape` with `values` bound and returns the integer in the first column of its first row.
std::int64_t run_scalar(dorm::Database& db, Shape& shape, std::span<const Value> values);
/// Runs the write `shape` with `values` bound (after the read-only rule), returns the rows changed.
std::int64_t run_write(dorm::Database& db, Shape& shape, std::span<const Value> values);

// ---- the flat values of an expression, in SQL text order ----

template <class T>
void collect(const dorm::Param<T>& p, Value*& out) {
  *out++ = value_of(p.value);
}
template <class D>
void collect(const dorm::Column<D>&, Value*&) {}
template <dorm::CompareOp Op, class L, class R>
void collect(const dorm::Comparison<Op, L, R>& e, Value*& out) {
  collect(e.rhs, out);
}
template <dorm::LogicalOp Op, class L, class R>
void collect(const dorm::Logical<Op, L, R>& e, Value*& out) {
  collect(e.lhs, out);
  collect(e.rhs, out);
}
template <class C, class P>
void collect(const dorm::Like<C, P>& e, Value*& out) {
  collect(e.pattern, out);
}
template <class C, class V>
void collect(const dorm::Assignment<C, V>& e, Value*& out) {
  *out++ = value_of(e.value);
}

/// The number of `?` in a compile-time SQL text (dorm binds every value; no literals).
template <std::size_t N>
constexpr std::size_t parameter_count(const dorm::detail::fixed_sql<N>& text) {
  std::size_t n = 0;
  for (const char c : text.view()) n += c == '?' ? 1 : 0;
  return n;
}

// ---- one row reader per row type ----

/// Appends the current row to a std::vector<M>: find and select of M share it.
template <dorm::Model M>
void append_row(const dorm::Statement& st, void* rows) {
  dorm::detail::read_row<dorm::table_of<M>>(st, static_cast<std::vector<M>*>(rows)->emplace_back());
}
/// Appends the current row to a std::vector<std::tuple<V...>> (a projection).
template <class... V>
void append_tuple(const dorm::Statement& st, void* rows) {
  auto& row = static_cast<std::vector<std::tuple<V...>>*>(rows)->emplace_back();
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (dorm::read_value(st, static_cast<int>(I), std::get<I>(row)), ...);
  }(std::index_sequence_for<V...>{});
}

// ---- the five query kinds: one function each, one executor call each ----

namespace sql = dorm::detail;

template <class M>
using tables_of = dorm::type_list<dorm::table_of<M>>;

/// The row of M with primary key `key`.
template <dorm::Model M>
std::optional<M> find(dorm::Database& db, std::int64_t key) {
  using T = dorm::table_of<M>;
  static constexpr auto text = sql::sql_concat(sql::sql_literal("SELECT "), sql::column_list_sql<T>,
                                               sql::sql_literal(" FROM "), sql::table_name_sql<T>,
                                               sql::sql_literal(" WHERE "),
                                               sql::key_condition_sql_of(typename T::primary_key{}));
  static constinit Shape shape{text.view()};
  const Value values[] = {value_of(key)};
  std::vector<M> rows;
  run_rows(db, shape, values, &append_row<M>, &rows);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

/// `SELECT <M's columns> FROM t WHERE <where> ORDER BY <order> LIMIT ?`.
template <dorm::Model M, class Where, class Order>
std::vector<M> select(dorm::Database& db, const Where& where, const Order&, std::int64_t limit,
                      dorm::rules::condition_check_t<Where, tables_of<M>, dorm::type_list<>> = {},
                      dorm::rules::order_by_check_t<tables_of<M>, Order> = {}) {
  using T = dorm::table_of<M>;
  static constexpr auto text =
      sql::sql_concat(sql::sql_literal("SELECT "), sql::column_list_sql<T>, sql::sql_literal(" FROM "),
                      sql::table_name_sql<T>, sql::sql_literal(" WHERE "), Where::sql_text(),
                      sql::order_by_sql(dorm::type_list<typename sql::as_order_term<Order>::type>{}),
                      sql::sql_literal(" LIMIT ?"));
  static constinit Shape shape{text.view()};
  std::array<Value, parameter_count(text)> values;
  Value* out = values.data();
  collect(where, out);
  *out = value_of(limit);
  std::vector<M> rows;
  run_rows(db, shape, values, &append_row<M>, &rows);
  return rows;
}

/// `SELECT COUNT(*) FROM t WHERE <where>`.
template <dorm::Model M, class Where>
std::int64_t count(dorm::Database& db, const Where& where,
                   dorm::rules::condition_check_t<Where, tables_of<M>, dorm::type_list<>> = {}) {
  using T = dorm::table_of<M>;
  static constexpr auto text = sql::sql_concat(sql::sql_literal("SELECT COUNT(*) FROM "), sql::table_name_sql<T>,
                                               sql::sql_literal(" WHERE "), Where::sql_text());
  static constinit Shape shape{text.view()};
  std::array<Value, parameter_count(text)> values;
  Value* out = values.data();
  collect(where, out);
  return run_scalar(db, shape, values);
}

/// `UPDATE t SET <set> WHERE <where>`: the SET value is checked against its column's rules first.
template <dorm::Model M, class Set, class Where>
std::int64_t update_all(dorm::Database& db, const Set& set, const Where& where,
                        dorm::rules::condition_check_t<Where, tables_of<M>, dorm::type_list<>> = {}) {
  using T = dorm::table_of<M>;
  static_assert(std::is_same_v<typename Set::column_type::table_type, T>, "floor: set() a column of the table");
  if constexpr (dorm::detail::validated_assignment<Set>) {
    dorm::ValidationErrors errors(T::name);
    dorm::detail::validate_assignment(set, errors);
    if (!errors.empty()) throw dorm::ValidationError(std::move(errors));
  }
  static constexpr auto text = sql::sql_concat(sql::sql_literal("UPDATE "), sql::table_name_sql<T>,
                                               sql::sql_literal(" SET "), Set::sql_text(),
                                               sql::sql_literal(" WHERE "), Where::sql_text());
  static constinit Shape shape{text.view()};
  std::array<Value, parameter_count(text)> values;
  Value* out = values.data();
  collect(set, out);
  collect(where, out);
  return run_write(db, shape, values);
}

/// `SELECT <c1>, <c2> FROM t JOIN o ON <on>`: rows of (c1, c2).
template <dorm::Model M, dorm::Model Other, class On, class C1, class C2>
std::vector<std::tuple<typename C1::value_type, typename C2::value_type>> join_columns(
    dorm::Database& db, const On& on, const C1&, const C2&,
    dorm::rules::condition_check_t<On, dorm::type_list<dorm::table_of<M>, dorm::table_of<Other>>,
                                   dorm::type_list<>> = {}) {
  using T = dorm::table_of<M>;
  using O = dorm::table_of<Other>;
  static constexpr auto text = sql::sql_concat(sql::sql_literal("SELECT "), C1::sql_text(), sql::sql_literal(", "),
                                               C2::sql_text(), sql::sql_literal(" FROM "), sql::table_name_sql<T>,
                                               sql::sql_literal(" JOIN "), sql::table_name_sql<O>,
                                               sql::sql_literal(" ON "), On::sql_text());
  static constinit Shape shape{text.view()};
  using Row = std::tuple<typename C1::value_type, typename C2::value_type>;
  std::array<Value, parameter_count(text)> values;
  Value* out = values.data();
  collect(on, out);
  std::vector<Row> rows;
  run_rows(db, shape, values, &append_tuple<typename C1::value_type, typename C2::value_type>, &rows);
  return rows;
}

}  // namespace dorm_floor
