#pragma once
// Finding the leader of a cluster from a list of its nodes' addresses: ask each reachable node
// who leads, connect to that node, and keep the connection once the node itself says it leads.
// Addresses that are down or refuse are skipped; rounds repeat (an election may be running)
// until the deadline.
#include <span>
#include <string>

#include "backends/dqlite/client.hpp"
#include "dorm/core/milliseconds.hpp"

namespace dorm::dqlite {

/// A Client connected to the leader, found through `addresses` (in order; any of them may be
/// down) within `timeout` overall. Each connect waits at most the time left, shared between
/// the addresses, and the Client keeps `timeout` as its bound on each wait for the node.
/// Throws NoLeader naming each address and what it answered last; dorm::Error
/// [dorm.dqlite.address] for an address that is not host:port, and for an empty list.
[[nodiscard]] Client connect_to_leader(std::span<const std::string> addresses, Milliseconds timeout);

}  // namespace dorm::dqlite
