#pragma once
// The columns of a table as the mirror reads them (pragma_table_info): the source's, to write
// its triggers, and the aggregate's, to create or widen its copy of the table.
#include <string>
#include <string_view>
#include <vector>

namespace dorm {
class Database;
}

namespace dorm::detail::mirror {

/// One column of a table.
struct ColumnInfo {
  std::string name;
  std::string type;
  int pk = 0;  ///< 1-based position in the primary key, 0 when not a key column
};

/// The columns of `schema`.`table` in `db`, in declaration order; empty when there is no such table.
[[nodiscard]] std::vector<ColumnInfo> table_info(Database& db, std::string_view schema, std::string_view table);

/// The names of the primary key's columns, in key order.
[[nodiscard]] std::vector<std::string> key_columns(const std::vector<ColumnInfo>& columns);

}  // namespace dorm::detail::mirror
