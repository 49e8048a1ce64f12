#pragma once
// Names as SQLite compares them, for the mirror's units (runtime/src/mirror/): identifiers are
// ASCII-case-insensitive. (Quoting is dorm/detail/sql_quote.hpp.)
#include <set>
#include <string>
#include <string_view>

namespace dorm::detail::mirror {

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
