#include "backends/dqlite/messages.hpp"

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/tuple.hpp"
#include "backends/dqlite/wire.hpp"

namespace dorm::dqlite {

namespace {

std::vector<std::byte> request(RequestType type, const Writer& body) {
  return frame(static_cast<std::uint8_t>(type), body.bytes());
}

std::vector<std::byte> statement_request(RequestType type, std::uint32_t db, std::uint32_t stmt,
                                         std::span<const Value> parameters) {
  Writer body;
  body.put_uint32(db);
  body.put_uint32(stmt);
  encode_parameters(body, parameters);
  return request(type, body);
}

std::vector<std::byte> sql_request(RequestType type, std::uint32_t db, std::string_view sql,
                                   std::span<const Value> parameters) {
  Writer body;
  body.put_uint64(db);
  body.put_text(sql, "the SQL text");
  encode_parameters(body, parameters);
  return request(type, body);
}

std::vector<std::byte> id_request(RequestType type, std::uint64_t id) {
  Writer body;
  body.put_uint64(id);
  return request(type, body);
}

Role role_of(std::uint64_t code, std::size_t at) {
  if (code > static_cast<std::uint64_t>(Role::spare)) {
    throw_protocol_error("garbled message: the node at byte " + std::to_string(at) + " of SERVERS has role " +
                         std::to_string(code) + ", which is no dqlite role");
  }
  return static_cast<Role>(code);
}

}  // namespace

std::vector<std::byte> encode_leader() { return id_request(RequestType::leader, 0); }
std::vector<std::byte> encode_client(std::uint64_t id) { return id_request(RequestType::client, id); }

std::vector<std::byte> encode_open(std::string_view database) {
  Writer body;
  body.put_text(database, "the database name");
  body.put_uint64(0);               // flags: 1.11 ignores them
  body.put_text("volatile", "vfs");  // the VFS name go-dqlite sends; 1.11 ignores it
  return request(RequestType::open, body);
}

std::vector<std::byte> encode_prepare(std::uint32_t db, std::string_view sql) {
  return sql_request(RequestType::prepare, db, sql, {});
}

std::vector<std::byte> encode_exec(std::uint32_t db, std::uint32_t stmt, std::span<const Value> parameters) {
  return statement_request(RequestType::exec, db, stmt, parameters);
}

std::vector<std::byte> encode_query(std::uint32_t db, std::uint32_t stmt, std::span<const Value> parameters) {
  return statement_request(RequestType::query, db, stmt, parameters);
}

std::vector<std::byte> encode_finalize(std::uint32_t db, std::uint32_t stmt) {
  return statement_request(RequestType::finalize, db, stmt, {});
}

std::vector<std::byte> encode_exec_sql(std::uint32_t db, std::string_view sql, std::span<const Value> parameters) {
  return sql_request(RequestType::exec_sql, db, sql, parameters);
}

std::vector<std::byte> encode_query_sql(std::uint32_t db, std::string_view sql, std::span<const Value> parameters) {
  return sql_request(RequestType::query_sql, db, sql, parameters);
}

std::vector<std::byte> encode_interrupt(std::uint32_t db) { return id_request(RequestType::interrupt, db); }

std::vector<std::byte> encode_add(std::uint64_t id, std::string_view address) {
  Writer body;
  body.put_uint64(id);
  body.put_text(address, "the node address");
  return request(RequestType::add, body);
}

std::vector<std::byte> encode_assign(std::uint64_t id, Role role) {
  Writer body;
  body.put_uint64(id);
  body.put_uint64(static_cast<std::uint64_t>(role));
  return request(RequestType::assign, body);
}

std::vector<std::byte> encode_remove(std::uint64_t id) { return id_request(RequestType::remove, id); }

std::vector<std::byte> encode_dump(std::string_view database) {
  Writer body;
  body.put_text(database, "the database name");
  return request(RequestType::dump, body);
}

std::vector<std::byte> encode_cluster() { return id_request(RequestType::cluster, cluster_format_with_roles); }

NodeInfo decode_server(std::span<const std::byte> body) {
  Reader in(body);
  NodeInfo node;
  node.id = in.get_uint64("SERVER's node id");
  node.address = std::string(in.get_text("SERVER's address"));
  in.expect_end("SERVER");
  return node;
}

std::uint64_t decode_welcome(std::span<const std::byte> body) {
  Reader in(body);
  const std::uint64_t timeout = in.get_uint64("WELCOME's heartbeat timeout");
  in.expect_end("WELCOME");
  return timeout;
}

std::vector<NodeInfo> decode_servers(std::span<const std::byte> body) {
  Reader in(body);
  const std::uint64_t count = in.get_uint64("SERVERS' node count");
  // Each node takes at least 3 words: refuse a count the body cannot hold before reserving.
  if (count > in.remaining() / (3 * word_size)) {
    throw_protocol_error("garbled message: SERVERS claims " + std::to_string(count) + " nodes in " +
                         std::to_string(in.remaining()) + " bytes");
  }
  std::vector<NodeInfo> nodes;
  nodes.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    NodeInfo node;
    node.id = in.get_uint64("SERVERS' node id");
    node.address = std::string(in.get_text("SERVERS' node address"));
    const std::size_t at = in.offset();
    node.role = role_of(in.get_uint64("SERVERS' node role"), at);
    nodes.push_back(std::move(node));
  }
  in.expect_end("SERVERS");
  return nodes;
}

std::uint32_t decode_db(std::span<const std::byte> body) {
  Reader in(body);
  const std::uint32_t id = in.get_uint32("DB's database id");
  (void)in.get_uint32("DB's padding");
  in.expect_end("DB");
  return id;
}

PreparedStatement decode_stmt(std::span<const std::byte> body) {
  Reader in(body);
  PreparedStatement stmt;
  stmt.db = in.get_uint32("STMT's database id");
  stmt.id = in.get_uint32("STMT's statement id");
  stmt.parameter_count = in.get_uint64("STMT's parameter count");
  in.expect_end("STMT");
  return stmt;
}

ExecResult decode_result(std::span<const std::byte> body) {
  Reader in(body);
  ExecResult result;
  result.last_insert_id = in.get_int64("RESULT's last insert id");
  result.rows_affected = in.get_int64("RESULT's rows affected");
  in.expect_end("RESULT");
  return result;
}

void decode_empty(std::span<const std::byte> body) {
  Reader in(body);
  (void)in.get_uint64("EMPTY's unused word");
  in.expect_end("EMPTY");
}

Failure decode_failure(std::span<const std::byte> body) {
  Reader in(body);
  Failure failure;
  failure.code = in.get_uint64("FAILURE's code");
  failure.message = std::string(in.get_text("FAILURE's message"));
  in.expect_end("FAILURE");
  return failure;
}

std::vector<DumpedFile> decode_files(std::span<const std::byte> body) {
  Reader in(body);
  const std::uint64_t count = in.get_uint64("FILES' file count");
  if (count > in.remaining() / (2 * word_size)) {
    throw_protocol_error("garbled message: FILES claims " + std::to_string(count) + " files in " +
                         std::to_string(in.remaining()) + " bytes");
  }
  std::vector<DumpedFile> files;
  for (std::uint64_t i = 0; i < count; ++i) {
    DumpedFile file;
    file.name = std::string(in.get_text("a dumped file's name"));
    const std::span<const std::byte> bytes = in.get_blob("a dumped file's content");
    file.bytes.assign(bytes.begin(), bytes.end());
    files.push_back(std::move(file));
  }
  in.expect_end("FILES");
  return files;
}

std::string response_name(ResponseType type) {
  switch (type) {
    case ResponseType::failure: return "FAILURE";
    case ResponseType::server: return "SERVER";
    case ResponseType::welcome: return "WELCOME";
    case ResponseType::servers: return "SERVERS";
    case ResponseType::db: return "DB";
    case ResponseType::stmt: return "STMT";
    case ResponseType::result: return "RESULT";
    case ResponseType::rows: return "ROWS";
    case ResponseType::empty: return "EMPTY";
    case ResponseType::files: return "FILES";
  }
  return "type " + std::to_string(static_cast<int>(type));
}

void expect(const Response& response, ResponseType expected, std::string_view sql) {
  if (response.type == expected) return;
  if (response.type == ResponseType::failure) {
    const Failure failure = decode_failure(response.body);
    throw_failure(failure.code, failure.message, sql);
  }
  throw_protocol_error("expected a " + response_name(expected) + " response but the node sent " +
                       response_name(response.type));
}

}  // namespace dorm::dqlite
