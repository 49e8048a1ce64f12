#pragma once
// Whether a string holds JSON. An `object` or `array` property of a JSON Schema is stored as
// JSON text in a TEXT column; the generated validate() refuses text that is not JSON of that
// type (check::json in dorm/lifecycle/validation.hpp), and the column's CHECK constraint asks SQLite's
// json_valid() and json_type() the same, so neither side stores "this is not json".
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dorm {

/// The top-level JSON type a column holds.
enum class JsonType { object, array };

/// Why `text` is not a JSON text of `type`.
struct JsonProblem {
  std::size_t offset;  ///< byte offset where the text stops being valid (0 for a wrong top-level type)
  std::string reason;  ///< e.g. "expected ':' after an object key", "an array, not an object"
  bool wrong_type = false;  ///< the text is JSON, but its top-level value is not of the type asked for
};

/// Nesting deeper than this is refused: SQLite's JSON functions refuse deeper JSON (recent
/// releases at 1000 levels, older ones at 2000), so a deeper text could pass validate() and
/// fail the CHECK constraint.
inline constexpr std::size_t max_json_depth = 1000;

/// Nothing when `text` is a JSON text (RFC 8259, strictly: no comments, no trailing commas, no
/// single quotes, no leading zeros or '+' in numbers, no raw control characters in strings,
/// valid UTF-8) whose top-level value is of `type`, with white space (space, tab, LF, CR)
/// allowed around it; otherwise where and why it is not.
[[nodiscard]] std::optional<JsonProblem> json_problem(std::string_view text, JsonType type);

}  // namespace dorm
