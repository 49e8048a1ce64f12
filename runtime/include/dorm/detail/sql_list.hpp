#pragma once
// Comma- or AND-separated lists of SQL names (`"a", "b"`, `"a" = ? AND "b" = ?`), the one
// loop the table SQL texts (dorm/detail/table_sql.hpp) are joined with. Out of line: each text
// is built once per process, so no translation unit needs to compile the loop.
#include <span>
#include <string>
#include <string_view>

namespace dorm::detail {

/// Each of `names` followed by `suffix`, separated by `separator`:
/// `join_sql_names({"\"a\"", "\"b\""}, " AND ", " = ?")` is `"a" = ? AND "b" = ?`.
[[nodiscard]] std::string join_sql_names(std::span<const std::string_view> names, std::string_view separator,
                                         std::string_view suffix = {});

}  // namespace dorm::detail
