#pragma once
// The linear-time matcher of dorm::Pattern: a Thompson NFA simulation of a compiled pattern
// (dorm/detail/pattern_program.hpp) without back-references or lookaheads. It keeps the set of
// instructions live at each character, so a search takes O(text × program) time and O(program)
// memory, whatever the pattern ((a+)+$ included), and never recurses.
#include <string_view>

#include "dorm/detail/pattern_program.hpp"

namespace dorm::detail::pattern {

/// True when `program` (Program::backtracks false) matches somewhere in UTF-8 `text`; an
/// invalid byte reads as U+FFFD.
[[nodiscard]] bool nfa_search(const Program& program, std::string_view text);

}  // namespace dorm::detail::pattern
