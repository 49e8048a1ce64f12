// Three dorm-node processes as a cluster (ClusterFixture): it forms, dorm-node members reports
// it, a killed leader is replaced, a killed node comes back, and joining fails cleanly when no
// cluster answers.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "../crash/child_process.hpp"
#include "../temp_dir.hpp"
#include "cluster_fixture.hpp"
#include "dorm_node_run.hpp"
#include "free_port.hpp"

using dorm_cluster_test::ClusterFixture;
using dorm_cluster_test::free_port;
using dorm_cluster_test::run_dorm_node;
using dorm_cluster_test::NodeProcess;
using dorm_cluster_test::NodeSpec;
using dorm_crash::ChildProcess;
namespace dqlite = dorm::dqlite;

namespace {

const auto ten_seconds = std::chrono::milliseconds(10'000);
const auto thirty_seconds = std::chrono::milliseconds(30'000);  // a members run may wait for an election

int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

std::string joined(const std::vector<std::string>& addresses) {
  std::string list;
  for (const std::string& address : addresses) list += (list.empty() ? "" : ",") + address;
  return list;
}

// dorm-node members' lines for `members`, with `leader` marked, as the program prints them.
std::string members_text(const std::vector<dqlite::NodeInfo>& members, std::uint64_t leader) {
  std::string text;
  for (const auto& member : members) {
    text += std::to_string(member.id) + " " + member.address + " " + dqlite::role_name(member.role) +
            (member.id == leader ? " leader" : "") + "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("three dorm-node processes form a cluster of three voters, a restarted one stays a member, and members "
          "marks the one leader",
          "[cluster][fixture]") {
  ClusterFixture cluster;
  const auto members = cluster.members();
  REQUIRE(members.size() == 3);
  for (std::uint64_t id = 1; id <= 3; ++id) {
    CHECK(members[id - 1].id == id);
    CHECK(members[id - 1].address == cluster.node(id).spec().address);
    CHECK(members[id - 1].role == dqlite::Role::voter);
  }
  CHECK_THAT(cluster.node(1).started_line(), Catch::Contains("bootstrapped a new cluster"));
  CHECK_THAT(cluster.node(2).started_line(),
             Catch::Contains("joined through " + cluster.node(1).spec().address + " as voter"));

  // Node 3 killed and started again with the same --join: already a member, nothing to do.
  cluster.kill(3);
  cluster.restart(3);
  CHECK_THAT(cluster.node(3).started_line(), Catch::Contains("(already a member, voter)"));

  const auto leader = cluster.wait_for_leader();
  // Asked through the last address only: any member finds the leader.
  const auto printed = run_dorm_node({"members", "--cluster", cluster.addresses().back()}, thirty_seconds);
  CHECK(exit_code(printed.status) == 0);
  CHECK(printed.output == members_text(members, leader.id));
}

TEST_CASE("killing the leader with SIGKILL elects a new leader among the other two", "[cluster][fixture][failover]") {
  ClusterFixture cluster;
  const auto old_leader = cluster.wait_for_leader();
  cluster.kill(old_leader.id);
  const auto new_leader = cluster.wait_for_leader(old_leader.id);
  CHECK(new_leader.id != old_leader.id);
  CHECK(cluster.node(new_leader.id).running());
  // dorm-node logs the change of leader it sees.
  const std::string view = "leader is node " + std::to_string(new_leader.id) + " at " + new_leader.address;
  CHECK(cluster.node(new_leader.id).wait_for_line(view, ten_seconds).has_value());
  // The dead node stays a member; the two left are a majority of three, so they elected a leader.
  const auto printed = run_dorm_node({"members", "--cluster", joined(cluster.addresses())}, thirty_seconds);
  CHECK(exit_code(printed.status) == 0);
  CHECK(printed.output == members_text(cluster.members(), new_leader.id));

  SECTION("started again on its data, the killed node is a member as before, --join doing nothing") {
    cluster.restart(old_leader.id);
    if (old_leader.id != 1) {
      CHECK_THAT(cluster.node(old_leader.id).started_line(), Catch::Contains("already a member, voter"));
    }
    const auto waited = run_dorm_node({"members", "--cluster", cluster.node(old_leader.id).spec().address,
                                       "--wait-voters", "3"}, thirty_seconds);
    CHECK(exit_code(waited.status) == 0);
    CHECK(std::count(waited.output.begin(), waited.output.end(), '\n') == 3);
  }
}

TEST_CASE("a node left without a majority logs that it knows no leader and still stops cleanly on SIGTERM",
          "[cluster][fixture]") {
  ClusterFixture cluster;
  cluster.kill(1);
  cluster.kill(2);
  CHECK(cluster.node(3).wait_for_line("node 3: no leader known", ten_seconds).has_value());
  const int status = cluster.node(3).stop(ten_seconds, SIGTERM);
  CHECK(WIFEXITED(status));
  CHECK(exit_code(status) == 0);
}

TEST_CASE("a node joins as a standby with --role standby", "[cluster][fixture]") {
  ClusterFixture cluster;
  dorm_test::TempDir folder("dorm_cluster_test");
  NodeProcess standby(DORM_NODE_PROGRAM, NodeSpec{4, "127.0.0.1:" + std::to_string(free_port()),
                                                  folder.path() / "node4", cluster.addresses(), 50, "standby"});
  standby.start(ten_seconds);
  CHECK_THAT(standby.started_line(), Catch::Contains("as standby"));
  const auto members = cluster.members();
  REQUIRE(members.size() == 4);
  CHECK(members[3].id == 4);
  CHECK(members[3].role == dqlite::Role::standby);
}

TEST_CASE("dorm-node members and start --join with no reachable node give up in time with one line, exit 1",
          "[cluster][program][errors]") {
  const std::string nowhere = "127.0.0.1:" + std::to_string(free_port());
  const auto members = run_dorm_node({"members", "--cluster", nowhere, "--timeout-ms", "300"}, thirty_seconds);
  CHECK(exit_code(members.status) == 1);
  CHECK_THAT(members.output, Catch::StartsWith("dorm-node: no leader answered through " + nowhere + " within 300 ms"));
  CHECK(std::count(members.output.begin(), members.output.end(), '\n') == 1);

  dorm_test::TempDir folder("dorm_cluster_test");
  const auto join = run_dorm_node({"start", "--id", "2", "--address", "127.0.0.1:" + std::to_string(free_port()),
                                   "--data", (folder.path() / "node2").string(), "--join", nowhere,
                                   "--join-timeout-ms", "300"}, thirty_seconds);
  CHECK(exit_code(join.status) == 1);
  // The node's "listening, joining" line, then the one error line.
  const auto error_line = join.output.find("\ndorm-node: cannot join the cluster of " + nowhere + " within 300 ms: ");
  CHECK(error_line != std::string::npos);
  CHECK(std::count(join.output.begin(), join.output.end(), '\n') == 2);
}

TEST_CASE("SIGTERM while dorm-node is still trying to join stops it cleanly before its join timeout",
          "[cluster][program]") {
  dorm_test::TempDir folder("dorm_cluster_test");
  const std::string nowhere = "127.0.0.1:" + std::to_string(free_port());
  ChildProcess child(DORM_NODE_PROGRAM, {"start", "--id", "2", "--address", "127.0.0.1:" + std::to_string(free_port()),
                                         "--data", (folder.path() / "node2").string(), "--join", nowhere,
                                         "--join-timeout-ms", "600000"});
  const auto joining = child.read_line(ChildProcess::Clock::now() + ten_seconds);
  REQUIRE(joining.has_value());
  CHECK_THAT(*joining, Catch::Contains("listening, joining the cluster of " + nowhere));
  REQUIRE(::kill(child.pid(), SIGTERM) == 0);
  // Far less than the ten minutes of --join-timeout-ms: a join attempt lasts a few seconds.
  const int status = child.reap(std::chrono::seconds(20));
  CHECK(exit_code(status) == 0);
}

TEST_CASE("dorm-node start refuses --join for node 1 and --role without --join", "[cluster][program][errors]") {
  dorm_test::TempDir folder("dorm_cluster_test");
  const std::string data = (folder.path() / "node1").string();
  const auto first = run_dorm_node({"start", "--id", "1", "--address", "127.0.0.1:9001", "--data", data, "--join",
                                    "127.0.0.1:9002"}, thirty_seconds);
  CHECK(exit_code(first.status) == 1);
  CHECK(first.output ==
        "dorm-node: node 1 bootstraps a new cluster; a node joining one (--join) needs another id\n");
  const auto role =
      run_dorm_node({"start", "--id", "2", "--address", "127.0.0.1:9001", "--data", data, "--role", "spare"}, thirty_seconds);
  CHECK(exit_code(role.status) != 0);
  CHECK_THAT(role.output, Catch::Contains("--role requires --join"));
}
