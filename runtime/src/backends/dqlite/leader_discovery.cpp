#include "backends/dqlite/leader_discovery.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/socket.hpp"

namespace dorm::dqlite {

namespace {

using Clock = std::chrono::steady_clock;

// Between rounds: long enough not to spin while an election runs, short next to one.
constexpr std::chrono::milliseconds pause_between_rounds{50};
// The least time one connect attempt gets, however many addresses share the time left.
constexpr std::int64_t least_attempt_ms = 100;

Milliseconds left_until(Clock::time_point deadline) {
  return Milliseconds(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
}

// A client of `address` if that node says it leads; else nullopt, with `note` saying why.
std::optional<Client> try_node(const std::string& address, Milliseconds attempt, Milliseconds timeout,
                               std::string& note) {
  try {
    Client client = Client::connect(address, timeout, attempt);
    const std::optional<NodeInfo> leader = client.leader();
    if (!leader) {
      note = "knows no leader";
      return std::nullopt;
    }
    if (leader->address == address) return client;
    // The node named another: its own word counts only if it names itself.
    Client other = Client::connect(leader->address, timeout, attempt);
    const std::optional<NodeInfo> confirmed = other.leader();
    if (confirmed && confirmed->address == leader->address) return other;
    note = "named " + leader->address + " as leader, which does not say it leads";
  } catch (const Unavailable& e) {
    note = e.what();
  } catch (const ProtocolError& e) {
    note = e.what();
  }
  return std::nullopt;
}

}  // namespace

Client connect_to_leader(std::span<const std::string> addresses, Milliseconds timeout) {
  if (addresses.empty()) throw Error("[dorm.dqlite.address] no node address given to look for the leader");
  for (const std::string& address : addresses) (void)split_address(address);  // bad forms fail now, not late
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout.count());
  std::vector<std::string> notes(addresses.size());
  do {
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      const Milliseconds left = left_until(deadline);
      if (left.count() <= 0) break;
      const auto share = std::max(least_attempt_ms, left.count() / static_cast<std::int64_t>(addresses.size()));
      if (std::optional<Client> leader = try_node(addresses[i], Milliseconds(std::min(share, left.count())), timeout,
                                                  notes[i])) {
        return std::move(*leader);
      }
    }
    std::this_thread::sleep_for(std::min(pause_between_rounds, std::chrono::milliseconds(std::max<std::int64_t>(
                                                                   0, left_until(deadline).count()))));
  } while (left_until(deadline).count() > 0);
  std::string message = "[dorm.dqlite.no_leader] no leader found within " + std::to_string(timeout.count()) + " ms:";
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    message += "\n  " + addresses[i] + ": " + (notes[i].empty() ? "not tried (no time left)" : notes[i]);
  }
  throw NoLeader(message);
}

}  // namespace dorm::dqlite
