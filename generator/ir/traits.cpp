#include "ir/traits.hpp"

namespace dorm::ir {
namespace {

void add_column(Table& table, std::string_view name, ColumnRole role, bool nullable, const SourceLocation& loc,
                std::string_view description) {
  for (Column& existing : table.columns) {
    if (existing.name == name) {
      existing.role = role;  // validate checks that the declared column can play the role
      if (existing.format.empty()) existing.format = "date-time";
      if (existing.description.empty()) existing.description = std::string(description);
      return;
    }
  }
  Column c;
  c.name = std::string(name);
  c.storage = Storage::text;
  c.cpp_type = CppType::string;
  c.format = "date-time";
  c.nullable = nullable;
  c.role = role;
  c.description = std::string(description);
  c.loc = loc;
  table.columns.push_back(std::move(c));
}

}  // namespace

void add_trait_columns(Table& table) {
  if (table.traits.timestamps) {
    add_column(table, created_at_column_name, ColumnRole::created_at, false, table.traits.timestamps_loc,
               "When the row was inserted (UTC, set by dorm).");
    add_column(table, updated_at_column_name, ColumnRole::updated_at, false, table.traits.timestamps_loc,
               "When the row was last written (UTC, set by dorm).");
  }
  if (table.traits.soft_delete) {
    add_column(table, deleted_at_column_name, ColumnRole::deleted_at, true, table.traits.soft_delete_loc,
               "When the row was soft-deleted (UTC); NULL while it is live.");
  }
}

}  // namespace dorm::ir
