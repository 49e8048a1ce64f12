// The dorm-node program on its own: --help, bootstrapping node 1, stopping on SIGTERM/SIGINT,
// starting again on its data, and the errors it reports in one line.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../crash/child_process.hpp"
#include "../temp_dir.hpp"
#include "dorm_node_run.hpp"
#include "free_port.hpp"
#include "node_process.hpp"

using dorm_cluster_test::Finished;
using dorm_cluster_test::free_port;
using dorm_cluster_test::run_dorm_node;
using dorm_cluster_test::NodeProcess;
using dorm_cluster_test::NodeSpec;
using dorm_crash::ChildProcess;

namespace {

const auto ten_seconds = std::chrono::milliseconds(10'000);

std::string loopback(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

NodeSpec first_node(const dorm_test::TempDir& folder) {
  return NodeSpec{1, loopback(free_port()), folder.path() / "node1", {}, 0, ""};
}

int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

TEST_CASE("dorm-node --help names its commands, and each command's --help its options", "[cluster][program]") {
  const Finished top = run_dorm_node({"--help"});
  CHECK(exit_code(top.status) == 0);
  CHECK_THAT(top.output, Catch::Contains("start"));
  CHECK_THAT(top.output, Catch::Contains("members"));
  const Finished start = run_dorm_node({"start", "--help"});
  CHECK(exit_code(start.status) == 0);
  for (const char* option : {"--id", "--address", "--data", "--join", "--role", "--join-timeout-ms",
                             "--network-latency-ms"}) {
    CHECK_THAT(start.output, Catch::Contains(option));
  }
  const Finished members = run_dorm_node({"members", "--help"});
  CHECK(exit_code(members.status) == 0);
  for (const char* option : {"--cluster", "--wait-voters", "--timeout-ms"}) {
    CHECK_THAT(members.output, Catch::Contains(option));
  }
}

TEST_CASE("node 1 of a new cluster bootstraps itself, leads it, and stops cleanly on SIGTERM", "[cluster][program]") {
  dorm_test::TempDir folder("dorm_node_test");
  NodeProcess node(DORM_NODE_PROGRAM, first_node(folder));
  node.start(ten_seconds);
  CHECK_THAT(node.started_line(), Catch::Contains("node 1 at " + node.spec().address + " started"));
  CHECK_THAT(node.started_line(), Catch::Contains("bootstrapped a new cluster"));
  // Alone in its cluster, it leads it, and logs so.
  CHECK(node.wait_for_line("node 1: leader is node 1 at " + node.spec().address, ten_seconds).has_value());
  CHECK_FALSE(std::filesystem::is_empty(node.spec().data_dir));
  const int status = node.stop(ten_seconds, SIGTERM);
  CHECK(WIFEXITED(status));
  CHECK(exit_code(status) == 0);
}

TEST_CASE("a node killed and started again on its data restarts instead of bootstrapping, and SIGINT stops it",
          "[cluster][program]") {
  dorm_test::TempDir folder("dorm_node_test");
  NodeProcess node(DORM_NODE_PROGRAM, first_node(folder));
  node.start(ten_seconds);
  node.kill();
  node.start(ten_seconds);
  CHECK_THAT(node.started_line(), Catch::Contains("restarted from its data"));
  const int status = node.stop(ten_seconds, SIGINT);
  CHECK(WIFEXITED(status));
  CHECK(exit_code(status) == 0);
}

TEST_CASE("dorm-node start on an address in use says so in one line and exits 1", "[cluster][program][errors]") {
  dorm_test::TempDir folder("dorm_node_test");
  NodeProcess node(DORM_NODE_PROGRAM, first_node(folder));
  node.start(ten_seconds);
  const Finished second = run_dorm_node(
      {"start", "--id", "2", "--address", node.spec().address, "--data", (folder.path() / "node2").string()});
  CHECK(exit_code(second.status) == 1);
  CHECK(second.output == "dorm-node: cannot listen on " + node.spec().address + ": Address already in use\n");
}

TEST_CASE("dorm-node start refuses a host name, a port out of range and a data folder that is a file",
          "[cluster][program][errors]") {
  dorm_test::TempDir folder("dorm_node_test");
  const std::string data = (folder.path() / "node1").string();
  const Finished host = run_dorm_node({"start", "--id", "1", "--address", "localhost:9001", "--data", data});
  CHECK(exit_code(host.status) == 1);
  CHECK(host.output ==
        "dorm-node: --address: 'localhost:9001' is not IPV4:PORT (dqlite 1.11 takes IPv4 addresses, not host "
        "names), e.g. 127.0.0.1:9001\n");
  const Finished port = run_dorm_node({"start", "--id", "1", "--address", "127.0.0.1:70000", "--data", data});
  CHECK(exit_code(port.status) == 1);
  CHECK_THAT(port.output, Catch::StartsWith("dorm-node: --address: '127.0.0.1:70000' is not IPV4:PORT (the port is"));
  const std::string file = folder.file("not-a-folder");
  std::ofstream(file) << "x";
  const Finished not_folder =
      run_dorm_node({"start", "--id", "1", "--address", loopback(free_port()), "--data", file});
  CHECK(exit_code(not_folder.status) == 1);
  CHECK(not_folder.output == "dorm-node: the data folder " + file + " is not a folder\n");
}

TEST_CASE("dorm-node start without its required options or with id 0 is a usage error", "[cluster][program][errors]") {
  const Finished missing = run_dorm_node({"start", "--id", "1"});
  CHECK(exit_code(missing.status) != 0);
  CHECK_THAT(missing.output, Catch::Contains("--address is required"));
  const Finished zero = run_dorm_node({"start", "--id", "0", "--address", "127.0.0.1:9001", "--data", "/tmp/unused"});
  CHECK(exit_code(zero.status) != 0);
  CHECK_THAT(zero.output, Catch::Contains("--id"));
}
