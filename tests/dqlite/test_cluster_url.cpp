// dqlite:// addresses (runtime/src/backends/dqlite/cluster_url.hpp): the nodes to find the
// leader through and the database's name on the cluster.
#include <catch2/catch.hpp>

#include "backends/dqlite/cluster_url.hpp"
#include "dorm/core/error.hpp"

using dorm::dqlite::ClusterUrl;
using dorm::dqlite::parse_cluster_url;

TEST_CASE("a dqlite address names the nodes in order and the database", "[dqlite][cluster_url]") {
  CHECK(parse_cluster_url("dqlite://h1:9001,h2:9001,h3:9001/app.db") ==
        ClusterUrl{{"h1:9001", "h2:9001", "h3:9001"}, "app.db"});
  CHECK(parse_cluster_url("dqlite://127.0.0.1:9001/tenant-42") == ClusterUrl{{"127.0.0.1:9001"}, "tenant-42"});
  CHECK(parse_cluster_url("DQLITE://[::1]:9001,[fe80::1]:9002/x") == ClusterUrl{{"[::1]:9001", "[fe80::1]:9002"}, "x"});
}

TEST_CASE("only dqlite:// addresses are cluster addresses", "[dqlite][cluster_url]") {
  CHECK(dorm::dqlite::is_cluster_url("dqlite://h:1/x"));
  CHECK(dorm::dqlite::is_cluster_url("Dqlite://h:1/x"));
  CHECK_FALSE(dorm::dqlite::is_cluster_url("app.db"));
  CHECK_FALSE(dorm::dqlite::is_cluster_url("file:app.db"));
  CHECK_FALSE(dorm::dqlite::is_cluster_url("dqlite:/h:1/x"));
}

TEST_CASE("a malformed dqlite address says what is wrong", "[dqlite][cluster_url]") {
  CHECK_THROWS_WITH(parse_cluster_url("app.db"), Catch::Contains("it does not start with dqlite://"));
  CHECK_THROWS_WITH(parse_cluster_url("dqlite://h1:9001"), Catch::Contains("no /name of the database"));
  CHECK_THROWS_WITH(parse_cluster_url("dqlite:///app.db"), Catch::Contains("no node before the /name"));
  CHECK_THROWS_WITH(parse_cluster_url("dqlite://h1:9001,,h2:9001/app.db"),
                    Catch::Contains("an empty node at character 18"));
  CHECK_THROWS_WITH(parse_cluster_url("dqlite://h1:9001,h2/app.db"),
                    Catch::Contains("node 'h2': [dorm.dqlite.address] 'h2' is not a node address (host:port): no ':port'"));
  CHECK_THROWS_WITH(parse_cluster_url("dqlite://h1:9001/"), Catch::Contains("the database name after '/' is empty"));
  CHECK_THROWS_WITH(parse_cluster_url("dqlite://h1:9001/.."), Catch::Contains("the database name is '..'"));
  CHECK_THROWS_WITH(parse_cluster_url("dqlite://h1:9001/a/b.db"), Catch::Contains("holds '/' (a name, not a path)"));
  CHECK_THROWS_AS(parse_cluster_url(std::string("dqlite://h1:9001/a\nb", 20)), dorm::Error);
}
