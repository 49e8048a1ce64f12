#include "dorm/session/change_set.hpp"

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "dorm/core/error.hpp"

namespace dorm::detail {

namespace {

std::string build_update_sql(const UpdateTable& table, std::string_view changed, std::size_t rows) {
  std::string sql = "UPDATE ";
  sql += table.quoted_name;
  sql += " SET ";
  // Parameters per row: the key, the tenant, then the changed columns.
  const std::size_t leading =
      table.key_count + (table.tenant_column.empty() ? 0 : 1) + (table.version_column.empty() ? 0 : 1);
  std::size_t value = leading;
  bool first = true;
  for (std::size_t c = 0; c < table.column_count; ++c) {
    if (changed[c] != '1') continue;
    if (!first) sql += ", ";
    first = false;
    sql += table.columns[c];
    ++value;
    // One row: numbered parameters, so the key binds first as in a batch; several: the VALUES
    // row's columns, column1 being the first key column.
    sql += rows == 1 ? " = ?" : " = \"v\".\"column";
    sql += std::to_string(value);
    if (rows != 1) sql += '"';
  }
  auto condition = [&](std::string_view column, std::size_t index) {
    if (rows == 1) {
      sql += column;
      sql += " = ?";
    } else {
      sql += table.quoted_name;
      sql += '.';
      sql += column;
      sql += " = \"v\".\"column";
    }
    sql += std::to_string(index);
    if (rows != 1) sql += '"';
  };
  if (rows > 1) {
    sql += " FROM (VALUES ";
    std::string row = "(";
    for (std::size_t p = 0; p < value; ++p) row += p == 0 ? "?" : ", ?";
    row += ')';
    for (std::size_t r = 0; r < rows; ++r) {
      if (r > 0) sql += ", ";
      sql += row;
    }
    sql += ") AS \"v\"";
  }
  sql += " WHERE ";
  for (std::size_t k = 0; k < table.key_count; ++k) {
    if (k > 0) sql += " AND ";
    condition(table.key_columns[k], k + 1);
  }
  if (!table.tenant_column.empty()) {
    sql += " AND ";
    condition(table.tenant_column, table.key_count + 1);
  }
  if (!table.version_column.empty()) {
    sql += " AND ";
    condition(table.version_column, leading);
  }
  return sql;
}

std::string build_delete_sql(const UpdateTable& table, bool soft, std::size_t rows) {
  std::string sql;
  if (soft) {
    sql = "UPDATE ";
    sql += table.quoted_name;
    sql += " SET ";
    sql += table.deleted_at_column;
    sql += " = ?1";
    if (!table.updated_at_column.empty()) {
      sql += ", ";
      sql += table.updated_at_column;
      sql += " = ?1";
    }
    sql += " WHERE ";
    sql += table.deleted_at_column;
    sql += " IS NULL AND ";
  } else {
    sql = "DELETE FROM ";
    sql += table.quoted_name;
    sql += " WHERE ";
  }
  // The columns each row is matched by: its key, its tenant, its loaded version.
  std::vector<std::string_view> columns(table.key_columns, table.key_columns + table.key_count);
  if (!table.tenant_column.empty()) columns.push_back(table.tenant_column);
  if (!table.version_column.empty()) columns.push_back(table.version_column);
  if (rows == 1) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) sql += " AND ";
      sql += columns[c];
      sql += " = ?";
    }
    return sql;
  }
  if (columns.size() == 1) {
    sql += columns[0];
    sql += " IN (";
    for (std::size_t r = 0; r < rows; ++r) sql += r == 0 ? "?" : ", ?";
    sql += ')';
    return sql;
  }
  sql += '(';
  std::string row = "(";
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) sql += ", ";
    sql += columns[c];
    row += c == 0 ? "?" : ", ?";
  }
  row += ')';
  sql += ") IN (VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += row;
  }
  sql += ')';
  return sql;
}

/// The StaticSql of `build()`'s text for `key`, registered once per process (a map per caller:
/// each passes its own lambda type).
template <class Build>
const StaticSql& registered_sql(std::string key, Build build) {
  // Process-wide, like every StaticSql: a shape is registered once, whichever session or thread
  // meets it first. Looked up once per batch, not per row.
  static std::mutex mutex;
  static std::unordered_map<std::string, std::unique_ptr<StaticSql>> shapes;
  const std::lock_guard lock(mutex);
  auto& slot = shapes[key];
  if (!slot) slot = std::make_unique<StaticSql>(make_static_sql(build()));
  return *slot;
}

}  // namespace

const StaticSql& flush_delete_sql(const UpdateTable& table, bool soft, std::size_t rows) {
  std::string key(table.quoted_name);
  key += soft ? "\x01soft\x01" : "\x01hard\x01";
  key += std::to_string(rows);
  return registered_sql(std::move(key), [&] { return build_delete_sql(table, soft, rows); });
}

const StaticSql& flush_update_sql(const UpdateTable& table, std::string_view changed, std::size_t rows) {
  std::string key(table.quoted_name);
  key += '\0';
  key += changed;
  key += '\0';
  key += std::to_string(rows);
  return registered_sql(std::move(key), [&] { return build_update_sql(table, changed, rows); });
}

void throw_key_changed(std::string_view table) {
  throw MisuseError("[dorm.session.key_changed] flush(): the primary key of a managed row of table '" +
                    std::string(table) +
                    "' was changed; a session knows a row by its key: detach() it, or copy it and insert the copy");
}

void throw_flush_matched(std::string_view operation, std::string_view table, std::string_view sql, std::size_t rows,
                         std::int64_t matched) {
  throw NotFound("[dorm.not_found] flush(): " + std::string(operation) + " table '" + std::string(table) + "' matched " +
                     std::to_string(matched) + " of " + std::to_string(rows) +
                     " rows: a row was deleted (or moved to another tenant) since it was loaded; nothing was written",
                 0, 0, std::string(sql));
}

}  // namespace dorm::detail
