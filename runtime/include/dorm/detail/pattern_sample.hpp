#pragma once
// Values made from a regular expression, for factories (docs/lifecycle.md, "Factories"):
// `PatternSampler("^[0-9X-]{10,17}$").value(n)` is the n-th of a sequence of distinct strings
// that match the pattern. dorm-gen uses the same class to judge at generation time whether a
// column's factory values can be valid and how many distinct ones there are, so the generator's
// warnings and the generated factories agree.
//
// How: the pattern is parsed (the ECMAScript subset dorm::Pattern matches) and, for every length
// in code points, one family of strings of exactly that length is chosen: a fixed split of the
// length over the pattern's parts, a fixed repetition count per quantifier, one branch of an
// alternation (or several whose values provably differ: disjoint first or last characters). The
// values of a family are the mixed-radix numbers over its character choices, the last character
// varying fastest, so two indexes give two different strings; families of different lengths
// never share a value. Lengths are taken shortest first. Values are made by walking the chosen
// family: no regular expression runs per value.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dorm::detail {

/// The distinct values a pattern allows, within length bounds, in a fixed order.
class PatternSampler {
 public:
  /// Longest pattern accepted, in code points.
  static constexpr std::size_t max_pattern_length = 2000;
  /// Values are at most this many code points long; a pattern whose shortest value is longer
  /// has no values.
  static constexpr std::int64_t max_value_length = 1024;

  /// Parses `pattern` (UTF-8) for values of `min_length` to `max_length` code points
  /// (`max_length` < 0: no upper bound). `first_values` come first, in order, and are never
  /// repeated later (a unique column's `examples`); they must be valid and distinct, which the
  /// caller checks. Throws dorm::Error "[dorm.factory.pattern] ..." naming the pattern and the
  /// position of a construct factories cannot make values for: a back-reference (`\1`), a
  /// lookaround (`(?=`, `(?!`, `(?<`), a word boundary (`\b`, `\B`), too deep nesting, or a
  /// syntax error.
  explicit PatternSampler(std::string_view pattern, std::int64_t min_length = 0, std::int64_t max_length = -1,
                          std::vector<std::string> first_values = {});
  PatternSampler(PatternSampler&&) noexcept;
  PatternSampler& operator=(PatternSampler&&) noexcept;
  ~PatternSampler();

  /// How many distinct values value() makes (UINT64_MAX: at least that many); 0 when no value
  /// of an allowed length matches the pattern.
  [[nodiscard]] std::uint64_t capacity() const noexcept;
  /// Length in code points of the shortest value the pattern itself allows, ignoring the
  /// length bounds (saturated at max_value_length + 1).
  [[nodiscard]] std::int64_t shortest_match() const noexcept;
  /// The value with 0-based `index`: distinct for every index below capacity(); past it the
  /// values start again (index % capacity()). Throws dorm::Error when capacity() is 0.
  [[nodiscard]] std::string value(std::uint64_t index) const;
  [[nodiscard]] const std::string& pattern() const noexcept;

 private:
  struct Plan;
  std::unique_ptr<const Plan> plan_;
};

}  // namespace dorm::detail
