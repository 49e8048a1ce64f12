#pragma once
// Joining a running node to a cluster through its leader: ADD, then ASSIGN its role.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backends/dqlite/messages.hpp"

namespace dorm_node {

/// Makes `self` (already started, so the leader can reach it) a member of the cluster that
/// `members` (addresses of some of its nodes) belong to, with `self.role`: ADD when it is not
/// a member, then ASSIGN when its role differs (ADD makes a spare). A node that is already a
/// member with that role is left alone, so starting a node again with the same --join is
/// harmless. Retries while no leader answers or the leader refuses (a membership change already
/// in progress, a leader just elected) until `timeout`, then throws std::runtime_error with the
/// last reason. Returns what it did, for the node's log line: "joined through ADDR as voter";
/// nullopt when `stop_requested` turned true, which it checks between attempts (each bounded
/// by a few seconds, so a stop signal is not held up for the whole timeout).
std::optional<std::string> join_cluster(const std::vector<std::string>& members, const dorm::dqlite::NodeInfo& self,
                                        std::chrono::milliseconds timeout,
                                        const std::function<bool()>& stop_requested);

}  // namespace dorm_node
