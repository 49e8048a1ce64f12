// IPV4:PORT checks: see node_address.hpp.
#include "node_address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <stdexcept>

namespace dorm_node {

void check_node_address(std::string_view address, std::string_view what) {
  const auto fail = [&](const std::string& why) {
    throw std::invalid_argument(std::string(what) + ": '" + std::string(address) + "' is not IPV4:PORT (" + why +
                                "), e.g. 127.0.0.1:9001");
  };
  const auto colon = address.rfind(':');
  if (colon == std::string_view::npos) fail("no port");
  const std::string host(address.substr(0, colon));
  in_addr parsed{};
  if (::inet_pton(AF_INET, host.c_str(), &parsed) != 1) fail("dqlite 1.11 takes IPv4 addresses, not host names");
  const std::string_view port = address.substr(colon + 1);
  unsigned value = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || error != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) {
    fail("the port is a number from 1 to 65535");
  }
}

std::vector<std::string> split_node_addresses(std::string_view list, std::string_view what) {
  std::vector<std::string> addresses;
  std::size_t start = 0;
  for (;;) {
    const auto comma = list.find(',', start);
    std::string_view item = list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      check_node_address(item, what);
      addresses.emplace_back(item);
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (addresses.empty()) throw std::invalid_argument(std::string(what) + ": no address given");
  return addresses;
}

std::string join_node_addresses(const std::vector<std::string>& addresses) {
  std::string list;
  for (const std::string& address : addresses) list += (list.empty() ? "" : ",") + address;
  return list;
}

}  // namespace dorm_node
