#pragma once
// Table-level rules of ir::validate: the table's columns taken together (names, C++ members),
// its keys and indexes, and the columns its traits (timestamps, soft delete, tenant) rely on.
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// The rules that come before the table's columns' own: dorm-empty-table, dorm-duplicate-column,
/// dorm-name-clash (members of columns and relations), dorm-missing-primary-key and
/// dorm-unknown-column (primary key, unique constraints, indexes). False for a table without
/// columns, whose other rules are then skipped.
bool check_table(const Table& table, Diagnostics& diags);

/// dorm-bad-auto-increment: x-dorm-auto-increment on anything but the only, integer key column.
void check_auto_increment(const Table& table, const Column& column, Diagnostics& diags);

/// dorm-trait-column: a declared column that a timestamp or soft-delete trait writes into must
/// be what the trait would add (a string column without an SQL default).
void check_trait_column(const Table& table, const Column& column, Diagnostics& diags);

/// dorm-tenant-column (the x-dorm-tenant-column of `table` must name a plain, required integer
/// or string column without a default) and dorm-tenant-unique (a warning for each unique
/// constraint or index without it).
void check_tenant_column(const Table& table, Diagnostics& diags);

/// dorm-bad-version-column: x-dorm-version / DORM_VERSION on anything but one NOT NULL integer
/// column per table that is not its key (nor a trait's or the tenant's column).
void check_version_columns(const Table& table, Diagnostics& diags);

}  // namespace dorm::ir
