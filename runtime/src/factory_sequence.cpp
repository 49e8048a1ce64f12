#include "dorm/lifecycle/factory.hpp"

#include <atomic>

namespace dorm::detail {

std::int64_t fetch_add_factory_sequence(std::int64_t& sequence, std::int64_t count) noexcept {
  return std::atomic_ref<std::int64_t>(sequence).fetch_add(count, std::memory_order_relaxed);
}

}  // namespace dorm::detail
