#pragma once
// IR checks -> the validate() functions table.mustache emits: one per column with rules, one per
// table calling them. Only rules the column's C++ type can break are emitted; columns and tables
// without rules get no validate() at all (the runtime tests for it with `requires`).
#include <kainjow/mustache.hpp>

#include "ir/schema.hpp"

namespace dorm::emit {

/// True when `column` gets a validate(): it has a rule that applies to its C++ type. Trait
/// columns (the runtime writes them), enum-class columns and annotated enums and time points
/// (the type is the rule) never do.
[[nodiscard]] bool has_validation(const ir::Column& column);

/// The column's validate() for table.mustache: `false`, or its member type, whether an empty
/// optional returns early, and one entry per check (a call, after an optional static declaration).
[[nodiscard]] kainjow::mustache::data column_validation_view(const ir::Column& column);

/// A C++ literal for a regular expression's source: a raw string `R"re(...)re"` when possible.
[[nodiscard]] std::string regex_literal(std::string_view source);

}  // namespace dorm::emit
