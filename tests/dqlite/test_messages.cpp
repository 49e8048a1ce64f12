// The requests and responses of dqlite's protocol (runtime/src/backends/dqlite/messages.hpp):
// each request's bytes as dqlite 1.11.1's gateway reads them, each response decoded, and a
// node's FAILURE mapped to the dorm error SQLite's own engine throws for that code.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/messages.hpp"
#include "backends/dqlite/wire.hpp"
#include "bytes.hpp"

using dorm::dqlite::Reader;
using dorm::dqlite::ResponseType;
using dorm::dqlite::Role;
using dorm::dqlite::Value;
using dorm::dqlite::Writer;
using dqlite_test::bytes;

namespace {

// The header of a request: its word count and type code.
dorm::dqlite::Header header_of(const std::vector<std::byte>& message) {
  REQUIRE(message.size() >= dorm::dqlite::header_size);
  return dorm::dqlite::decode_header(std::span<const std::byte>(message).first(dorm::dqlite::header_size));
}

std::span<const std::byte> body_of(const std::vector<std::byte>& message) {
  return std::span<const std::byte>(message).subspan(dorm::dqlite::header_size);
}

dorm::dqlite::Response failure(std::uint64_t code, const std::string& message) {
  Writer w;
  w.put_uint64(code);
  w.put_text(message, "m");
  return {ResponseType::failure, w.take()};
}

}  // namespace

TEST_CASE("every request's header counts its body's words and names its type", "[dqlite][messages]") {
  using dorm::dqlite::RequestType;
  const std::vector<std::pair<std::vector<std::byte>, RequestType>> requests = {
      {dorm::dqlite::encode_leader(), RequestType::leader},
      {dorm::dqlite::encode_client(9), RequestType::client},
      {dorm::dqlite::encode_open("app.db"), RequestType::open},
      {dorm::dqlite::encode_prepare(0, "SELECT 1"), RequestType::prepare},
      {dorm::dqlite::encode_exec(0, 1, {}), RequestType::exec},
      {dorm::dqlite::encode_query(0, 1, {}), RequestType::query},
      {dorm::dqlite::encode_finalize(0, 1), RequestType::finalize},
      {dorm::dqlite::encode_exec_sql(0, "CREATE TABLE t(x)", {}), RequestType::exec_sql},
      {dorm::dqlite::encode_query_sql(0, "SELECT 1", {}), RequestType::query_sql},
      {dorm::dqlite::encode_interrupt(0), RequestType::interrupt},
      {dorm::dqlite::encode_add(2, "127.0.0.1:9002"), RequestType::add},
      {dorm::dqlite::encode_assign(2, Role::standby), RequestType::assign},
      {dorm::dqlite::encode_remove(2), RequestType::remove},
      {dorm::dqlite::encode_dump("app.db"), RequestType::dump},
      {dorm::dqlite::encode_cluster(), RequestType::cluster},
  };
  for (const auto& [message, type] : requests) {
    const auto header = header_of(message);
    CHECK(header.type == static_cast<std::uint8_t>(type));
    CHECK(header.schema == 0);
    CHECK(header.words > 0);  // 1.11 cannot read an empty body
    CHECK(message.size() == dorm::dqlite::header_size + header.body_size());
  }
}

TEST_CASE("LEADER, CLIENT, REMOVE, INTERRUPT and CLUSTER carry one word", "[dqlite][messages]") {
  CHECK(dorm::dqlite::encode_leader() == bytes({1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  CHECK(dorm::dqlite::encode_client(9) == bytes({1, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0}));
  CHECK(dorm::dqlite::encode_remove(3) == bytes({1, 0, 0, 0, 14, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0}));
  CHECK(dorm::dqlite::encode_interrupt(0) == bytes({1, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  // format 1: id, address and role of each node
  CHECK(dorm::dqlite::encode_cluster() == bytes({1, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}));
}

TEST_CASE("OPEN carries the name, flags and a VFS name", "[dqlite][messages]") {
  const auto message = dorm::dqlite::encode_open("app.db");
  Reader r(body_of(message));
  CHECK(r.get_text("name") == "app.db");
  CHECK(r.get_uint64("flags") == 0);
  CHECK(r.get_text("vfs") == "volatile");
  r.expect_end("OPEN");
}

TEST_CASE("PREPARE carries the database as a word and the SQL text", "[dqlite][messages]") {
  const auto message = dorm::dqlite::encode_prepare(0, "SELECT 1");
  CHECK(body_of(message).size() == 8 + 16);
  Reader r(body_of(message));
  CHECK(r.get_uint64("db") == 0);
  CHECK(r.get_text("sql") == "SELECT 1");
  r.expect_end("PREPARE");
}

TEST_CASE("EXEC and QUERY carry 32-bit database and statement ids, then the parameters", "[dqlite][messages]") {
  const Value params[] = {Value::integer(5)};
  const auto exec = dorm::dqlite::encode_exec(0, 7, params);
  CHECK(exec == bytes({3, 0, 0, 0, 5, 0, 0, 0,       // 3 words, EXEC
                       0, 0, 0, 0, 7, 0, 0, 0,       // db 0, stmt 7
                       1, 1, 0, 0, 0, 0, 0, 0,       // one INTEGER
                       5, 0, 0, 0, 0, 0, 0, 0}));    // 5
  const auto query = dorm::dqlite::encode_query(0, 7, {});
  CHECK(query == bytes({1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0}));
  CHECK(dorm::dqlite::encode_finalize(0, 7) == bytes({1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0}));
}

TEST_CASE("EXEC_SQL and QUERY_SQL carry the database, the text and the parameters", "[dqlite][messages]") {
  const Value params[] = {Value::null()};
  const auto message = dorm::dqlite::encode_exec_sql(0, "SELECT ?", params);
  Reader r(body_of(message));
  CHECK(r.get_uint64("db") == 0);
  CHECK(r.get_text("sql") == "SELECT ?");
  CHECK(r.get_uint8("count") == 1);
  CHECK(r.get_uint8("type") == 5);
  (void)r.get_bytes(6, "padding");
  CHECK(r.get_uint64("null") == 0);
  r.expect_end("EXEC_SQL");
  CHECK(header_of(dorm::dqlite::encode_query_sql(0, "SELECT 1", {})).type == 9);
}

TEST_CASE("SQL holding a NUL is refused before anything is sent", "[dqlite][messages]") {
  CHECK_THROWS_WITH(dorm::dqlite::encode_prepare(0, std::string("SELECT 1;\0x", 11)),
                    Catch::Contains("[dorm.dqlite.text_nul] the SQL text holds a NUL character at byte 9"));
}

TEST_CASE("ADD carries id and address, ASSIGN id and role, DUMP the name", "[dqlite][messages]") {
  const auto add_message = dorm::dqlite::encode_add(2, "127.0.0.1:9002");
  Reader add(body_of(add_message));
  CHECK(add.get_uint64("id") == 2);
  CHECK(add.get_text("address") == "127.0.0.1:9002");
  add.expect_end("ADD");
  CHECK(dorm::dqlite::encode_assign(2, Role::spare) ==
        bytes({2, 0, 0, 0, 13, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}));
  const auto dump_message = dorm::dqlite::encode_dump("app.db");
  Reader dump(body_of(dump_message));
  CHECK(dump.get_text("name") == "app.db");
}

TEST_CASE("SERVER, WELCOME, DB, STMT, RESULT and EMPTY decode their fields", "[dqlite][messages]") {
  Writer server;
  server.put_uint64(3);
  server.put_text("127.0.0.1:9003", "a");
  CHECK(dorm::dqlite::decode_server(server.bytes()) == dorm::dqlite::NodeInfo{3, "127.0.0.1:9003", Role::voter});

  CHECK(dorm::dqlite::decode_welcome(bytes({0x88, 0x13, 0, 0, 0, 0, 0, 0})) == 5000);
  CHECK(dorm::dqlite::decode_db(bytes({0, 0, 0, 0, 0, 0, 0, 0})) == 0);

  const auto stmt = dorm::dqlite::decode_stmt(bytes({0, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}));
  CHECK(stmt.db == 0);
  CHECK(stmt.id == 4);
  CHECK(stmt.parameter_count == 2);

  Writer result;
  result.put_int64(-7);
  result.put_int64(12);
  const auto run = dorm::dqlite::decode_result(result.bytes());
  CHECK(run.last_insert_id == -7);
  CHECK(run.rows_affected == 12);

  CHECK_NOTHROW(dorm::dqlite::decode_empty(bytes({0, 0, 0, 0, 0, 0, 0, 0})));
}

TEST_CASE("SERVERS decodes each node's id, address and role", "[dqlite][messages]") {
  Writer w;
  w.put_uint64(2);
  w.put_uint64(1);
  w.put_text("127.0.0.1:9001", "a");
  w.put_uint64(0);
  w.put_uint64(2);
  w.put_text("127.0.0.1:9002", "a");
  w.put_uint64(1);
  const auto nodes = dorm::dqlite::decode_servers(w.bytes());
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0] == dorm::dqlite::NodeInfo{1, "127.0.0.1:9001", Role::voter});
  CHECK(nodes[1] == dorm::dqlite::NodeInfo{2, "127.0.0.1:9002", Role::standby});
}

TEST_CASE("SERVERS with an unknown role or more nodes than bytes is refused", "[dqlite][messages]") {
  Writer bad_role;
  bad_role.put_uint64(1);
  bad_role.put_uint64(1);
  bad_role.put_text("a:1", "a");
  bad_role.put_uint64(7);
  CHECK_THROWS_WITH(dorm::dqlite::decode_servers(bad_role.bytes()), Catch::Contains("role 7, which is no dqlite role"));
  Writer huge;
  huge.put_uint64(1ULL << 60);
  CHECK_THROWS_WITH(dorm::dqlite::decode_servers(huge.bytes()), Catch::Contains("SERVERS claims"));
}

TEST_CASE("FILES decodes each dumped file's name and bytes", "[dqlite][messages]") {
  Writer w;
  w.put_uint64(2);
  w.put_text("app.db", "n");
  w.put_blob(bytes({1, 2, 3, 4, 5, 6, 7, 8}));
  w.put_text("app.db-wal", "n");
  w.put_uint64(0);
  const auto files = dorm::dqlite::decode_files(w.bytes());
  REQUIRE(files.size() == 2);
  CHECK(files[0].name == "app.db");
  CHECK(files[0].bytes == bytes({1, 2, 3, 4, 5, 6, 7, 8}));
  CHECK(files[1].name == "app.db-wal");
  CHECK(files[1].bytes.empty());
}

TEST_CASE("a response with a field missing or bytes too many is refused", "[dqlite][messages]") {
  CHECK_THROWS_AS(dorm::dqlite::decode_stmt(bytes({0, 0, 0, 0, 4, 0, 0, 0})), dorm::dqlite::ProtocolError);
  CHECK_THROWS_AS(dorm::dqlite::decode_empty(bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})),
                  dorm::dqlite::ProtocolError);
  CHECK_THROWS_AS(dorm::dqlite::decode_server(bytes({1, 0, 0, 0, 0, 0, 0, 0, 'a', 'b'})),
                  dorm::dqlite::ProtocolError);
}

TEST_CASE("a FAILURE with a constraint code is the ConstraintError SQLite's engine throws", "[dqlite][messages]") {
  try {
    dorm::dqlite::expect(failure(2067, "UNIQUE constraint failed: users.email"), ResponseType::result,
                         "INSERT INTO users(email) VALUES (?)");
    FAIL("no error thrown");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::unique);
    CHECK(e.code() == 19);
    CHECK(e.extended_code() == 2067);
    CHECK(e.sql() == "INSERT INTO users(email) VALUES (?)");
    CHECK(std::string(e.what()) ==
          "[dorm.sqlite.2067] UNIQUE constraint failed: users.email\n  in: INSERT INTO users(email) VALUES (?)");
  }
}

TEST_CASE("FAILURE codes map to the error classes of SQLite's engine", "[dqlite][messages]") {
  CHECK_THROWS_AS(dorm::dqlite::expect(failure(787, "FOREIGN KEY constraint failed"), ResponseType::result),
                  dorm::ConstraintError);
  CHECK_THROWS_AS(dorm::dqlite::expect(failure(5, "database is locked"), ResponseType::result), dorm::BusyError);
  CHECK_THROWS_MATCHES(dorm::dqlite::expect(failure(1, "no such table: nope"), ResponseType::stmt, "SELECT * FROM nope"),
                       dorm::SqliteError,
                       Catch::Message("[dorm.sqlite.1] no such table: nope\n  in: SELECT * FROM nope"));
  CHECK_THROWS_AS(dorm::dqlite::expect(failure(0, "empty statement"), ResponseType::stmt), dorm::MisuseError);
  // SQLITE_ROW, as a node reports a write's RETURNING row under EXEC: SQLite's code, not dqlite's.
  CHECK_THROWS_MATCHES(dorm::dqlite::expect(failure(100, "another row available"), ResponseType::result),
                       dorm::SqliteError, Catch::Message("[dorm.sqlite.100] another row available"));
}

TEST_CASE("a FAILURE saying not leader is NotLeader, leadership lost is LeadershipLost", "[dqlite][messages]") {
  CHECK_THROWS_MATCHES(dorm::dqlite::expect(failure(10250, "not leader"), ResponseType::result),
                       dorm::dqlite::NotLeader, Catch::Message("[dorm.dqlite.not_leader] not leader"));
  CHECK_THROWS_AS(dorm::dqlite::expect(failure(10506, "disk I/O error"), ResponseType::result),
                  dorm::dqlite::LeadershipLost);
  CHECK_THROWS_AS(dorm::dqlite::expect(failure(10250, "not leader"), ResponseType::result), dorm::dqlite::Unavailable);
}

TEST_CASE("a FAILURE with one of dqlite's own codes is a protocol error", "[dqlite][messages]") {
  CHECK_THROWS_MATCHES(dorm::dqlite::expect(failure(1005, "bind parameters"), ResponseType::result),
                       dorm::dqlite::ProtocolError,
                       Catch::Message("[dorm.dqlite.protocol] the node refused the request (dqlite code 1005): bind "
                                      "parameters"));
}

TEST_CASE("a response of another type than the request's is a protocol error", "[dqlite][messages]") {
  CHECK_THROWS_MATCHES(dorm::dqlite::expect({ResponseType::result, bytes({0, 0, 0, 0, 0, 0, 0, 0})}, ResponseType::stmt),
                       dorm::dqlite::ProtocolError,
                       Catch::Message("[dorm.dqlite.protocol] expected a STMT response but the node sent RESULT"));
  CHECK_NOTHROW(dorm::dqlite::expect({ResponseType::empty, {}}, ResponseType::empty));
}
