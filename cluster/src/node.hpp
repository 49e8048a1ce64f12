#pragma once
// One dqlite node of this process (libdqlite's node API): created, bound and started by the
// constructor, stopped and destroyed by the destructor.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

struct dqlite_node;

namespace dorm_node {

/// A node that could not be created, bound or started; what() is one line saying what and where.
class NodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What a node needs to start.
struct NodeSettings {
  std::uint64_t id = 0;            ///< 1 bootstraps a new cluster (dqlite's rule); others join one
  std::string address;             ///< "host:port", where clients and the other nodes reach it
  std::filesystem::path data_dir;  ///< its Raft log and snapshots; created when missing
  /// The one-way network latency dqlite tunes its timeouts by (heartbeat 1.5x, election 15x);
  /// nullopt keeps dqlite's defaults (heartbeat 500 ms, election 3 s).
  std::optional<unsigned> network_latency_ms;
};

/// A running dqlite node. Not movable: libdqlite's thread holds on to it.
class Node {
 public:
  /// Creates, binds and starts the node. Throws NodeError when the id is 0, the address is not
  /// IPV4:PORT, the data folder cannot be used, the address cannot be bound (e.g. in use), or
  /// dqlite refuses to start.
  explicit Node(const NodeSettings& settings);
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  /// Stops the node (its client connections are closed once their requests finish) and
  /// releases it.
  ~Node();

  /// True when the data folder was empty or new at start: the node starts with no Raft state.
  [[nodiscard]] bool fresh() const noexcept { return fresh_; }
  /// True when this start bootstrapped a new one-node cluster (id 1 and fresh data).
  [[nodiscard]] bool bootstrapped() const noexcept { return bootstrapped_; }

 private:
  dqlite_node* node_ = nullptr;
  bool fresh_ = false;
  bool bootstrapped_ = false;
};

}  // namespace dorm_node
