#pragma once
// The matcher of dorm::Pattern for patterns with back-references or lookaheads, which no
// finite automaton matches: a backtracking run of the compiled program
// (dorm/detail/pattern_program.hpp) with its choice points on a heap stack, never the C++
// stack, and a step budget. Backtracking can take time exponential in the text ((a|a)*\1 on a
// long value); the budget turns that into an error instead of a hung or crashed process.
#include <cstdint>
#include <string>
#include <string_view>

#include "dorm/detail/pattern_program.hpp"

namespace dorm::detail::pattern {

/// The most steps (instructions run, plus registers reset) one search may take. A step costs a
/// few nanoseconds and pushes at most one 12-byte entry on the backtracking stack, so a search
/// stays within about 10 ms and 12 MB; `^(a)\1*$` needs about 6 steps per character, so values
/// of up to some 160,000 characters match.
inline constexpr std::uint64_t max_backtrack_steps = 1'000'000;

/// True when `program` matches somewhere in `text` (code points). Throws dorm::Error
/// "[dorm.validation.pattern_budget] pattern '<source>' needs more than 1000000 steps on a
/// value of N characters ..." when the search takes more than max_backtrack_steps.
[[nodiscard]] bool backtrack_search(const Program& program, std::u32string_view text, const std::string& source);

}  // namespace dorm::detail::pattern
