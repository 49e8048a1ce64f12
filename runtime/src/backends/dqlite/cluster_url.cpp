#include "backends/dqlite/cluster_url.hpp"

#include <cctype>

#include "backends/dqlite/socket.hpp"
#include "dorm/core/error.hpp"

namespace dorm::dqlite {

namespace {

constexpr std::string_view scheme = "dqlite://";

[[noreturn]] void refuse(std::string_view text, const std::string& why) {
  throw Error("[dorm.dqlite.url] '" + std::string(text) + "' is not a dqlite address (dqlite://host:port,.../name): " +
              why);
}

}  // namespace

bool is_cluster_url(std::string_view text) noexcept {
  if (text.size() < scheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != scheme[i]) return false;
  }
  return true;
}

ClusterUrl parse_cluster_url(std::string_view text) {
  if (!is_cluster_url(text)) refuse(text, "it does not start with dqlite://");
  const std::string_view rest = text.substr(scheme.size());
  // The database follows the first '/' after the node list (IPv6 hosts hold ':' but no '/').
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) refuse(text, "no /name of the database after the nodes");
  const std::string_view nodes = rest.substr(0, slash);
  const std::string_view database = rest.substr(slash + 1);
  ClusterUrl url;
  if (nodes.empty()) refuse(text, "no node before the /name");
  std::size_t start = 0;
  while (start <= nodes.size()) {
    const std::size_t comma = nodes.find(',', start);
    const std::string_view node = nodes.substr(start, comma == std::string_view::npos ? nodes.npos : comma - start);
    if (node.empty()) refuse(text, "an empty node at character " + std::to_string(scheme.size() + start + 1));
    try {
      (void)split_address(node);
    } catch (const Error& e) {
      refuse(text, "node '" + std::string(node) + "': " + e.what());
    }
    url.nodes.emplace_back(node);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (database.empty()) refuse(text, "the database name after '/' is empty");
  if (database == "." || database == "..") refuse(text, "the database name is '" + std::string(database) + "'");
  for (const char c : database) {
    if (c == '/' || c == '\\' || std::iscntrl(static_cast<unsigned char>(c)) != 0) {
      refuse(text, "the database name holds '" + (std::iscntrl(static_cast<unsigned char>(c)) != 0
                                                      ? "\\x" + std::to_string(static_cast<int>(c))
                                                      : std::string(1, c)) +
                       "' (a name, not a path)");
    }
  }
  url.database = std::string(database);
  return url;
}

}  // namespace dorm::dqlite
