#pragma once
// One client connection to one dqlite node: TCP, the handshake (the protocol version, then
// CLIENT, whose WELCOME proves the peer speaks dqlite), and one method per request. Errors:
// a FAILURE is the dorm error SQLite's engine throws for its code; NotLeader, LeadershipLost
// and ConnectionLost (error.hpp) are the cluster's own. dqlite 1.11 serves one database per
// connection (its id is 0), writes and queries only on the leader, opens and prepares anywhere.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "backends/dqlite/messages.hpp"
#include "backends/dqlite/rows.hpp"
#include "backends/dqlite/value.hpp"
#include "backends/dqlite/write_scan.hpp"
#include "dorm/core/milliseconds.hpp"

namespace dorm::dqlite {

class MessageStream;

/// A connection to one node, handshake done. Movable; not thread-safe (one request at a time).
class Client {
 public:
  /// Connects to `address` ("host:port") and shakes hands; `timeout` bounds the connect and
  /// every later wait for the node. Throws ConnectionLost, or ProtocolError when the peer
  /// answers but not as a dqlite node.
  [[nodiscard]] static Client connect(std::string_view address, Milliseconds timeout);
  /// The same, the TCP connect bounded by `connect_timeout` instead (a short one when trying
  /// several nodes in turn).
  [[nodiscard]] static Client connect(std::string_view address, Milliseconds timeout, Milliseconds connect_timeout);

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client();

  /// The node's address, as given to connect().
  [[nodiscard]] const std::string& address() const noexcept;
  /// The heartbeat timeout the node announced in its WELCOME, in milliseconds.
  [[nodiscard]] std::uint64_t heartbeat_timeout() const noexcept { return heartbeat_timeout_; }

  /// The leader as this node knows it (LEADER); nullopt when it knows none (an election is
  /// running, or this node is not a voter).
  [[nodiscard]] std::optional<NodeInfo> leader();
  /// The cluster's members with their roles (CLUSTER).
  [[nodiscard]] std::vector<NodeInfo> cluster();
  /// Adds node `id` at `address` to the cluster as a spare (ADD; on the leader).
  void add(std::uint64_t id, std::string_view address);
  /// Gives node `id` the role `role` (ASSIGN; on the leader).
  void assign(std::uint64_t id, Role role);
  /// Removes node `id` from the cluster (REMOVE; on the leader).
  void remove(std::uint64_t id);

  /// Opens (creating if needed) the database `name` of the cluster; returns its id (OPEN).
  /// One database per connection.
  [[nodiscard]] std::uint32_t open(std::string_view name);
  /// Prepares one statement of `sql` (PREPARE). A second statement after the first is ignored
  /// by the node, as SQLite's prepare does.
  [[nodiscard]] PreparedStatement prepare(std::uint32_t db, std::string_view sql);
  /// Runs a prepared statement with `parameters` (EXEC; on the leader). exec, query and
  /// finalize refuse (MisuseError) a statement id not prepared on this connection; exec and
  /// exec_sql refuse a write with RETURNING, query and query_sql any write: a 1.11 node would
  /// apply the write and fail, or abort (write_scan.hpp).
  ExecResult exec(std::uint32_t db, std::uint32_t stmt, std::span<const Value> parameters = {});
  /// Runs a prepared statement for its rows (QUERY; on the leader).
  [[nodiscard]] Rows query(std::uint32_t db, std::uint32_t stmt, std::span<const Value> parameters = {});
  /// Forgets a prepared statement (FINALIZE).
  void finalize(std::uint32_t db, std::uint32_t stmt);
  /// Runs SQL text, every statement of it; `parameters` go to the first (EXEC_SQL; on the leader).
  ExecResult exec_sql(std::uint32_t db, std::string_view sql, std::span<const Value> parameters = {});
  /// Runs one SQL text for its rows (QUERY_SQL; on the leader).
  [[nodiscard]] Rows query_sql(std::uint32_t db, std::string_view sql, std::span<const Value> parameters = {});
  /// The database's file and WAL as the node holds them (DUMP).
  [[nodiscard]] std::vector<DumpedFile> dump(std::string_view name);

 private:
  explicit Client(std::unique_ptr<MessageStream> stream) noexcept;
  Response round_trip(std::span<const std::byte> message);
  struct Prepared {
    std::string sql;
    WriteScan scan;
  };
  const Prepared& prepared(std::uint32_t stmt) const;
  Rows start_rows(std::span<const std::byte> message, std::string sql);

  // On the heap, so that Rows keep pointing at it when the Client moves.
  std::unique_ptr<MessageStream> stream_;
  std::uint64_t heartbeat_timeout_ = 0;
  // Each prepared statement's SQL and what it does: for error messages, to refuse unknown ids,
  // and to refuse what a 1.11 node cannot run (write_scan.hpp).
  std::unordered_map<std::uint32_t, Prepared> statements_;
};

}  // namespace dorm::dqlite
