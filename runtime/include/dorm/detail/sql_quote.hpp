#pragma once
// Quoting names and text into SQL, the one definition the runtime and dorm-gen share (dorm-gen
// links the runtime): the mirror's triggers and aggregate DDL, the generated DDL and migrations.
#include <string>
#include <string_view>

namespace dorm::detail {

/// Quotes an SQL identifier, doubling embedded quotes: `users` -> `"users"`, `a"b` -> `"a""b"`.
[[nodiscard]] std::string quote_identifier(std::string_view name);

/// Quotes an SQL text literal, doubling embedded quotes: `it's` -> `'it''s'`. Control bytes
/// (NUL, CR, LF, ...) are written as char() calls, so the SQL text holds none: `a<CR>b` ->
/// `'a' || char(13) || 'b'`. SQLite's parser stops at a NUL, and a C++ raw string literal turns
/// a CR into a LF; the result is then an expression, which a DEFAULT needs in parentheses.
[[nodiscard]] std::string quote_literal(std::string_view text);

/// True when quote_literal(text) is an expression rather than one literal token.
[[nodiscard]] bool literal_needs_expression(std::string_view text);

}  // namespace dorm::detail
