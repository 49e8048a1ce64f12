#include "backends/dqlite/client.hpp"

#include <array>

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/message_stream.hpp"
#include "backends/dqlite/protocol.hpp"
#include "backends/dqlite/row_batch.hpp"
#include "backends/dqlite/socket.hpp"
#include "backends/dqlite/wire.hpp"

namespace dorm::dqlite {

Client::Client(std::unique_ptr<MessageStream> stream) noexcept : stream_(std::move(stream)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Client Client::connect(std::string_view address, Milliseconds timeout) { return connect(address, timeout, timeout); }

Client Client::connect(std::string_view address, Milliseconds timeout, Milliseconds connect_timeout) {
  auto stream = std::make_unique<MessageStream>(Socket::connect(address, connect_timeout), timeout);
  Writer version;
  version.put_uint64(protocol_version);
  Client client(std::move(stream));
  // A node that does not speak this version closes the connection (1.11 sends no error), which
  // surfaces here as ConnectionLost; a peer that is no dqlite node answers garbage.
  client.stream_->send(version.bytes());
  const Response welcome = client.round_trip(encode_client(0));
  expect(welcome, ResponseType::welcome);
  client.heartbeat_timeout_ = decode_welcome(welcome.body);
  return client;
}

const std::string& Client::address() const noexcept { return stream_->address(); }

Response Client::round_trip(std::span<const std::byte> message) {
  stream_->send(message);
  return stream_->receive();
}

const Client::Prepared& Client::prepared(std::uint32_t stmt) const {
  const auto found = statements_.find(stmt);
  // A dqlite 1.11 node crashes (a NULL read in its statement registry) on the id of a statement
  // it finalized: refuse any id this connection does not hold prepared before it is sent.
  if (found == statements_.end()) {
    throw MisuseError("[dorm.misuse.dqlite_statement] statement " + std::to_string(stmt) +
                      " is not prepared on this connection to " + address() + " (finalized, or never prepared)");
  }
  return found->second;
}

namespace {

void refuse_write_query(std::string_view sql, const WriteScan& scan) {
  if (scan.writes) {
    throw MisuseError("[dorm.dqlite.write_query] '" + std::string(sql) +
                      "' writes, and a dqlite 1.11 node aborts on a write run as a query: run it with exec (without "
                      "RETURNING)");
  }
}

void refuse_returning_exec(std::string_view sql, const WriteScan& scan) {
  if (scan.write_returns_rows) {
    throw MisuseError("[dorm.dqlite.returning] '" + std::string(sql) +
                      "' returns rows of a write (RETURNING), which dqlite 1.11 cannot: run as exec it is applied "
                      "and then reported failed, run as a query its node aborts; write without RETURNING and read "
                      "the row back");
  }
}

}  // namespace

std::optional<NodeInfo> Client::leader() {
  const Response response = round_trip(encode_leader());
  expect(response, ResponseType::server);
  NodeInfo node = decode_server(response.body);
  if (node.id == 0 || node.address.empty()) return std::nullopt;
  return node;
}

std::vector<NodeInfo> Client::cluster() {
  const Response response = round_trip(encode_cluster());
  expect(response, ResponseType::servers);
  return decode_servers(response.body);
}

void Client::add(std::uint64_t id, std::string_view address) {
  const Response response = round_trip(encode_add(id, address));
  expect(response, ResponseType::empty);
  decode_empty(response.body);
}

void Client::assign(std::uint64_t id, Role role) {
  const Response response = round_trip(encode_assign(id, role));
  expect(response, ResponseType::empty);
  decode_empty(response.body);
}

void Client::remove(std::uint64_t id) {
  const Response response = round_trip(encode_remove(id));
  expect(response, ResponseType::empty);
  decode_empty(response.body);
}

std::uint32_t Client::open(std::string_view name) {
  const Response response = round_trip(encode_open(name));
  expect(response, ResponseType::db);
  return decode_db(response.body);
}

PreparedStatement Client::prepare(std::uint32_t db, std::string_view sql) {
  const Response response = round_trip(encode_prepare(db, sql));
  expect(response, ResponseType::stmt, sql);
  const PreparedStatement stmt = decode_stmt(response.body);
  statements_[stmt.id] = Prepared{std::string(sql), scan_writes(sql)};
  return stmt;
}

ExecResult Client::exec(std::uint32_t db, std::uint32_t stmt, std::span<const Value> parameters) {
  const Prepared& statement = prepared(stmt);
  refuse_returning_exec(statement.sql, statement.scan);
  const Response response = round_trip(encode_exec(db, stmt, parameters));
  expect(response, ResponseType::result, statement.sql);
  return decode_result(response.body);
}

Rows Client::start_rows(std::span<const std::byte> message, std::string sql) {
  Response response = round_trip(message);
  if (response.type == ResponseType::failure) {
    const Failure failure = decode_query_failure(response.body);
    throw_failure(failure.code, failure.message, sql);
  }
  expect(response, ResponseType::rows, sql);
  return Rows(*stream_, stream_->begin_result(), std::move(response.body), std::move(sql));
}

Rows Client::query(std::uint32_t db, std::uint32_t stmt, std::span<const Value> parameters) {
  const Prepared& statement = prepared(stmt);
  refuse_write_query(statement.sql, statement.scan);
  return start_rows(encode_query(db, stmt, parameters), statement.sql);
}

void Client::finalize(std::uint32_t db, std::uint32_t stmt) {
  const std::string sql = prepared(stmt).sql;
  const Response response = round_trip(encode_finalize(db, stmt));
  expect(response, ResponseType::empty, sql);
  decode_empty(response.body);
  statements_.erase(stmt);
}

ExecResult Client::exec_sql(std::uint32_t db, std::string_view sql, std::span<const Value> parameters) {
  refuse_returning_exec(sql, scan_writes(sql));
  const Response response = round_trip(encode_exec_sql(db, sql, parameters));
  expect(response, ResponseType::result, sql);
  return decode_result(response.body);
}

Rows Client::query_sql(std::uint32_t db, std::string_view sql, std::span<const Value> parameters) {
  refuse_write_query(sql, scan_writes(sql));
  return start_rows(encode_query_sql(db, sql, parameters), std::string(sql));
}

std::vector<DumpedFile> Client::dump(std::string_view name) {
  const Response response = round_trip(encode_dump(name));
  expect(response, ResponseType::files);
  return decode_files(response.body);
}

}  // namespace dorm::dqlite
