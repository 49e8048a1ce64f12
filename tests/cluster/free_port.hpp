#pragma once
// A TCP port on 127.0.0.1 that nothing listens on, for a node the test is about to start.
#include <cstdint>

namespace dorm_cluster_test {

/// A port the kernel just handed out for 127.0.0.1 and this process released again. Another
/// process may take it before the node binds it, so a caller retries with a new one when the
/// node cannot listen. Throws std::system_error when no socket can be bound.
std::uint16_t free_port();

}  // namespace dorm_cluster_test
