#pragma once
// SQL text and name comparison for the mirror's units (runtime/src/mirror/): quoting the names
// and texts it splices into the triggers and aggregate DDL it writes, and SQLite's
// case-insensitive comparison of identifiers.
#include <set>
#include <string>
#include <string_view>

namespace dorm::detail::mirror {

/// `name` as a double-quoted SQL identifier: quote_id("a\"b") is "\"a\"\"b\"".
[[nodiscard]] std::string quote_id(std::string_view name);

/// `text` as a single-quoted SQL string literal: quote_text("it's") is "'it''s'".
[[nodiscard]] std::string quote_text(std::string_view text);

/// Whether `a` and `b` name the same SQL identifier (SQLite compares them ASCII-case-insensitively).
[[nodiscard]] bool same_name(std::string_view a, std::string_view b);

/// Orders identifiers as SQLite compares them, so a set holds each name once.
struct NameLess {
  bool operator()(const std::string& a, const std::string& b) const noexcept;
};

/// A set of SQL identifiers, unique under SQLite's comparison.
using NameSet = std::set<std::string, NameLess>;

/// "source '<name>'", the way every mirror message names a source.
[[nodiscard]] std::string describe_source(std::string_view name);

}  // namespace dorm::detail::mirror
