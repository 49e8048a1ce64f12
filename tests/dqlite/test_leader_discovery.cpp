// Finding the leader from a list of addresses (runtime/src/backends/dqlite/leader_discovery.hpp),
// and the membership requests dorm-node uses (ADD, ASSIGN, CLUSTER, LEADER), against a
// two-node cluster running in this process.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "backends/dqlite/client.hpp"
#include "backends/dqlite/error.hpp"
#include "backends/dqlite/leader_discovery.hpp"
#include "in_process_node.hpp"

using dorm::Milliseconds;
using dorm::dqlite::Client;
using dorm::dqlite::NodeInfo;
using dorm::dqlite::Role;
using dqlite_test::InProcessNode;

namespace {

// Node 1 leads; node 2 joined through ADD and ASSIGN as a voter, and knows the leader.
struct TwoNodes {
  InProcessNode one{1};
  InProcessNode two{2};

  TwoNodes() {
    Client leader = dqlite_test::client_once_led(one);
    leader.add(2, two.address());
    leader.assign(2, Role::voter);
    // Node 2 learns the leader once the new configuration reaches it.
    (void)dqlite_test::client_once_led(two);
  }
};

}  // namespace

TEST_CASE("ADD and ASSIGN make a second node a voter; CLUSTER lists both, LEADER names node 1",
          "[dqlite][leader_discovery]") {
  TwoNodes cluster;
  Client follower = dqlite_test::client_once_led(cluster.two);
  const auto members = follower.cluster();
  CHECK(members == std::vector<NodeInfo>{{1, cluster.one.address(), Role::voter}, {2, cluster.two.address(), Role::voter}});
  const auto leader = follower.leader();
  REQUIRE(leader);
  CHECK(leader->id == 1);
  CHECK(leader->address == cluster.one.address());
}

TEST_CASE("a write sent to a follower is NotLeader, and the follower still serves", "[dqlite][leader_discovery]") {
  TwoNodes cluster;
  Client follower = dqlite_test::client_once_led(cluster.two);
  const auto db = follower.open("app.db");
  CHECK_THROWS_MATCHES(follower.exec_sql(db, "CREATE TABLE t (x)"), dorm::dqlite::NotLeader,
                       Catch::Message("[dorm.dqlite.not_leader] not leader\n  in: CREATE TABLE t (x)"));
  CHECK(follower.leader()->id == 1);
}

TEST_CASE("the leader is found through a follower when the first address is down", "[dqlite][leader_discovery]") {
  TwoNodes cluster;
  const std::vector<std::string> addresses = {dqlite_test::free_address(), cluster.two.address()};
  Client leader = dorm::dqlite::connect_to_leader(addresses, Milliseconds(5000));
  CHECK(leader.address() == cluster.one.address());
  const auto db = leader.open("app.db");
  leader.exec_sql(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
  auto rows = leader.query_sql(db, "SELECT x FROM t");
  REQUIRE(rows.next());
  CHECK(rows[0].integer() == 1);
}

TEST_CASE("the leader's own address in the list is used directly", "[dqlite][leader_discovery]") {
  TwoNodes cluster;
  const std::vector<std::string> addresses = {cluster.one.address()};
  CHECK(dorm::dqlite::connect_to_leader(addresses, Milliseconds(5000)).address() == cluster.one.address());
}

TEST_CASE("REMOVE takes a node out of the cluster", "[dqlite][leader_discovery]") {
  TwoNodes cluster;
  Client leader = dqlite_test::client_once_led(cluster.one);
  leader.remove(2);
  CHECK(leader.cluster() == std::vector<NodeInfo>{{1, cluster.one.address(), Role::voter}});
}

TEST_CASE("ADD on a follower is NotLeader", "[dqlite][leader_discovery]") {
  TwoNodes cluster;
  Client follower = dqlite_test::client_once_led(cluster.two);
  CHECK_THROWS_AS(follower.add(3, "127.0.0.1:1"), dorm::dqlite::NotLeader);
}

TEST_CASE("no reachable node is NoLeader after the timeout, naming each address", "[dqlite][leader_discovery]") {
  const std::vector<std::string> addresses = {dqlite_test::free_address(), dqlite_test::free_address()};
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(dorm::dqlite::connect_to_leader(addresses, Milliseconds(300)), dorm::dqlite::NoLeader);
  CHECK_THROWS_WITH(dorm::dqlite::connect_to_leader(addresses, Milliseconds(300)),
                       (Catch::StartsWith("[dorm.dqlite.no_leader] no leader found within 300 ms:\n  " +
                                                        addresses[0] + ": [dorm.dqlite.connection_lost] " +
                                                        addresses[0] + ": connect: Connection refused")));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));  // bounded, not hanging
}

TEST_CASE("an address list that is empty or holds no host:port is refused at once", "[dqlite][leader_discovery]") {
  CHECK_THROWS_WITH(dorm::dqlite::connect_to_leader({}, Milliseconds(100)),
                    Catch::Contains("[dorm.dqlite.address] no node address"));
  const std::vector<std::string> bad = {"127.0.0.1"};
  CHECK_THROWS_WITH(dorm::dqlite::connect_to_leader(bad, Milliseconds(100)),
                    "[dorm.dqlite.address] '127.0.0.1' is not a node address (host:port): no ':port'");
}
