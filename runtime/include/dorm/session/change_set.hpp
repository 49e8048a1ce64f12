#pragma once
// What flush() writes for a changed row: the columns that differ from the row's snapshot
// (`ChangedColumns`), and the UPDATE that writes those columns for a batch of rows sharing
// them. One row: `UPDATE "t" SET "c" = ?2 WHERE "id" = ?1`; several: one statement joining
// a VALUES list, `UPDATE "t" SET "c" = "v"."column2" FROM (VALUES (?, ?), (?, ?)) AS "v" WHERE
// "t"."id" = "v"."column1"` (docs/performance.md, "Unit of work", has the figures that chose it
// over a loop of single-row UPDATEs and over `SET "c" = CASE ...`). A tenant table's rows also
// bind their tenant: `AND "org_id" = ...`, as every row write does; a table with a version
// column (optimistic locking) the version they were loaded with, `AND "version" = ...`, and
// the version column is among the changed columns (the loaded version + 1).
#include <algorithm>
#include <array>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <string>
#include <string_view>

#include "dorm/core/model.hpp"
#include "dorm/core/statement.hpp"
#include "dorm/core/statement_cache.hpp"
#include "dorm/core/type_list.hpp"
#include "dorm/detail/table_columns.hpp"
#include "dorm/detail/statement_batch.hpp"
#include "dorm/detail/table_sql.hpp"
#include "dorm/detail/table_traits.hpp"

namespace dorm::detail {

/// Two values of a column are the same value: `==`, except that NaN equals NaN (a REAL NaN read
/// back is not a change).
template <class V>
bool same_value(const V& a, const V& b) {
  if constexpr (std::is_floating_point_v<V>) {
    return a == b || (std::isnan(a) && std::isnan(b));
  } else if constexpr (requires { typename V::value_type; a.has_value(); }) {
    if (a.has_value() != b.has_value()) return false;
    return !a.has_value() || same_value(*a, *b);
  } else {
    return a == b;
  }
}

/// The columns of table `T` that changed, one bit per column in table order.
template <class T>
using ChangedColumns = std::bitset<column_count<T>>;

/// The columns whose value in `row` differs from `snapshot`.
template <class T>
ChangedColumns<T> changed_columns(const typename T::model_type& row, const typename T::model_type& snapshot) {
  ChangedColumns<T> changed;
  [&]<class... Cs>(type_list<Cs...>) {
    std::size_t i = 0;
    ((changed[i++] = !same_value(row.*Cs::member, snapshot.*Cs::member)), ...);
  }(typename T::columns{});
  return changed;
}

/// The primary key columns of `T` as a ChangedColumns mask.
template <class T>
ChangedColumns<T> key_columns() {
  ChangedColumns<T> keys;
  [&]<class... Cs>(type_list<Cs...>) {
    std::size_t i = 0;
    ((keys[i++] = is_key_column<T, Cs>), ...);
  }(typename T::columns{});
  return keys;
}

/// Copies the `changed` columns of `from` into `to` (a snapshot catching up with its row).
template <class T>
void copy_columns(const ChangedColumns<T>& changed, const typename T::model_type& from, typename T::model_type& to) {
  [&]<class... Cs>(type_list<Cs...>) {
    std::size_t i = 0;
    ((changed[i++] ? void(to.*Cs::member = from.*Cs::member) : void()), ...);
  }(typename T::columns{});
}

/// The names flush_update_sql() builds an UPDATE of table `T` from.
struct UpdateTable {
  std::string_view name;         ///< the SQL name, for the registry and messages
  std::string_view quoted_name;  ///< `"users"`
  const std::string_view* columns;
  std::size_t column_count;
  const std::string_view* key_columns;
  std::size_t key_count;
  std::string_view tenant_column;  ///< quoted, or empty
  std::string_view version_column;  ///< quoted, or empty
  std::string_view deleted_at_column;  ///< quoted, or empty (soft deletes)
  std::string_view updated_at_column;  ///< quoted, or empty (timestamps)
};

template <class T>
const UpdateTable& update_table() {
  static constexpr auto& columns = column_names<typename T::columns>::quoted;
  static constexpr auto& keys = column_names<typename T::primary_key>::quoted;
  static const UpdateTable table = [] {
    std::string_view tenant;
    std::string_view version;
    std::string_view deleted_at;
    std::string_view updated_at;
    if constexpr (tenant_table<T>) tenant = T::tenant_column::quoted_name;
    if constexpr (versioned_table<T>) version = T::version_column::quoted_name;
    if constexpr (soft_delete_table<T>) deleted_at = T::deleted_at_column::quoted_name;
    if constexpr (timestamped_table<T>) updated_at = T::updated_at_column::quoted_name;
    return UpdateTable{T::name,      T::quoted_name, columns.data(), columns.size(), keys.data(),
                       keys.size(), tenant,         version,        deleted_at,     updated_at};
  }();
  return table;
}

/// The UPDATE of `rows` rows of `table` writing the columns marked '1' in `changed` (one
/// character per column, in table order): parameters per row, in order, the key values, the
/// tenant value on a tenant table, the loaded version on a table with a version column, then
/// the changed columns' values. Registered once per
/// process and shape (thread-safe), so each shape is prepared once per connection.
const StaticSql& flush_update_sql(const UpdateTable& table, std::string_view changed, std::size_t rows);

/// The statement deleting `rows` removed rows of `table` (soft-deleting them when `soft`), each
/// matched by its key, its tenant on a tenant table and its loaded version on a table with a
/// version column: one row, `DELETE FROM "t" WHERE "id" = ?`; several, `DELETE FROM "t" WHERE
/// "id" IN (?, ?, ...)` for a single column, `WHERE ("id", "org_id") IN (VALUES (?, ?), ...)`
/// for several (docs/performance.md, "Unit of work", has the figures). A soft delete is
/// `UPDATE "t" SET "deleted_at" = ?1, "updated_at" = ?1 WHERE "deleted_at" IS NULL AND ...`, the
/// time bound first. Parameters per row: the key values, the tenant, the version. Registered
/// once per process and shape, as flush_update_sql().
const StaticSql& flush_delete_sql(const UpdateTable& table, bool soft, std::size_t rows);

/// Throws MisuseError [dorm.session.key_changed]: a managed row's primary key was changed.
[[noreturn]] void throw_key_changed(std::string_view table);
/// Throws NotFound [dorm.not_found]: a flushed `operation` ("update of", "delete from") of
/// `table` matched `matched` of `rows` rows (a row deleted, or of another tenant, since it was
/// loaded).
[[noreturn]] void throw_flush_matched(std::string_view operation, std::string_view table, std::string_view sql,
                                      std::size_t rows, std::int64_t matched);

/// Rows per flushed UPDATE of table `T` (at most every column, the key and the version bound
/// per row).
template <class T>
inline constexpr std::size_t update_batch_rows = batch_rows(column_count<T> + key_count<T> + 1);

/// Rows per flushed DELETE of table `T` (the key, the tenant and the version bound per row).
template <class T>
inline constexpr std::size_t delete_batch_rows = batch_rows(key_count<T> + 2);

/// Binds one row's parameters of flush_update_sql(): key, tenant (`tenant`, the row's tenant as
/// the row write rule gives it), the loaded version (`loaded`'s, a table with a version column),
/// changed values. Values bind by reference: the rows outlive the statement.
template <class T, class Tenant>
void bind_update_row(Binder& bind, const ChangedColumns<T>& changed, const typename T::model_type& row,
                     const Tenant* tenant, [[maybe_unused]] const typename T::model_type& loaded) {
  [&]<class... Ks>(type_list<Ks...>) { (bind(row.*Ks::member), ...); }(typename T::primary_key{});
  if (tenant != nullptr) bind(*tenant);
  if constexpr (versioned_table<T>) bind(loaded.*T::version_column::member);
  [&]<class... Cs>(type_list<Cs...>) {
    std::size_t i = 0;
    ((changed[i++] ? bind(row.*Cs::member) : void()), ...);
  }(typename T::columns{});
}

}  // namespace dorm::detail
