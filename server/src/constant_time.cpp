#include "dorm/server/constant_time.hpp"

namespace dorm::server {

namespace {
thread_local std::uint64_t comparisons = 0;
}  // namespace

bool constant_time_equal(std::string_view presented, std::string_view expected) noexcept {
  ++comparisons;
  // Every byte is read and folded into `difference`; volatile keeps the compiler from
  // turning the loop into an early exit.
  volatile unsigned char difference = presented.size() != expected.size() ? 1 : 0;
  const std::size_t expected_size = expected.size();
  for (std::size_t i = 0; i < presented.size(); ++i) {
    const unsigned char other = expected_size == 0 ? 0 : static_cast<unsigned char>(expected[i % expected_size]);
    difference = static_cast<unsigned char>(difference | (static_cast<unsigned char>(presented[i]) ^ other));
  }
  return difference == 0;
}

std::uint64_t constant_time_comparisons() noexcept { return comparisons; }

}  // namespace dorm::server
