// CLUSTER + LEADER through the leader, formatted: see members.hpp.
#include "members.hpp"

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

}  // namespace

std::string describe_members(const std::vector<std::string>& cluster, std::size_t voters,
                             std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    std::string reason;
    try {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      dqlite::Client client = dqlite::connect_to_leader(cluster, std::max(left, std::chrono::milliseconds(100)));
      const auto leader = client.leader();
      std::vector<dqlite::NodeInfo> members = client.cluster();
      const auto voting = static_cast<std::size_t>(std::count_if(
          members.begin(), members.end(), [](const dqlite::NodeInfo& m) { return m.role == dqlite::Role::voter; }));
      if (leader && voting >= voters) {
        std::sort(members.begin(), members.end(),
                  [](const dqlite::NodeInfo& a, const dqlite::NodeInfo& b) { return a.id < b.id; });
        std::string text;
        for (const dqlite::NodeInfo& member : members) {
          text += std::to_string(member.id) + " " + member.address + " " + dqlite::role_name(member.role) +
                  (member.id == leader->id ? " leader" : "") + "\n";
        }
        return text;
      }
      reason = leader ? std::to_string(voting) + " voters of " + std::to_string(voters) : "no leader";
    } catch (const dorm::Error& error) {
      reason = one_line(error.what());
    }
    if (Clock::now() + std::chrono::milliseconds(100) >= deadline) {
      const std::string wanted = voters > 0 ? "no leader with " + std::to_string(voters) + " voters" : "no leader";
      throw std::runtime_error(wanted + " answered through " + join_node_addresses(cluster) + " within " +
                               std::to_string(timeout.count()) + " ms (last: " + reason + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace dorm_node
