#pragma once
// Comparing a presented secret with a stored one without telling an observer, through the
// time it takes, how much of it matched or how long the stored one is.
#include <cstdint>
#include <string_view>

namespace dorm::server {

/// True when `presented` and `expected` are the same bytes. Reads every byte of `presented`
/// whatever matches, and `expected` cyclically beside it, so the time depends on the length of
/// `presented` (which the caller sent) only: neither on where the first difference is nor on
/// `expected`'s length.
[[nodiscard]] bool constant_time_equal(std::string_view presented, std::string_view expected) noexcept;

/// How many times constant_time_equal ran on this thread: a test seam, so a test can show that
/// authentication compares through it, once per stored token, without stopping at a match.
[[nodiscard]] std::uint64_t constant_time_comparisons() noexcept;

}  // namespace dorm::server
