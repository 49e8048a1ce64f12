// dorm-node processes as a cluster, with bounded waits through dorm's dqlite client: see
// cluster_fixture.hpp.
#include "cluster_fixture.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "backends/dqlite/client.hpp"
#include "backends/dqlite/error.hpp"
#include "free_port.hpp"

namespace dorm_cluster_test {

namespace {

using Clock = std::chrono::steady_clock;
namespace dqlite = dorm::dqlite;

const auto poll_pause = std::chrono::milliseconds(50);
const auto connect_timeout = std::chrono::milliseconds(500);
// A free port can be taken by another process between free_port() and the node's bind:
// a first start is tried on this many ports.
constexpr int port_attempts = 3;

}  // namespace

ClusterFixture::ClusterFixture(ClusterOptions options) : options_(options), folder_("dorm_cluster_test") {
  if (options_.nodes == 0) throw std::invalid_argument("a cluster has at least one node");
  for (std::uint64_t id = 1; id <= options_.nodes; ++id) {
    NodeSpec spec{id, "", folder_.path() / ("node" + std::to_string(id)), {}, options_.network_latency_ms, ""};
    if (id > 1) spec.join = {nodes_.front()->spec().address};
    for (int attempt = 1;; ++attempt) {
      spec.address = "127.0.0.1:" + std::to_string(free_port());
      auto node = std::make_unique<NodeProcess>(DORM_NODE_PROGRAM, spec);
      try {
        node->start(options_.timeout);
      } catch (const NodeStartError&) {
        if (attempt == port_attempts) throw;
        continue;
      }
      nodes_.push_back(std::move(node));
      break;
    }
  }
  wait_until_formed();
}

ClusterFixture::~ClusterFixture() {
  // SIGKILL, not SIGTERM: nothing is left to check, and a node stuck on a lost quorum would
  // only make the teardown wait. The folder goes after the processes (member order).
  for (auto& node : nodes_) node->kill();
}

std::vector<std::string> ClusterFixture::addresses() const {
  std::vector<std::string> all;
  for (const auto& node : nodes_) all.push_back(node->spec().address);
  return all;
}

NodeProcess& ClusterFixture::node(std::uint64_t id) {
  if (id == 0 || id > nodes_.size()) throw std::out_of_range("the cluster has no node " + std::to_string(id));
  return *nodes_[id - 1];
}

void ClusterFixture::kill(std::uint64_t id) { node(id).kill(); }

void ClusterFixture::restart(std::uint64_t id) { node(id).start(options_.timeout); }

std::vector<std::string> ClusterFixture::running_addresses() const {
  std::vector<std::string> running;
  for (const auto& node : nodes_) {
    if (node->running()) running.push_back(node->spec().address);
  }
  return running;
}

dqlite::NodeInfo ClusterFixture::wait_for_leader(std::uint64_t not_this) {
  const auto deadline = Clock::now() + options_.timeout;
  std::string last = "no node answered";
  for (;;) {
    // Each running node is asked: a follower keeps naming a killed leader until it times out.
    for (const std::string& address : running_addresses()) {
      try {
        auto leader = dqlite::Client::connect(address, connect_timeout).leader();
        if (!leader) {
          last = address + " knows of no leader";
        } else if (leader->id == not_this) {
          last = address + " still names node " + std::to_string(not_this);
        } else if (node(leader->id).running()) {
          return *leader;
        }
      } catch (const dorm::Error& error) {
        last = error.what();
      }
    }
    if (Clock::now() >= deadline) {
      throw std::runtime_error("no leader" + (not_this != 0 ? " other than node " + std::to_string(not_this) : "") +
                               " within " + std::to_string(options_.timeout.count()) + " ms (last: " + last + ")");
    }
    std::this_thread::sleep_for(poll_pause);
  }
}

std::vector<dqlite::NodeInfo> ClusterFixture::members() {
  const dqlite::NodeInfo leader = wait_for_leader();
  auto members = dqlite::Client::connect(leader.address, connect_timeout).cluster();
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return members;
}

void ClusterFixture::wait_until_formed() {
  const auto deadline = Clock::now() + options_.timeout;
  std::string last;
  for (;;) {
    try {
      const auto all = members();
      const auto voters = std::count_if(all.begin(), all.end(), [](const auto& m) { return m.role == dqlite::Role::voter; });
      if (static_cast<std::size_t>(voters) == options_.nodes) return;
      last = std::to_string(voters) + " voters";
    } catch (const dorm::Error& error) {
      last = error.what();
    }
    if (Clock::now() >= deadline) {
      throw std::runtime_error("the cluster of " + std::to_string(options_.nodes) + " nodes did not form within " +
                               std::to_string(options_.timeout.count()) + " ms (last: " + last + ")");
    }
    std::this_thread::sleep_for(poll_pause);
  }
}

}  // namespace dorm_cluster_test
