#pragma once
// The SQL of bulk inserts and upserts, assembled from the insert shape of dorm/detail/
// table_sql.hpp (the one way dorm writes an INSERT). Built once per shape and process, like
// every other statement dorm runs.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "dorm/detail/statement_batch.hpp"
#include "dorm/detail/table_sql.hpp"
#include "dorm/detail/table_traits.hpp"
#include "dorm/query/assignment.hpp"
#include "dorm/core/statement_cache.hpp"
#include "dorm/core/type_list.hpp"

namespace dorm {

namespace detail {

/// Rows per full multi-row INSERT into table `T` (one parameter per column).
template <class T>
inline constexpr std::size_t bulk_batch_rows = batch_rows(column_count<T>);

/// The multi-row INSERT into `T` for `rows` rows (a value chunk_rows(remaining, bulk_batch_rows<T>) returns), of the
/// shape whose rows give their key (`keyed`) or leave it to SQLite.
template <class T>
const StaticSql& bulk_insert_sql(bool keyed, std::size_t rows) {
  // [keyed][0]: the full batch; [keyed][1 + k]: 2^k rows. Built together on first use, which
  // is thread-safe as a function-local static; each is prepared per connection only when used.
  static const std::array<std::vector<StaticSql>, 2> shapes = [] {
    std::array<std::vector<StaticSql>, 2> all;
    for (bool with_key : {false, true}) {
      auto render = [&](std::size_t n) {
        const InsertShape& shape = insert_shape<T>(with_key);
        std::string s = shape.prefix;
        for (std::size_t i = 0; i < n; ++i) {
          if (i > 0) s += ", ";
          s += shape.row;
        }
        s += bulk_returning_clause<T>();
        return make_static_sql(std::move(s));
      };
      all[with_key].push_back(render(bulk_batch_rows<T>));
      for (std::size_t n = 1; n < bulk_batch_rows<T>; n *= 2) all[with_key].push_back(render(n));
    }
    return all;
  }();
  std::size_t index = 0;
  if (rows != bulk_batch_rows<T>) {
    for (index = 1; (std::size_t{1} << (index - 1)) < rows; ++index) {
    }
  }
  return shapes[keyed][index];
}

/// INSERT ... ON CONFLICT (<target>) DO UPDATE SET <non-key columns> for table `T`; the target
/// is `ConflictColumns` or, when there are none, the primary key. On a tenant table the update
/// has `WHERE "t"."org_id" = excluded."org_id"`: a conflicting row of another tenant is left
/// as it is (and the upsert, having written nothing, throws TenantScopeError).
template <class T, class... ConflictColumns>
const StaticSql& upsert_sql(bool keyed) {
  static const std::array<StaticSql, 2> shapes = [] {
    auto render = [](bool with_key) {
      const InsertShape& shape = insert_shape<T>(with_key);
      std::string s = shape.prefix + shape.row;
      s += " ON CONFLICT (";
      if constexpr (sizeof...(ConflictColumns) == 0) {
        s += primary_key_list<T>();
      } else {
        s += join_sql_names(column_names<type_list<ConflictColumns...>>::quoted, ", ");
      }
      s += ')';
      // A table of key columns only has nothing to update: an existing row is left as it is.
      if constexpr (!has_non_key_columns<T>) {
        s += " DO NOTHING";
      } else {
        s += " DO UPDATE SET ";
        s += upsert_set<T>();
      }
      if constexpr (timestamped_table<T>) {
        // An update keeps the row's created_at: of assignments to one column SQLite applies the
        // last. The stored value is returned last, for the caller's row.
        s += ", ";
        s += T::created_at_column::quoted_name;
        s += " = ";
        s += T::created_at_column::qualified_name;
      }
      if constexpr (tenant_table<T>) {
        if constexpr (has_non_key_columns<T>) {
          s += " WHERE ";
          s += T::tenant_column::qualified_name;
          s += " = excluded.";
          s += T::tenant_column::quoted_name;
        }
      }
      if constexpr (timestamped_table<T>) {
        s += bulk_returning_clause<T>().empty() ? " RETURNING " : bulk_returning_clause<T>() + ", ";
        s += T::created_at_column::quoted_name;
      } else {
        s += bulk_returning_clause<T>();
      }
      return make_static_sql(std::move(s));
    };
    return std::array<StaticSql, 2>{render(false), render(true)};
  }();
  return shapes[keyed];
}

}  // namespace detail

}  // namespace dorm
