#include "ir/schema.hpp"

#include <algorithm>

namespace dorm::ir {

const Column* Table::find_column(std::string_view column_name) const {
  auto it = std::find_if(columns.begin(), columns.end(),
                         [&](const Column& c) { return c.name == column_name; });
  return it == columns.end() ? nullptr : &*it;
}

bool Table::is_primary_key(std::string_view column_name) const {
  return std::find(primary_key.begin(), primary_key.end(), column_name) != primary_key.end();
}

const Table* Schema::find_table(std::string_view table_name) const {
  auto it = std::find_if(tables.begin(), tables.end(),
                         [&](const Table& t) { return t.name == table_name; });
  return it == tables.end() ? nullptr : &*it;
}

}  // namespace dorm::ir
