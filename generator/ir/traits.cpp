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

/// Every query of a tenant table filters on its tenant column: without an index starting with
/// it, each one would scan the table.
void add_tenant_index(Table& table) {
  const std::string& tenant = table.traits.tenant_column;
  if (tenant.empty() || table.find_column(tenant) == nullptr) return;  // validate reports a missing column
  auto starts_with_tenant = [&](const std::vector<std::string>& columns) {
    return !columns.empty() && columns.front() == tenant;
  };
  if (starts_with_tenant(table.primary_key)) return;
  for (const Index& ix : table.indexes) {
    if (starts_with_tenant(ix.columns)) return;
  }
  for (const Index& u : table.uniques) {
    if (starts_with_tenant(u.columns)) return;
  }
  table.indexes.push_back({"idx_" + table.name + '_' + tenant, {tenant}, false, table.traits.tenant_column_loc});
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
  add_tenant_index(table);
}

}  // namespace dorm::ir
