#pragma once
// The numbers of dqlite's wire protocol as version 1.11 speaks it (Debian 12's libdqlite): the
// handshake's protocol version, request and response type codes, the row batch markers, node
// roles and the type codes of values. Checked against dqlite 1.11.1's src/protocol.h and
// src/gateway.c; later versions add request schemas dorm does not send.
#include <cstdint>

namespace dorm::dqlite {

/// The 8 bytes a client sends first: the protocol version it speaks.
inline constexpr std::uint64_t protocol_version = 1;

/// A message's type code as a client sends it.
enum class RequestType : std::uint8_t {
  leader = 0,      // which node leads: SERVER
  client = 1,      // register the client: WELCOME
  heartbeat = 2,   // not answered by 1.11 (its gateway has no handler): never sent
  open = 3,        // open a database by name: DB
  prepare = 4,     // prepare one statement: STMT
  exec = 5,        // run a prepared statement: RESULT
  query = 6,       // run a prepared statement for rows: ROWS, ROWS, ...
  finalize = 7,    // forget a prepared statement: EMPTY
  exec_sql = 8,    // run SQL text (several statements): RESULT
  query_sql = 9,   // run one SQL text for rows: ROWS, ...
  interrupt = 10,  // stop a query: EMPTY
  add = 12,        // add a node to the cluster: EMPTY
  assign = 13,     // give a node a role: EMPTY
  remove = 14,     // remove a node: EMPTY
  dump = 15,       // the database's files: FILES
  cluster = 16,    // the members: SERVERS
};

/// A message's type code as a node answers.
enum class ResponseType : std::uint8_t {
  failure = 0,  // SQLite (extended) code and message
  server = 1,   // id and address of a node (SERVER_LEGACY, pre-1.0, has the same code)
  welcome = 2,  // heartbeat timeout
  servers = 3,  // a list of nodes
  db = 4,       // a database id
  stmt = 5,     // a statement id and its parameter count
  result = 6,   // last insert id and rows affected
  rows = 7,     // column names and a batch of rows
  empty = 8,    // nothing
  files = 9,    // named byte strings (DUMP)
};

/// The word ending a ROWS message when more batches follow (the node sends them unasked).
inline constexpr std::uint64_t rows_part_marker = 0xeeeeeeeeeeeeeeeeULL;
/// The word ending the last ROWS message of a result.
inline constexpr std::uint64_t rows_done_marker = 0xffffffffffffffffULL;

/// CLUSTER's format asking for id, address and role of each node.
inline constexpr std::uint64_t cluster_format_with_roles = 1;

/// A node's part in the cluster: voters elect the leader and replicate; standbys replicate
/// without voting; spares only stand by.
enum class Role : std::uint64_t { voter = 0, standby = 1, spare = 2 };

/// "voter", "standby" or "spare".
constexpr const char* role_name(Role role) noexcept {
  switch (role) {
    case Role::voter: return "voter";
    case Role::standby: return "standby";
    case Role::spare: return "spare";
  }
  return "unknown";
}

/// The type code of one value in a tuple: SQLite's five storage classes and dqlite's three
/// column-declared ones (what a node sends for a column declared DATETIME/DATE/TIMESTAMP or
/// BOOLEAN).
enum class WireType : std::uint8_t {
  integer = 1,
  real = 2,
  text = 3,
  blob = 4,
  null = 5,
  unixtime = 9,  // an INTEGER in a DATETIME/DATE/TIMESTAMP column: seconds since the epoch
  iso8601 = 10,  // TEXT (or NULL, sent as "") in a DATETIME/DATE/TIMESTAMP column
  boolean = 11,  // a value in a BOOLEAN column, as 0 or 1
};

/// The extended SQLite codes dqlite adds for leadership (SQLITE_IOERR with 40 and 41 above).
/// NOT_LEADER: the node refused before running anything; LEADERSHIP_LOST: the node lost
/// leadership while a write was being replicated, so whether it commits is unknown.
inline constexpr std::uint64_t code_not_leader = 10 | (40 << 8);
inline constexpr std::uint64_t code_leadership_lost = 10 | (41 << 8);

}  // namespace dorm::dqlite
