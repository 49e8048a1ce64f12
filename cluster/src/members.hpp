#pragma once
// The cluster's members as dorm-node members prints them.
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace dorm_node {

/// One line per member, by id: "ID ADDRESS ROLE", with " leader" after the leader's. Asks the
/// leader found through `cluster` (addresses of some of its nodes). With `voters` > 0, first
/// waits until the cluster has a leader and at least that many voters. Everything within
/// `timeout`; past it, throws std::runtime_error with the last reason (no node answered, no
/// leader, too few voters).
std::string describe_members(const std::vector<std::string>& cluster, std::size_t voters,
                             std::chrono::milliseconds timeout);

}  // namespace dorm_node
