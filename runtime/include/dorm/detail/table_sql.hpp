#pragma once
// The SQL a generated table's rows are read and written with, built from the table type's
// descriptors (dorm-gen emits them, docs/json-schema.md): `columns`, the column types in table
// order; `primary_key`, the key's columns in key order; `rowid_key`, the key column SQLite fills
// when a row leaves it 0 (INTEGER PRIMARY KEY); and per column, `sql_default`, the SQL
// expression a NOT NULL column left empty gets. Each text is built once per process, on first use.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

#include "dorm/core/column_info.hpp"
#include "dorm/detail/sql_list.hpp"
#include "dorm/detail/table_columns.hpp"
#include "dorm/core/statement_cache.hpp"
#include "dorm/core/type_list.hpp"
#include "dorm/expr/sql_text.hpp"

namespace dorm::detail {

/// Table `T` has a rowid key: SQLite chooses its value when a row leaves it 0.
template <class T>
concept rowid_table = requires { typename T::rowid_key; };

/// Column `C` has an SQL default (`sql_default`): left empty, the INSERT asks for it and reads
/// the stored value back.
template <class C>
concept sql_default_column = requires { descriptor_of_t<C>::sql_default; };

/// Column `C` is the rowid key of its table `T`.
template <class T, class C>
constexpr bool is_rowid_key() {
  if constexpr (rowid_table<T>) {
    return std::is_same_v<C, typename T::rowid_key>;
  } else {
    return false;
  }
}

/// Column `C` is one of table `T`'s primary key columns.
template <class T, class C>
inline constexpr bool is_key_column = type_list_contains<typename T::primary_key, C>::value;

/// An INSERT returns values (RETURNING): the rowid key of a multi-row INSERT, SQL defaults.
template <class T>
constexpr bool insert_returns_values() {
  return []<class... Cs>(type_list<Cs...>) {
    return rowid_table<T> || (sql_default_column<Cs> || ...);
  }(typename T::columns{});
}

/// Table `T` has columns outside its primary key (an upsert has something to update).
template <class T>
inline constexpr bool has_non_key_columns = key_count<T> < column_count<T>;

/// `"a", "b"`: the primary key's columns.
template <class T>
const std::string& primary_key_list() {
  static const std::string text = join_sql_names(column_names<typename T::primary_key>::quoted, ", ");
  return text;
}

/// The pieces of every INSERT into `T`, for rows that give their key (`keyed`) or leave it to
/// SQLite: `INSERT INTO "t" ("a", "b") VALUES `, one row's `(?, coalesce(?, <default>))`, and
/// the number of parameters in that row. A table without a rowid key has one shape.
struct InsertShape {
  std::string prefix;
  std::string row;
  std::size_t parameters = 0;
  bool only_rowid = false;  ///< no column but the rowid key, left to SQLite: `("id") VALUES (NULL)`
};

template <class T>
InsertShape make_insert_shape(bool keyed) {
  InsertShape shape;
  std::string names;
  std::string values;
  for_each_column<T>([&]<class C>(C) {
    if (is_rowid_key<T, C>() && !keyed) return;
    if (!names.empty()) names += ", ";
    names += C::quoted_name;
    if (!values.empty()) values += ", ";
    if constexpr (sql_default_column<C>) {
      values += "coalesce(?, ";
      values += descriptor_of_t<C>::sql_default;
      values += ')';
    } else {
      values += '?';
    }
    ++shape.parameters;
  });
  if constexpr (rowid_table<T>) {
    if (names.empty()) {
      // Only the key: a multi-row VALUES cannot say DEFAULT VALUES, but NULL asks SQLite for a rowid.
      names = T::rowid_key::quoted_name;
      values = "NULL";
      shape.only_rowid = true;
    }
  }
  shape.prefix = "INSERT INTO ";
  shape.prefix += T::quoted_name;
  shape.prefix += " (" + names + ") VALUES ";
  shape.row = "(" + values + ")";
  return shape;
}

/// The insert shapes of `T`: [keyed].
template <class T>
const InsertShape& insert_shape(bool keyed) {
  static const InsertShape shapes[2] = {make_insert_shape<T>(false), make_insert_shape<T>(true)};
  return shapes[rowid_table<T> ? keyed : true];
}

/// ` RETURNING "id", "created_at"`: what an INSERT into `T` reads back: the rowid key (when
/// `with_key`) and the SQL-default columns; empty when there is nothing.
template <class T>
std::string returning_clause(bool with_key) {
  std::string s;
  for_each_column<T>([&]<class C>(C) {
    if ((with_key && is_rowid_key<T, C>()) || sql_default_column<C>) {
      s += s.empty() ? " RETURNING " : ", ";
      s += C::quoted_name;
    }
  });
  return s;
}

/// The multi-row INSERT's RETURNING clause (the rowid key and the SQL-default columns).
template <class T>
const std::string& bulk_returning_clause() {
  static const std::string text = returning_clause<T>(true);
  return text;
}

/// The single-row INSERT into `T` of a row that gives its key (`keyed`) or leaves it to SQLite:
/// its SQL defaults come back by RETURNING, its rowid key by last_insert_rowid().
template <class T>
const StaticSql& insert_sql(bool keyed) {
  static const std::array<StaticSql, 2> shapes = [] {
    auto render = [](bool with_key) {
      const InsertShape& shape = insert_shape<T>(with_key);
      std::string s;
      if (shape.only_rowid) {
        s = "INSERT INTO ";
        s += T::quoted_name;
        s += " DEFAULT VALUES";
      } else {
        s = shape.prefix + shape.row;
      }
      s += returning_clause<T>(false);
      return make_static_sql(std::move(s));
    };
    return std::array<StaticSql, 2>{render(false), render(true)};
  }();
  return shapes[rowid_table<T> ? keyed : true];
}

/// `"a" = ? AND "b" = ?` of the key columns `Keys`, a compile-time constant (key_condition_sql's text).
template <class... Keys>
constexpr auto key_condition_sql_of(type_list<Keys...>) noexcept {
  return sql_join(sql_literal(" AND "),
                  sql_concat(sql_from<Keys::quoted_name.size()>(Keys::quoted_name), sql_literal(" = ?"))...);
}

/// `SELECT <column_list> FROM "t" WHERE <key>`, a compile-time constant like select<T>()'s text:
/// built from the column descriptors at run time, it cost find() a fold per table per TU.
template <class T>
const StaticSql& find_sql() {
  static constexpr auto text = sql_concat(sql_literal("SELECT "), column_list_sql<T>, sql_literal(" FROM "),
                                          table_name_sql<T>, sql_literal(" WHERE "),
                                          key_condition_sql_of(typename T::primary_key{}));
  static const StaticSql sql = make_static_sql(text.view());
  return sql;
}

/// An upsert's DO UPDATE SET: every non-key column from `excluded`; an SQL-default column the
/// row left empty keeps its stored value (`coalesce(?, "c")`, bound by bind_upsert_set).
template <class T>
const std::string& upsert_set() {
  static const std::string text = [] {
    std::string s;
    for_each_column<T>([&]<class C>(C) {
      if (is_key_column<T, C>) return;
      if (!s.empty()) s += ", ";
      s += C::quoted_name;
      if constexpr (sql_default_column<C>) {
        s += " = coalesce(?, ";
        s += C::quoted_name;
        s += ')';
      } else {
        s += " = excluded.";
        s += C::quoted_name;
      }
    });
    return s;
  }();
  return text;
}

}  // namespace dorm::detail
