#pragma once
// How a fuzz target reports a broken invariant (a round trip that differs, a parse that
// contradicts its writer): the message, then abort(), which libFuzzer and the replay main both
// treat as a crash, so the input is saved and the run fails.
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace dorm::fuzz {

/// Prints "dorm fuzz finding: <what>" and `detail` to stderr and aborts.
[[noreturn]] inline void finding(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "dorm fuzz finding: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace dorm::fuzz
