#pragma once
// What the units of ir::validate share (schema_rules, relation_rules, table_rules,
// column_rules): how a message quotes a name, where it is reported, "did you mean" notes, and looking a table up as SQLite compares names.
#include <string>
#include <string_view>
#include <vector>

#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// `s` in single quotes, as messages name things: in_quotes("users") is "'users'".
[[nodiscard]] std::string in_quotes(std::string_view s);

/// The names of `t`'s columns, in order (the candidates of a "did you mean" note).
[[nodiscard]] std::vector<std::string> column_names(const Table& t);

/// Adds the note "did you mean '<name>'?" at `loc` when one of `names` is close to `word`.
void suggest(Diagnostics& diags, const SourceLocation& loc, std::string_view word,
             const std::vector<std::string>& names);

/// `loc` when the front end knew where the keyword is, else the column's own location.
[[nodiscard]] const SourceLocation& at(const SourceLocation& loc, const Column& c);

/// The table of `schema` named `name` as SQLite compares names (case-folded), or null.
[[nodiscard]] const Table* find_table_folded(const Schema& schema, std::string_view name);

}  // namespace dorm::ir
