#pragma once
// One dorm-node child process for the cluster tests: started with a node's settings, waited for
// (bounded) until it says it started, and killed, stopped or started again on the same data.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "../crash/child_process.hpp"

namespace dorm_cluster_test {

/// The settings of one node, as dorm-node start's options.
struct NodeSpec {
  std::uint64_t id = 0;
  std::string address;               ///< 127.0.0.1:PORT
  std::filesystem::path data_dir;
  std::vector<std::string> join;     ///< --join addresses; empty for node 1 (bootstraps)
  unsigned network_latency_ms = 0;   ///< --network-latency-ms; 0 leaves dqlite's default
  std::string role;                  ///< --role with --join; empty leaves dorm-node's (voter)
};

/// dorm-node ended before saying it started; what() has its exit status.
class NodeStartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A dorm-node process running one node. Not started by the constructor; the destructor kills
/// (SIGKILL) and reaps a process still running.
class NodeProcess {
 public:
  NodeProcess(std::string program, NodeSpec spec);

  /// The arguments dorm-node is started with ("start --id 2 --address ... --join ...").
  [[nodiscard]] std::vector<std::string> arguments() const;
  /// Starts dorm-node and waits, at most `timeout`, for its "started" line, which it prints
  /// once the node listens (and has joined, with --join). Throws NodeStartError when the
  /// process ends first, std::runtime_error when the time runs out (the process is killed).
  void start(std::chrono::milliseconds timeout);
  /// Reads the running process's lines until one contains `text` and returns it; nullopt when
  /// `timeout` passes first or the process ends.
  std::optional<std::string> wait_for_line(const std::string& text, std::chrono::milliseconds timeout);
  /// SIGKILL: the node stops at once, as in a crash or power loss; reaped before returning.
  void kill();
  /// Sends `signal` (SIGTERM or SIGINT, dorm-node's stop signals) and waits, at most `timeout`,
  /// for the process to end; returns its wait status.
  int stop(std::chrono::milliseconds timeout, int signal);

  [[nodiscard]] bool running() const noexcept { return running_; }
  [[nodiscard]] const NodeSpec& spec() const noexcept { return spec_; }
  /// The "started" line of the last start, e.g. "dorm-node: node 1 at ... (bootstrapped a new cluster)".
  [[nodiscard]] const std::string& started_line() const noexcept { return started_line_; }

 private:
  std::string program_;
  NodeSpec spec_;
  std::optional<dorm_crash::ChildProcess> child_;
  bool running_ = false;
  std::string started_line_;
};

}  // namespace dorm_cluster_test
