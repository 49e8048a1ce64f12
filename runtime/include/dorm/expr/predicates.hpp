#pragma once
// Column predicates: LIKE, IS [NOT] NULL and IN (list). Included by dorm/column.hpp.
#include <iterator>
#include <string>

#include "dorm/column.hpp"
#include "dorm/expr/json_array.hpp"

namespace dorm {

template <class C, class Pattern>
struct Like {
  Param<Pattern> pattern;
  using tables = typename C::tables;
  static constexpr bool is_condition = true;
  static void render(std::string& sql) {
    C::render(sql);
    sql += " LIKE ?";
  }
  void bind(Binder& binder) const { pattern.bind(binder); }
};

template <class C>
struct IsNull {
  using tables = typename C::tables;
  static constexpr bool is_condition = true;
  static void render(std::string& sql) {
    C::render(sql);
    sql += " IS NULL";
  }
  void bind(Binder&) const noexcept {}
};

template <class C>
struct IsNotNull {
  using tables = typename C::tables;
  static constexpr bool is_condition = true;
  static void render(std::string& sql) {
    C::render(sql);
    sql += " IS NOT NULL";
  }
  void bind(Binder&) const noexcept {}
};

template <class C, class V>
struct Between {
  Param<V> low;
  Param<V> high;
  using tables = typename C::tables;
  static constexpr bool is_condition = true;
  static void render(std::string& sql) {
    C::render(sql);
    sql += " BETWEEN ? AND ?";
  }
  void bind(Binder& binder) const {
    low.bind(binder);
    high.bind(binder);
  }
};

/// `column IN (SELECT value FROM json_each(?))`: the list travels as one JSON array parameter.
template <class C, class V>
struct InList {
  std::string json;  ///< the values as a JSON array
  using tables = typename C::tables;
  static constexpr bool is_condition = true;
  static void render(std::string& sql) {
    C::render(sql);
    sql += " IN (SELECT value FROM json_each(?))";
  }
  void bind(Binder& binder) const { binder(json); }
};

template <class TableT, class T, class Self>
template <class Range>
auto Column<TableT, T, Self>::in(const Range& values) const {
  using V = std::remove_cvref_t<decltype(*std::begin(values))>;
  rules::require_in_values<Self, T, V>();
  JsonArrayWriter writer;
  for (const auto& v : values) writer.add(v);
  return InList<Self, V>{writer.finish()};
}

/// The tables of NOT NULL columns that condition `E` tests with IS [NOT] NULL.
template <class E>
struct not_null_checked_tables {
  using type = type_list<>;
};
template <class C>
struct not_null_checked_tables<IsNull<C>> {
  using type = std::conditional_t<C::nullable, type_list<>, type_list<typename C::table_type>>;
};
template <class C>
struct not_null_checked_tables<IsNotNull<C>> : not_null_checked_tables<IsNull<C>> {};
template <class E>
using not_null_checked_tables_t = typename not_null_checked_tables<E>::type;

}  // namespace dorm
