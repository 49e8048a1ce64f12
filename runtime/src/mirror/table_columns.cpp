#include "mirror/table_columns.hpp"

#include <algorithm>

#include "dorm/core/database.hpp"

namespace dorm::detail::mirror {

std::vector<ColumnInfo> table_info(Database& db, std::string_view schema, std::string_view table) {
  std::vector<ColumnInfo> columns;
  auto st = db.statements().lease("SELECT name, type, pk FROM pragma_table_info(?, ?)");
  bind_value(*st, 1, table);
  bind_value(*st, 2, schema);
  while (st->step()) {
    ColumnInfo& c = columns.emplace_back();
    read_value(*st, 0, c.name);
    read_value(*st, 1, c.type);
    read_value(*st, 2, c.pk);
  }
  return columns;
}

std::vector<std::string> key_columns(const std::vector<ColumnInfo>& columns) {
  std::vector<const ColumnInfo*> keys;
  for (const auto& c : columns)
    if (c.pk > 0) keys.push_back(&c);
  std::sort(keys.begin(), keys.end(), [](const ColumnInfo* a, const ColumnInfo* b) { return a->pk < b->pk; });
  std::vector<std::string> names;
  for (const ColumnInfo* c : keys) names.push_back(c->name);
  return names;
}

}  // namespace dorm::detail::mirror
