#pragma once
// The address of a database on a dqlite cluster as one string, the form
// Database::connect will take next to SQLite file names:
//   dqlite://host1:9001,host2:9001,[::1]:9003/app.db
// the nodes to ask for the leader (any of them may be down), then the database's name, which
// the cluster keeps among its other databases.
#include <string>
#include <string_view>
#include <vector>

namespace dorm::dqlite {

/// A parsed dqlite:// address.
struct ClusterUrl {
  std::vector<std::string> nodes;  ///< "host:port" each, in the order written
  std::string database;            ///< the database's name on the cluster

  friend bool operator==(const ClusterUrl&, const ClusterUrl&) = default;
};

/// Whether `text` starts with "dqlite://" (any letter case): a cluster, not a file name.
[[nodiscard]] bool is_cluster_url(std::string_view text) noexcept;

/// Parses `text`; throws dorm::Error [dorm.dqlite.url] saying what is wrong and where: no
/// "dqlite://", no node, an empty node between commas, a node that is not host:port (the
/// address rules of split_address), no "/database", a database name that is empty, "." or "..",
/// or holds '/', '\\' or a control character.
[[nodiscard]] ClusterUrl parse_cluster_url(std::string_view text);

}  // namespace dorm::dqlite
