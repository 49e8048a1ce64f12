#pragma once
// Which node leads, as this node sees it: what dorm-node logs each time it changes.
#include <chrono>
#include <string>

namespace dorm_node {

/// "leader is node 2 at 127.0.0.1:9002", "no leader known" (an election is running, or the
/// node is not yet a member), or "cannot ask for the leader: <why>", asking the node at
/// `address` (LEADER) within `timeout`.
std::string leader_view(const std::string& address, std::chrono::milliseconds timeout);

}  // namespace dorm_node
