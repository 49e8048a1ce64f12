#pragma once
// Schema-level rules of ir::validate: names that share one namespace across tables (SQL table
// and index names, the generated C++ structs, table objects and enum classes) and foreign keys,
// which point from a column to another table.
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// Reports dorm-reserved-name and dorm-duplicate-table (table names, as SQLite compares them),
/// dorm-duplicate-index (an index named like a table or another index) and dorm-name-clash (two
/// generated C++ types with one name, or one the header declares itself), in that order.
void check_schema_names(const Schema& schema, Diagnostics& diags);

/// Reports, for `column`'s foreign key: dorm-unknown-reference (no such table or column, with a
/// "did you mean"), dorm-reference-not-unique, dorm-reference-type-mismatch (a warning) and
/// dorm-bad-reference-action (SET NULL on a NOT NULL column). `column.references` must be set.
void check_reference(const Schema& schema, const Column& column, Diagnostics& diags);

}  // namespace dorm::ir
