#pragma once
// Column-level rules of ir::validate: the column's value rules (lengths, bounds, pattern, enum,
// enum class, examples), its default (literal, or SQL evaluated in a scratch database) and its
// storage (storage_rules).
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"
#include "ir/scratch_db.hpp"

namespace dorm::ir {

/// Reports every rule of `column` that its schema breaks: dorm-check-type, dorm-check-range,
/// dorm-bad-pattern, dorm-enum-type, dorm-enum-breaks-rule, the enum-class codes, then
/// dorm-example-breaks-rule, then the default's codes (dorm-default-type, dorm-bad-default-sql,
/// dorm-default-sql-fails, dorm-default-format, dorm-default-not-in-enum,
/// dorm-default-breaks-rule), then check_storage's. SQL defaults are judged in `scratch`.
void check_column(const Column& column, ScratchDb& scratch, Diagnostics& diags);

}  // namespace dorm::ir
