// LEADER of one node, in words: see leader_view.hpp.
#include "leader_view.hpp"

#include "backends/dqlite/client.hpp"
#include "backends/dqlite/error.hpp"
#include "one_line.hpp"

namespace dorm_node {

std::string leader_view(const std::string& address, std::chrono::milliseconds timeout) {
  try {
    const auto leader = dorm::dqlite::Client::connect(address, timeout).leader();
    if (!leader || leader->id == 0) return "no leader known";
    return "leader is node " + std::to_string(leader->id) + " at " + leader->address;
  } catch (const dorm::Error& error) {
    return "cannot ask for the leader: " + one_line(error.what());
  }
}

}  // namespace dorm_node
