#pragma once
// The Unicode General_Category ranges that \p{...} and \P{...} name in patterns: generated
// into runtime/src/pattern_unicode_categories.cpp by scripts/unicode-categories.mjs.
#include <array>
#include <span>
#include <string_view>

namespace dorm::detail::pattern {

/// Code points lo..hi, both included.
struct UnicodeRange {
  char32_t lo;
  char32_t hi;
};

/// One leaf General_Category: its two-letter name (`Lu`) and its sorted, disjoint ranges.
struct UnicodeCategory {
  std::string_view name;
  std::span<const UnicodeRange> ranges;
};

/// The 30 leaf categories, Cc to Zs.
const std::array<UnicodeCategory, 30>& unicode_categories();

}  // namespace dorm::detail::pattern
