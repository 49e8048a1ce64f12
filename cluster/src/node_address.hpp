#pragma once
// Node addresses as dqlite 1.11 takes them: "IPV4:PORT", one or a comma-separated list.
#include <string>
#include <string_view>
#include <vector>

namespace dorm_node {

/// Throws std::invalid_argument ("<what>: '<address>' is not IPV4:PORT ...") unless `address`
/// is an IPv4 address and a port 1-65535; dqlite 1.11 binds and connects to IPv4 only.
void check_node_address(std::string_view address, std::string_view what);

/// The addresses of "a:1,b:2" (spaces around commas allowed), each checked; throws
/// std::invalid_argument for an empty list or a bad address.
std::vector<std::string> split_node_addresses(std::string_view list, std::string_view what);

/// "a:1,b:2": the addresses as one comma-separated list, for messages and command lines.
std::string join_node_addresses(const std::vector<std::string>& addresses);

}  // namespace dorm_node
