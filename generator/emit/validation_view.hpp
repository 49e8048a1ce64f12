#pragma once
// IR checks -> the rules a column descriptor carries (`static constexpr auto rules =
// dorm::rule::list(...)`, dorm/core/column_rules.hpp), which dorm::validate() walks. Only rules the
// column's C++ type can break are emitted; columns without rules get no `rules` at all.
#include <string>
#include <string_view>

#include "ir/schema.hpp"

namespace dorm::emit {

/// True when `column` gets rules: it has a rule that applies to its C++ type. Trait
/// columns (the runtime writes them), enum-class columns and annotated enums and time points
/// (the type is the rule) never do.
[[nodiscard]] bool has_validation(const ir::Column& column);

/// The arguments of the column's `dorm::rule::list(...)`: `dorm::rule::min_length{1},
/// dorm::rule::max_length{200}`, in the order they are checked; empty without rules.
[[nodiscard]] std::string column_rules(const ir::Column& column);

/// A C++ literal for a regular expression's source: a raw string `R"re(...)re"` when possible.
[[nodiscard]] std::string regex_literal(std::string_view source);

}  // namespace dorm::emit
