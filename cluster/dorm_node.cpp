// dorm-node: runs one dqlite node (start) until SIGTERM or SIGINT, then stops it cleanly.
// docs/cluster.md shows a cluster of three made with it.
#include <CLI/CLI.hpp>

#include <signal.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "backends/dqlite/protocol.hpp"
#include "join.hpp"
#include "leader_view.hpp"
#include "members.hpp"
#include "node.hpp"
#include "node_address.hpp"
#include "stop_signal.hpp"

namespace {

// One line on stdout, flushed at once: a supervisor or a test reads them as they come.
template <typename... Args>
void say(const char* format, Args... args) {
  std::printf(format, args...);
  std::fflush(stdout);
}

// How often a running node asks itself who leads, to log a change.
constexpr std::chrono::milliseconds leader_poll{500};

// What `start` does besides running the node: join a cluster through these members.
struct Joining {
  std::vector<std::string> members;  ///< empty: no --join
  dorm::dqlite::Role role = dorm::dqlite::Role::voter;
  std::chrono::milliseconds timeout{30'000};
};

int start(const dorm_node::NodeSettings& settings, const Joining& joining) {
  // A peer that dies mid-write (a killed leader) must cost a failed write, not this process:
  // libuv and libraft leave SIGPIPE at its default, which ends the process.
  ::signal(SIGPIPE, SIG_IGN);
  dorm_node::StopSignal stop;  // before dqlite's threads start, so they inherit its mask
  std::optional<dorm_node::Node> node;
  node.emplace(settings);
  std::string how = node->bootstrapped() ? "bootstrapped a new cluster"
                    : !node->fresh()     ? "restarted from its data"
                                         : "waiting for a cluster to add it";
  if (!joining.members.empty()) {
    const std::string through = dorm_node::join_node_addresses(joining.members);
    say("dorm-node: node %llu at %s listening, joining the cluster of %s\n", static_cast<unsigned long long>(settings.id),
        settings.address.c_str(), through.c_str());
    const auto joined = dorm_node::join_cluster(joining.members, {settings.id, settings.address, joining.role},
                                                joining.timeout, [&stop] { return stop.received() != 0; });
    if (joined) how = *joined;
  }
  if (stop.received() == 0) {
    say("dorm-node: node %llu at %s started, data in %s (%s)\n", static_cast<unsigned long long>(settings.id),
        settings.address.c_str(), settings.data_dir.c_str(), how.c_str());
  }
  // The node's view of the leader, logged when it changes, until a stop signal.
  std::string view;
  int received = 0;
  while (received == 0) {
    if (std::string now = dorm_node::leader_view(settings.address, leader_poll); now != view) {
      say("dorm-node: node %llu: %s\n", static_cast<unsigned long long>(settings.id), now.c_str());
      view = std::move(now);
    }
    received = stop.wait_for(leader_poll);
  }
  say("dorm-node: %s, stopping node %llu\n", received == SIGTERM ? "SIGTERM" : "SIGINT",
      static_cast<unsigned long long>(settings.id));
  node.reset();
  say("dorm-node: node %llu stopped\n", static_cast<unsigned long long>(settings.id));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dorm-node: one node of a dqlite cluster, the replicated SQLite dorm connects to (docs/cluster.md)"};
  app.require_subcommand(1);

  dorm_node::NodeSettings settings;
  std::string data_dir;
  unsigned latency_ms = 0;
  auto* start_command = app.add_subcommand(
      "start", "start a node and run it until SIGTERM or SIGINT; node 1 bootstraps a new cluster");
  start_command->add_option("--id", settings.id, "the node's id, unique in its cluster and the same at every start")
      ->required()
      ->check(CLI::Validator(
          [](std::string& value) {
            return value.find_first_not_of('0') == std::string::npos ? "the id is a positive number, not 0" : "";
          },
          "POSITIVE"));
  start_command->add_option("--address", settings.address,
                            "IPV4:PORT to listen on, where clients and the other nodes reach it")
      ->required();
  start_command->add_option("--data", data_dir, "the node's data folder (Raft log, snapshots), created when missing")
      ->required();
  start_command->add_option("--network-latency-ms", latency_ms,
                            "the one-way latency to tune timeouts by: heartbeat 1.5x, election 15x "
                            "(default: dqlite's, heartbeat 500 ms and election 3 s)")
      ->check(CLI::Range(1U, 3'600'000U));
  std::string join;
  std::string role = "voter";
  long long join_timeout_ms = 30'000;
  auto* join_option = start_command->add_option("--join", join,
                            "ADDR,ADDR,...: members of a cluster to join (ADD + ASSIGN through its leader); "
                            "one reachable member is enough");
  start_command->add_option("--role", role, "with --join: voter (holds the data and votes), standby (holds the "
                                            "data, does not vote) or spare (neither)")
      ->capture_default_str()
      ->needs(join_option)
      ->check(CLI::IsMember({"voter", "standby", "spare"}));
  start_command->add_option("--join-timeout-ms", join_timeout_ms,
                            "with --join: how long to keep trying while no leader answers")
      ->capture_default_str()
      ->needs(join_option)
      ->check(CLI::PositiveNumber);

  std::string cluster;
  std::size_t wait_voters = 0;
  long long timeout_ms = 5'000;
  auto* members_command = app.add_subcommand(
      "members", "print the cluster's members (id, address, role), marking the leader");
  members_command->add_option("--cluster", cluster, "ADDR,ADDR,...: nodes of the cluster; any one that answers is enough")
      ->required();
  members_command->add_option("--wait-voters", wait_voters,
                              "first wait until the cluster has a leader and this many voters");
  members_command->add_option("--timeout-ms", timeout_ms, "how long to wait for the leader (and the voters)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  CLI11_PARSE(app, argc, argv);
  try {
    if (start_command->parsed()) {
      dorm_node::check_node_address(settings.address, "--address");
      settings.data_dir = data_dir;
      if (latency_ms != 0) settings.network_latency_ms = latency_ms;
      Joining joining;
      if (!join.empty()) {
        if (settings.id == 1) {
          throw std::invalid_argument("node 1 bootstraps a new cluster; a node joining one (--join) needs another id");
        }
        joining.members = dorm_node::split_node_addresses(join, "--join");
        joining.role = role == "standby" ? dorm::dqlite::Role::standby
                       : role == "spare" ? dorm::dqlite::Role::spare
                                         : dorm::dqlite::Role::voter;
        joining.timeout = std::chrono::milliseconds(join_timeout_ms);
      }
      return start(settings, joining);
    }
    if (members_command->parsed()) {
      const auto addresses = dorm_node::split_node_addresses(cluster, "--cluster");
      say("%s", dorm_node::describe_members(addresses, wait_voters, std::chrono::milliseconds(timeout_ms)).c_str());
      return 0;
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "dorm-node: %s\n", error.what());
    return 1;
  }
  return 2;
}
