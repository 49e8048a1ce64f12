// dorm-node: runs one dqlite node (start) until SIGTERM or SIGINT, then stops it cleanly.
// docs/cluster.md shows a cluster of three made with it.
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <signal.h>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>

#include "node.hpp"
#include "node_address.hpp"

namespace {

// SIGTERM and SIGINT are blocked in every thread (dqlite's included) and taken by sigwait in
// main: no work happens in a signal handler.
sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

// One line on stdout, flushed at once: a supervisor or a test reads them as they come.
template <typename... Args>
void say(const char* format, Args... args) {
  std::printf(format, args...);
  std::fflush(stdout);
}

int start(const dorm_node::NodeSettings& settings) {
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before dqlite's thread starts, so it inherits it
  std::optional<dorm_node::Node> node;
  node.emplace(settings);
  const char* how = node->bootstrapped()  ? "bootstrapped a new cluster"
                    : settings.id == 1    ? "restarted from its data"
                                          : "waiting for a cluster to add it";
  say("dorm-node: node %llu at %s started, data in %s (%s)\n", static_cast<unsigned long long>(settings.id),
      settings.address.c_str(), settings.data_dir.c_str(), how);
  int received = 0;
  sigwait(&signals, &received);
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

  CLI11_PARSE(app, argc, argv);
  try {
    if (start_command->parsed()) {
      dorm_node::check_node_address(settings.address, "--address");
      settings.data_dir = data_dir;
      if (latency_ms != 0) settings.network_latency_ms = latency_ms;
      return start(settings);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "dorm-node: %s\n", error.what());
    return 1;
  }
  return 2;
}
