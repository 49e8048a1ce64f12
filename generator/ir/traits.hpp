#pragma once
// Table traits that add columns: `x-dorm-timestamps` (created_at, updated_at) and
// `x-dorm-soft-delete` (deleted_at). Front ends call add_trait_columns once per table they read,
// so every later step (DDL, migrations, emitters) sees ordinary columns with a role.
#include "ir/schema.hpp"

namespace dorm::ir {

/// SQL names of the trait columns.
inline constexpr std::string_view created_at_column_name = "created_at";
inline constexpr std::string_view updated_at_column_name = "updated_at";
inline constexpr std::string_view deleted_at_column_name = "deleted_at";

/// Appends the columns `table.traits` asks for, after the declared ones: created_at and
/// updated_at (TEXT NOT NULL, format date-time) for timestamps, deleted_at (TEXT, NULL while the
/// row is live) for soft deletes. A column of that name the schema already declares is kept as
/// written and not duplicated; ir::validate reports it when its type does not fit the trait.
///
/// A tenant column (`x-dorm-tenant-column`) is declared by the schema, not added; every query of
/// the table filters on it, so when no index, UNIQUE constraint or primary key starts with it,
/// an index `idx_<table>_<column>` is added.
void add_trait_columns(Table& table);

}  // namespace dorm::ir
