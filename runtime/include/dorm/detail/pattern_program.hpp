#pragma once
// A parsed pattern (dorm/detail/pattern_syntax.hpp) compiled to a small instruction program,
// which dorm::Pattern runs on one of two matchers: the NFA simulation (pattern_pike.hpp), linear
// in the text, for every pattern without back-references and lookaheads; and the bounded
// backtracker (pattern_backtrack.hpp) for the rest. Counted repetition is expanded, so the
// program's size is capped (max_instructions).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dorm/detail/pattern_syntax.hpp"

namespace dorm::detail::pattern {

/// What one instruction does. `x`, `y` are instruction indexes unless said otherwise.
enum class Op : std::uint8_t {
  chars,     ///< consume one code point of class `x`
  split,     ///< continue at `x` and at `y` (the backtracker tries `x` first)
  jump,      ///< continue at `x`
  start,     ///< only at the start of the text
  end,       ///< only at the end of the text
  boundary,  ///< a word boundary (`x` != 0: not one, \B)
  match,     ///< the pattern matched
  // The backtracker's only (absent from programs the NFA runs):
  save,      ///< register `x` := position (group N starts in register 2N, ends in 2N+1)
  reset,     ///< registers `x` .. `y`-1 := unset (the groups inside a repeated atom, ECMA-262)
  backref,   ///< consume what group `x` matched (nothing when it is unset)
  mark,      ///< register `x` := position: where an iteration of a loop began
  progress,  ///< fail unless the position moved since `mark x` (an empty iteration ends a loop)
  look,      ///< a lookahead whose body starts at the next instruction and ends at look_end;
             ///< `y` != 0: negative; continue at `x` after it
  look_end,  ///< the lookahead body matched
};

struct Instruction {
  Op op;
  std::uint32_t x = 0;
  std::uint32_t y = 0;
};

/// A character class: ASCII as a bitmap, the rest as sorted code point ranges.
struct Class {
  std::array<std::uint64_t, 2> ascii{};
  Ranges other;

  [[nodiscard]] bool has(char32_t c) const noexcept {
    if (c < 128) return ((ascii[c >> 6U] >> (c & 63U)) & 1U) != 0;
    // Few ranges in practice; a linear scan beats a binary search on them.
    for (const Range& r : other) {
      if (c < r.lo) return false;
      if (c <= r.hi) return true;
    }
    return false;
  }
};

/// A compiled pattern.
struct Program {
  /// The largest program compiled. The NFA's work per character is bounded by the program's
  /// size, and counted repetition multiplies it (`a{1000}{1000}` would be a million
  /// instructions): 20,000 leaves room for `.{0,5000}` while a search stays fast.
  static constexpr std::size_t max_instructions = 20'000;

  std::vector<Instruction> code;
  std::vector<Class> classes;
  /// Registers the backtracker keeps: two per group (and group 0), then the loops' marks.
  std::uint32_t registers = 0;
  /// For the backtracker: needs back-references or lookaheads.
  bool backtracks = false;
  /// Matches only at the start of the text (the pattern begins with '^' outside any
  /// alternation), so no search starts later.
  bool anchored = false;
};

/// Compiles the tree `root` of `source` (Dialect::matcher) into a program for the NFA
/// (tree.backtracks false) or the backtracker. Throws dorm::Error "[dorm.validation.pattern]
/// pattern '<source>' is too large: ..." past Program::max_instructions.
[[nodiscard]] Program compile(const std::string& source, const Tree& tree, std::uint32_t root);

/// Is `c` a word character (ECMA-262 \w: [A-Za-z0-9_])?
[[nodiscard]] inline bool is_word(char32_t c) noexcept {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') || c == U'_';
}

}  // namespace dorm::detail::pattern
