#pragma once
// What each JSON Schema validation keyword means for one value, as the generator judges
// literal defaults, SQL defaults and `examples`. Lengths, `pattern` matching and `format` are
// the runtime's own checks (dorm/lifecycle/validation.hpp, linked into dorm-gen), so a value dorm-gen
// accepts never fails validate() at run time, and a pattern it accepts always compiles there.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <dorm/core/affinity.hpp>
#include <nlohmann/json.hpp>

#include "ir/schema.hpp"

namespace dorm::ir {

/// Number of Unicode code points in UTF-8 `text` (dorm::utf8_length): "日本語" -> 3.
[[nodiscard]] std::size_t utf8_length(std::string_view text) noexcept;

/// Why dorm::Pattern refuses `pattern` ("a quantifier follows a quantifier at character 3",
/// "it is too large: ..."), or "" when it compiles: dorm-gen and the runtime share one parser.
[[nodiscard]] std::string pattern_error(std::string_view pattern);

/// True when `pattern` (which must compile) matches somewhere in `text`: unanchored, as JSON
/// Schema says ("b" matches "abc"). Throws dorm::Error "[dorm.validation.pattern_budget] ..."
/// when a pattern with back-references or lookaheads needs too many steps on `text`.
[[nodiscard]] bool pattern_matches(std::string_view pattern, std::string_view text);

/// The formats dorm checks: email, uuid, date, date-time. Other formats are documentation.
[[nodiscard]] bool is_checked_format(std::string_view format) noexcept;

/// The format dorm checks on `column` ("email", "uuid", "date" or "date-time"), or "" when it
/// checks none: another format, a column that is not a string, or a time point.
[[nodiscard]] std::string_view checked_format(const Column& column) noexcept;

/// True when `value` is valid for a checked `format` (true for any other format): exactly
/// dorm::matches_format, whose comment in dorm/lifecycle/validation.hpp says what each format accepts.
[[nodiscard]] bool matches_format(std::string_view value, std::string_view format);

/// The affinity a column of `storage` is declared with: Storage::numeric -> Affinity::numeric.
[[nodiscard]] dorm::Affinity affinity(Storage storage) noexcept;

/// The SQL type a column of `storage` is declared with, the runtime's name of its affinity
/// (dorm::affinity_name): Storage::numeric -> "NUMERIC", Storage::blob -> "BLOB".
[[nodiscard]] std::string storage_keyword(Storage storage);

/// True when `column` holds strings in a column whose affinity turns number-like text into
/// numbers (NUMERIC, INTEGER or REAL): its values must then read back as written
/// (dorm::keeps_text), which validate() checks and dorm-gen checks for defaults, enum values
/// and examples.
[[nodiscard]] bool text_may_become_number(const Column& column) noexcept;

/// A number as the shortest text that reads back as the same double, integral values without
/// a fraction: 10 -> "10", 0.5 -> "0.5", 1e300 -> "1e+300". Used in messages and in SQL.
[[nodiscard]] std::string number_text(double value);

/// One rule a value breaks: the JSON Schema keyword and why, e.g. {"maxLength", "is longer than
/// 10 characters (11)"}, so messages read "... breaks maxLength: it is longer than ...".
struct BrokenRule {
  std::string keyword;
  std::string reason;
};

/// Every rule of `column` that `value` breaks, in keyword order: minLength, maxLength, pattern,
/// format, x-dorm-affinity (text_may_become_number), minimum, exclusiveMinimum, maximum,
/// exclusiveMaximum, enum. Only rules that apply to
/// the value's JSON type are judged (whether the value fits the column type is the caller's
/// question); `null` breaks nothing, as a nullable column's NULL passes every value rule.
[[nodiscard]] std::vector<BrokenRule> broken_rules(const Column& column, const nlohmann::json& value);

/// True when `value` equals one of `enum_values` (JSON text each); numbers compare by value, so
/// 1 and 1.0 are the same.
[[nodiscard]] bool is_enum_member(const nlohmann::json& value, const std::vector<std::string>& enum_values);

}  // namespace dorm::ir
