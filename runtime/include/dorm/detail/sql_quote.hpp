#pragma once
// Quoting names and text into SQL, the one definition the runtime and dorm-gen share (dorm-gen
// links the runtime): the mirror's triggers and aggregate DDL, the generated DDL and migrations.
#include <string>
#include <string_view>

namespace dorm::detail {

/// Quotes an SQL identifier, doubling embedded quotes: `users` -> `"users"`, `a"b` -> `"a""b"`.
[[nodiscard]] std::string quote_identifier(std::string_view name);

/// Quotes an SQL text literal, doubling embedded quotes: `it's` -> `'it''s'`.
[[nodiscard]] std::string quote_literal(std::string_view text);

}  // namespace dorm::detail
