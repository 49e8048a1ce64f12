// ADD + ASSIGN through the leader, retried within a deadline: see join.hpp.
#include "join.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "backends/dqlite/client.hpp"
#include "backends/dqlite/error.hpp"
#include "backends/dqlite/leader_discovery.hpp"
#include "node_address.hpp"
#include "one_line.hpp"

namespace dorm_node {

namespace {

using Clock = std::chrono::steady_clock;
namespace dqlite = dorm::dqlite;

// One attempt's bound: a stop signal waits at most this long. An ASSIGN that waits longer for
// the new node to catch up is sent again by the next attempt (the role is checked first).
constexpr std::chrono::milliseconds attempt_limit{2'000};

// One attempt; throws what the cluster answered.
std::string try_join(const std::vector<std::string>& members, const dqlite::NodeInfo& self,
                     std::chrono::milliseconds timeout) {
  dqlite::Client client = dqlite::connect_to_leader(members, timeout);
  const std::string& through = client.address();  // the leader's
  for (const dqlite::NodeInfo& member : client.cluster()) {
    if (member.id != self.id) continue;
    if (member.address != self.address) {
      // Not retried: the cluster knows this id at another address, which only a person can fix.
      throw std::invalid_argument("node " + std::to_string(self.id) + " is a member of the cluster at " +
                                  member.address + ", not " + self.address);
    }
    if (member.role == self.role) return std::string("already a member, ") + dqlite::role_name(self.role);
    client.assign(self.id, self.role);
    return "was a " + std::string(dqlite::role_name(member.role)) + ", now a " + dqlite::role_name(self.role) +
           " through " + through;
  }
  client.add(self.id, self.address);
  if (self.role != dqlite::Role::spare) client.assign(self.id, self.role);
  return "joined through " + through + " as " + dqlite::role_name(self.role);
}

}  // namespace

std::optional<std::string> join_cluster(const std::vector<std::string>& members, const dqlite::NodeInfo& self,
                                        std::chrono::milliseconds timeout,
                                        const std::function<bool()>& stop_requested) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (stop_requested()) return std::nullopt;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    try {
      return try_join(members, self, std::clamp(left, std::chrono::milliseconds(100), attempt_limit));
    } catch (const dorm::Error& error) {
      if (Clock::now() + std::chrono::milliseconds(100) >= deadline) {
        throw std::runtime_error("cannot join the cluster of " + join_node_addresses(members) + " within " +
                                 std::to_string(timeout.count()) + " ms: " + one_line(error.what()));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace dorm_node
