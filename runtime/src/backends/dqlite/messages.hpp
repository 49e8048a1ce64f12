#pragma once
// The requests a dorm client sends and the responses it reads, one function per message type:
// `encode_<request>` returns the whole message (header and body) ready to write; `decode_<response>`
// reads a response body, checking that it holds exactly its fields. ROWS bodies are read by
// RowBatch (row_batch.hpp). Field layouts are dqlite 1.11.1's (src/request.h, src/response.h).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backends/dqlite/protocol.hpp"
#include "backends/dqlite/value.hpp"

namespace dorm::dqlite {

/// A member of the cluster as CLUSTER (and, without a role, LEADER) describes it.
struct NodeInfo {
  std::uint64_t id = 0;
  std::string address;
  Role role = Role::voter;

  friend bool operator==(const NodeInfo&, const NodeInfo&) = default;
};

/// What PREPARE answers: the statement's database and id, and its number of parameters.
struct PreparedStatement {
  std::uint32_t db = 0;
  std::uint32_t id = 0;
  std::uint64_t parameter_count = 0;
};

/// What EXEC and EXEC_SQL answer: SQLite's last insert rowid and change count after the run.
struct ExecResult {
  std::int64_t last_insert_id = 0;
  std::int64_t rows_affected = 0;
};

/// A FAILURE: SQLite's extended code (or dqlite's, from 1000) and the message.
struct Failure {
  std::uint64_t code = 0;
  std::string message;
};

/// One file of a DUMP: its name and bytes.
struct DumpedFile {
  std::string name;
  std::vector<std::byte> bytes;
};

/// A response: its type code and body.
struct Response {
  ResponseType type = ResponseType::empty;
  std::vector<std::byte> body;
};

[[nodiscard]] std::vector<std::byte> encode_leader();
[[nodiscard]] std::vector<std::byte> encode_client(std::uint64_t id);
[[nodiscard]] std::vector<std::byte> encode_open(std::string_view database);
[[nodiscard]] std::vector<std::byte> encode_prepare(std::uint32_t db, std::string_view sql);
[[nodiscard]] std::vector<std::byte> encode_exec(std::uint32_t db, std::uint32_t stmt, std::span<const Value> parameters);
[[nodiscard]] std::vector<std::byte> encode_query(std::uint32_t db, std::uint32_t stmt, std::span<const Value> parameters);
[[nodiscard]] std::vector<std::byte> encode_finalize(std::uint32_t db, std::uint32_t stmt);
[[nodiscard]] std::vector<std::byte> encode_exec_sql(std::uint32_t db, std::string_view sql,
                                                     std::span<const Value> parameters);
[[nodiscard]] std::vector<std::byte> encode_query_sql(std::uint32_t db, std::string_view sql,
                                                      std::span<const Value> parameters);
[[nodiscard]] std::vector<std::byte> encode_interrupt(std::uint32_t db);
[[nodiscard]] std::vector<std::byte> encode_add(std::uint64_t id, std::string_view address);
[[nodiscard]] std::vector<std::byte> encode_assign(std::uint64_t id, Role role);
[[nodiscard]] std::vector<std::byte> encode_remove(std::uint64_t id);
[[nodiscard]] std::vector<std::byte> encode_dump(std::string_view database);
[[nodiscard]] std::vector<std::byte> encode_cluster();

/// SERVER (LEADER's answer): the leader's id and address, id 0 and "" when the node knows of
/// none. The role is voter, the only role that leads.
[[nodiscard]] NodeInfo decode_server(std::span<const std::byte> body);
/// WELCOME (CLIENT's answer): the node's heartbeat timeout in milliseconds.
[[nodiscard]] std::uint64_t decode_welcome(std::span<const std::byte> body);
/// SERVERS (CLUSTER's answer, format with roles).
[[nodiscard]] std::vector<NodeInfo> decode_servers(std::span<const std::byte> body);
/// DB (OPEN's answer): the database id.
[[nodiscard]] std::uint32_t decode_db(std::span<const std::byte> body);
/// STMT (PREPARE's answer).
[[nodiscard]] PreparedStatement decode_stmt(std::span<const std::byte> body);
/// RESULT (EXEC's and EXEC_SQL's answer).
[[nodiscard]] ExecResult decode_result(std::span<const std::byte> body);
/// EMPTY (FINALIZE's, INTERRUPT's, ADD's, ASSIGN's, REMOVE's answer).
void decode_empty(std::span<const std::byte> body);
/// FAILURE.
[[nodiscard]] Failure decode_failure(std::span<const std::byte> body);
/// FILES (DUMP's answer).
[[nodiscard]] std::vector<DumpedFile> decode_files(std::span<const std::byte> body);

/// "FAILURE", "SERVER", ..., or "type 42": the name a message uses.
[[nodiscard]] std::string response_name(ResponseType type);

/// Checks that `response` is of type `expected`: throws the mapped error of a FAILURE (with
/// `sql`, the statement involved, if any) and a ProtocolError for any other type.
void expect(const Response& response, ResponseType expected, std::string_view sql = {});

}  // namespace dorm::dqlite
