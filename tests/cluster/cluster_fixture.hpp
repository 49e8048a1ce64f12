#pragma once
// A dqlite cluster of dorm-node processes on 127.0.0.1 for tests: node 1 bootstraps, the others
// join it; the constructor returns once the cluster has a leader and every node is a voter.
// Nodes can be killed (SIGKILL) and started again by id. The destructor kills every process
// and removes every data folder, also when a test fails.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../temp_dir.hpp"
#include "backends/dqlite/messages.hpp"
#include "node_process.hpp"

namespace dorm_cluster_test {

/// How a ClusterFixture runs its nodes.
struct ClusterOptions {
  std::size_t nodes = 3;
  /// dorm-node --network-latency-ms: 50 gives a 750 ms election timeout (dqlite's default is
  /// 3 s), so a failover takes about a second.
  unsigned network_latency_ms = 50;
  /// Bound on each wait: one node's start (with its join), the cluster forming, a new leader.
  std::chrono::milliseconds timeout{20'000};
};

/// A running cluster of `options.nodes` dorm-node processes, ids 1..n.
class ClusterFixture {
 public:
  /// Starts node 1, then each other node joining it, and waits for a leader and all voters.
  /// Throws (NodeStartError, std::runtime_error) when a node does not start or the cluster
  /// does not form within the timeout.
  explicit ClusterFixture(ClusterOptions options = {});
  ClusterFixture(const ClusterFixture&) = delete;
  ClusterFixture& operator=(const ClusterFixture&) = delete;
  ~ClusterFixture();

  /// Every node's address, running or not, in id order.
  [[nodiscard]] std::vector<std::string> addresses() const;
  /// Node `id` (1..n); throws std::out_of_range for another id.
  [[nodiscard]] NodeProcess& node(std::uint64_t id);

  /// SIGKILLs node `id`: it stops at once, as in a crash.
  void kill(std::uint64_t id);
  /// Starts node `id` again, on its address and data, and waits for its "started" line.
  void restart(std::uint64_t id);

  /// The leader as the running nodes report it, waiting until one reports a leader other than
  /// `not_this` (0: any); throws std::runtime_error after the timeout.
  dorm::dqlite::NodeInfo wait_for_leader(std::uint64_t not_this = 0);
  /// The members as the leader reports them (waits for a leader first).
  std::vector<dorm::dqlite::NodeInfo> members();

 private:
  /// The addresses of the running nodes, where a client can look for the leader.
  [[nodiscard]] std::vector<std::string> running_addresses() const;
  void wait_until_formed();

  ClusterOptions options_;
  dorm_test::TempDir folder_;
  std::vector<std::unique_ptr<NodeProcess>> nodes_;
};

}  // namespace dorm_cluster_test
