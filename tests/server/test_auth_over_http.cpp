// The security model over HTTP: 401 without a known token (with WWW-Authenticate), 403 naming
// what a token's rights refuse, tenant-bound tokens, the secure default without tokens, and
// dorm-serve's token options.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "../crash/child_process.hpp"
#include "dorm/server/token_store.hpp"
#include "server_support.hpp"

using dorm_crash::ChildProcess;
using server_test::Answer;
using server_test::RunningServer;

namespace {

constexpr const char* tokens_text =
    "reader    read-only   reader-secret-000001\n"
    "writer    read-write  writer-secret-000002\n"
    "ops       admin       ops-secret-000000003\n"
    "acme-app  admin       acme-secret-00000004  tenant=acme\n";

constexpr const char* setup_sql = "CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO t (note) VALUES ('a');";

dorm::server::ServerOptions with_tokens() {
  dorm::server::ServerOptions options;
  options.tokens = dorm::server::TokenStore::parse(tokens_text, "tokens.txt");
  options.limits.workers = 1;  // one connection: every request below reuses it
  return options;
}

Answer post_as(RunningServer& running, const std::string& authorization, const std::string& sql) {
  const nlohmann::json body = {{"sql", sql}};
  return running.post("/query/raw", body.dump(), "application/json", {{"Authorization", authorization}});
}

std::string error_of(const Answer& answer) {
  return answer.body.is_object() && answer.body["error"].is_string() ? answer.body["error"].get<std::string>() : "";
}

std::string basic(const std::string& user_and_secret) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "Basic ";
  for (std::size_t i = 0; i < user_and_secret.size(); i += 3) {
    unsigned bits = static_cast<unsigned char>(user_and_secret[i]) << 16;
    if (i + 1 < user_and_secret.size()) bits |= static_cast<unsigned char>(user_and_secret[i + 1]) << 8;
    if (i + 2 < user_and_secret.size()) bits |= static_cast<unsigned char>(user_and_secret[i + 2]);
    out += alphabet[(bits >> 18) & 63];
    out += alphabet[(bits >> 12) & 63];
    out += i + 1 < user_and_secret.size() ? alphabet[(bits >> 6) & 63] : '=';
    out += i + 2 < user_and_secret.size() ? alphabet[bits & 63] : '=';
  }
  return out;
}

std::int64_t rows_in_t(RunningServer& running) {
  return *dorm::Database::open(running.database_path()).query_value<std::int64_t>("SELECT count(*) FROM t");
}

}  // namespace

TEST_CASE("a request without a token, or with one the server does not know, is a 401 with WWW-Authenticate",
          "[server][auth]") {
  RunningServer running(setup_sql, with_tokens());
  const Answer none = running.post_json("/query/raw", {{"sql", "SELECT 1"}});
  CHECK(none.status == 401);
  CHECK(none.body["result"].is_null());
  CHECK_THAT(error_of(none), Catch::StartsWith("this server needs a token"));
  const auto challenge = none.headers.find("WWW-Authenticate");
  REQUIRE(challenge != none.headers.end());
  CHECK(challenge->second == R"(Bearer realm="dorm-serve")");
  for (const std::string header : {"Bearer wrong-secret-0000001", "Bearer reader-secret-00000", "Token reader-secret-000001",
                                   "reader-secret-000001"}) {
    INFO(header);
    const Answer wrong = post_as(running, header, "SELECT 1");
    CHECK(wrong.status == 401);
    CHECK(error_of(wrong) == "the Authorization header carries no token this server knows");
    CHECK(wrong.headers.count("WWW-Authenticate") == 1);
  }
  // A 401 comes before the body is looked at: a client without a token learns nothing of it.
  CHECK(running.post("/query/raw", "not json", "text/plain").status == 401);
}

TEST_CASE("Bearer and Basic credentials both authenticate, and no log line holds a secret", "[server][auth]") {
  RunningServer running(setup_sql, with_tokens());
  CHECK(post_as(running, "Bearer reader-secret-000001", "SELECT note FROM t").status == 200);
  const Answer basic_answer = post_as(running, basic("writer:writer-secret-000002"), "SELECT note FROM t");
  CHECK(basic_answer.status == 200);
  CHECK(basic_answer.body["result"]["rows"] == nlohmann::json::array({nlohmann::json::array({"a"})}));
  CHECK(post_as(running, basic("reader:writer-secret-000002"), "SELECT 1").status == 401);
  for (const auto& line : running.log()) {
    CHECK(line.find("secret") == std::string::npos);
    CHECK(line.find("Basic") == std::string::npos);
  }
}

TEST_CASE("a read-only token gets a 403 naming the write it tried, also through a CTE, RETURNING or a PRAGMA",
          "[server][auth]") {
  RunningServer running(setup_sql, with_tokens());
  const std::string reader = "Bearer reader-secret-000001";
  CHECK(post_as(running, reader, "SELECT count(*) FROM t").status == 200);
  for (const std::string sql : {"INSERT INTO t (note) VALUES ('x')", "UPDATE t SET note = 'x'", "DELETE FROM t",
                                "WITH n(v) AS (SELECT 'x') INSERT INTO t (note) SELECT v FROM n",
                                "INSERT INTO t (note) VALUES ('x') RETURNING id"}) {
    INFO(sql);
    const Answer answer = post_as(running, reader, sql);
    CHECK(answer.status == 403);
    CHECK(error_of(answer) == "refused: write to table 't' with a read-only token");
  }
  const Answer pragma = post_as(running, reader, "PRAGMA user_version = 1");
  CHECK(pragma.status == 403);
  CHECK(error_of(pragma) == "refused: PRAGMA user_version = 1 needs an admin token, not a read-only one");
  const Answer journal = post_as(running, reader, "PRAGMA journal_mode = delete");
  CHECK(journal.status == 403);
  CHECK(error_of(journal) == "refused: PRAGMA journal_mode = delete needs an admin token, not a read-only one");
  CHECK(rows_in_t(running) == 1);
}

TEST_CASE("no token, admin included, gets SQL over HTTP out of its database", "[server][auth]") {
  RunningServer running(setup_sql, with_tokens());
  for (const std::string token : {"Bearer reader-secret-000001", "Bearer writer-secret-000002", "Bearer ops-secret-000000003"}) {
    INFO(token);
    const Answer attach = post_as(running, token, "ATTACH DATABASE '/tmp/dorm-serve-attached.db' AS other");
    CHECK(attach.status == 403);
    CHECK_THAT(error_of(attach), Catch::StartsWith("refused: ATTACH or VACUUM INTO of '/tmp/dorm-serve-attached.db'"));
    const Answer vacuum = post_as(running, token, "VACUUM INTO '/tmp/dorm-serve-copy.db'");
    CHECK(vacuum.status == 403);
    CHECK_THAT(error_of(vacuum), Catch::Contains("VACUUM INTO of '/tmp/dorm-serve-copy.db'"));
    const Answer extension = post_as(running, token, "SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6')");
    CHECK(extension.status == 403);
    CHECK(error_of(extension) == "refused: load_extension(): SQL over HTTP cannot load code or reach files");
    const Answer schema = post_as(running, token, "PRAGMA writable_schema = 1");
    CHECK(schema.status == 403);
    CHECK(error_of(schema) == "refused: PRAGMA writable_schema");
    const Answer query_only = post_as(running, token, "PRAGMA query_only = 0");
    CHECK(query_only.status == 403);
    CHECK_THAT(error_of(query_only), Catch::StartsWith("refused: PRAGMA query_only = 0: it would change"));
  }
  struct stat ignored {};
  CHECK(::stat("/tmp/dorm-serve-attached.db", &ignored) != 0);
  CHECK(::stat("/tmp/dorm-serve-copy.db", &ignored) != 0);
}

TEST_CASE("a read-write token writes rows, an admin token changes the schema", "[server][auth]") {
  RunningServer running(setup_sql, with_tokens());
  CHECK(post_as(running, "Bearer writer-secret-000002", "INSERT INTO t (note) VALUES ('b')").status == 200);
  const Answer create = post_as(running, "Bearer writer-secret-000002", "CREATE TABLE u (a)");
  CHECK(create.status == 403);
  CHECK(error_of(create) == "refused: CREATE TABLE 'u' needs an admin token, not a read-write one");
  CHECK(post_as(running, "Bearer ops-secret-000000003", "CREATE TABLE u (a)").status == 200);
  CHECK(post_as(running, "Bearer ops-secret-000000003", "PRAGMA user_version = 3").status == 200);
  CHECK(rows_in_t(running) == 2);
}

TEST_CASE("rights change per request on the same connection, in both directions", "[server][auth]") {
  RunningServer running(setup_sql, with_tokens());
  const std::string sql = "UPDATE t SET note = note || '!' WHERE id = 1";
  CHECK(post_as(running, "Bearer ops-secret-000000003", sql).status == 200);
  CHECK(post_as(running, "Bearer reader-secret-000001", sql).status == 403);
  CHECK(post_as(running, "Bearer writer-secret-000002", sql).status == 200);
  CHECK(post_as(running, "Bearer reader-secret-000001", "SELECT note FROM t").body["result"]["rows"][0][0] == "a!!");
}

TEST_CASE("a refused statement in a transaction body is a 403 naming it, and nothing of the body is written",
          "[server][auth]") {
  RunningServer running(setup_sql, with_tokens());
  const nlohmann::json body = {{"transaction",
                                {{{"sql", "INSERT INTO t (note) VALUES ('b')"}},
                                 {{"sql", "CREATE TABLE u (a)"}},
                                 {{"sql", "INSERT INTO t (note) VALUES ('c')"}}}}};
  const Answer answer =
      running.post("/query/raw", body.dump(), "application/json", {{"Authorization", "Bearer writer-secret-000002"}});
  CHECK(answer.status == 403);
  CHECK(answer.body["statement"] == 1);
  CHECK(error_of(answer) ==
        "transaction statement 1 failed: refused: CREATE TABLE 'u' needs an admin token, not a read-write one");
  CHECK(rows_in_t(running) == 1);
}

TEST_CASE("a tenant-bound token cannot reach the server's own database", "[server][auth]") {
  RunningServer running(setup_sql, with_tokens());
  const Answer answer = post_as(running, "Bearer acme-secret-00000004", "SELECT count(*) FROM t");
  CHECK(answer.status == 403);
  CHECK(error_of(answer) == "refused: token 'acme-app' is bound to tenant 'acme' and reaches only its routes (/t/acme/...)");
}

TEST_CASE("a server without tokens refuses to start, unless told to serve unauthenticated on a loopback address",
          "[server][auth]") {
  dorm_test::TempDir folder("dorm_auth_options");
  dorm::server::ServerOptions options;
  options.database = folder.file("a.db");
  options.port = 0;
  CHECK_THROWS_WITH(dorm::server::Server(options),
                    Catch::StartsWith("no tokens: give ServerOptions::tokens (dorm-serve: --tokens-file PATH, or the "
                                      "environment variable DORM_SERVE_TOKENS)"));
  options.unauthenticated = dorm::server::Rights::read_only;
  options.address = "0.0.0.0";
  CHECK_THROWS_WITH(dorm::server::Server(options),
                    "serving without tokens is only for a loopback address (127.0.0.1, ::1, localhost), not '0.0.0.0'; "
                    "give tokens to listen there");
  options.address = "127.0.0.1";
  options.tokens = dorm::server::TokenStore::parse(tokens_text, "tokens.txt");
  CHECK_THROWS_AS(dorm::server::Server(options), std::invalid_argument);
}

TEST_CASE("unauthenticated rights apply to every request of a server without tokens", "[server][auth]") {
  dorm::server::ServerOptions options;
  options.unauthenticated = dorm::server::Rights::read_only;
  RunningServer running(setup_sql, options);
  CHECK(running.post_json("/query/raw", {{"sql", "SELECT note FROM t"}}).status == 200);
  const Answer write = running.post_json("/query/raw", {{"sql", "DELETE FROM t"}});
  CHECK(write.status == 403);
  CHECK(error_of(write) == "refused: write to table 't' with a read-only token");
}

namespace {

const auto ten_seconds = std::chrono::seconds(10);

/// Everything `child` writes to stdout until it exits, and its exit status.
std::pair<std::string, int> output_and_status(ChildProcess& child) {
  std::string text;
  while (auto line = child.read_line(ChildProcess::Clock::now() + ten_seconds)) text += *line + "\n";
  return {text, child.reap(std::chrono::milliseconds(10'000))};
}

int port_of(ChildProcess& child) {
  const auto line = child.read_line(ChildProcess::Clock::now() + ten_seconds);
  REQUIRE(line.has_value());
  std::smatch match;
  REQUIRE(std::regex_search(*line, match, std::regex(R"(http://127\.0\.0\.1:([0-9]+)/)")));
  return std::stoi(match[1]);
}

}  // namespace

TEST_CASE("dorm-serve --help lists the token options", "[server][auth]") {
  ChildProcess child(DORM_SERVE_PROGRAM, {"--help"});
  const auto [text, status] = output_and_status(child);
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(text, Catch::Contains("--tokens-file") && Catch::Contains("DORM_SERVE_TOKENS") &&
                       Catch::Contains("--unauthenticated"));
}

TEST_CASE("dorm-serve without tokens exits saying how to give them", "[server][auth]") {
  dorm_test::TempDir folder("dorm_serve_auth");
  REQUIRE(::unsetenv("DORM_SERVE_TOKENS") == 0);
  ChildProcess child(DORM_SERVE_PROGRAM, {folder.file("a.db"), "--port", "0"});
  const auto [text, status] = output_and_status(child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(text.find("serving") == std::string::npos);
}

TEST_CASE("dorm-serve with a bad token file exits before serving", "[server][auth]") {
  dorm_test::TempDir folder("dorm_serve_auth");
  const std::string tokens = folder.file("tokens.txt");
  std::ofstream(tokens) << "reader readonly reader-secret-000001\n";
  REQUIRE(::chmod(tokens.c_str(), 0600) == 0);
  ChildProcess child(DORM_SERVE_PROGRAM, {folder.file("a.db"), "--port", "0", "--tokens-file", tokens});
  const auto [text, status] = output_and_status(child);
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(text.find("serving") == std::string::npos);
}

TEST_CASE("dorm-serve takes its tokens from a file or from DORM_SERVE_TOKENS", "[server][auth]") {
  dorm_test::TempDir folder("dorm_serve_auth");
  const std::string tokens = folder.file("tokens.txt");
  std::ofstream(tokens) << tokens_text;
  REQUIRE(::chmod(tokens.c_str(), 0600) == 0);
  auto ask = [](int port, const std::string& authorization) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(10);
    client.set_read_timeout(10);
    auto result = client.Post("/query/raw", {{"Authorization", authorization}}, R"({"sql": "SELECT 1"})",
                              "application/json");
    return result ? result->status : 0;
  };
  {
    ChildProcess child(DORM_SERVE_PROGRAM, {folder.file("a.db"), "--port", "0", "--tokens-file", tokens});
    const int port = port_of(child);
    CHECK(ask(port, "Bearer reader-secret-000001") == 200);
    CHECK(ask(port, "Bearer wrong-secret-0000001") == 401);
  }
  REQUIRE(::setenv("DORM_SERVE_TOKENS", "web read-only web-secret-000000005; ops admin ops-secret-000000003", 1) == 0);
  {
    ChildProcess child(DORM_SERVE_PROGRAM, {folder.file("a.db"), "--port", "0"});
    const int port = port_of(child);
    CHECK(ask(port, "Bearer web-secret-000000005") == 200);
    CHECK(ask(port, "Bearer reader-secret-000001") == 401);
  }
  REQUIRE(::unsetenv("DORM_SERVE_TOKENS") == 0);
}

namespace {

dorm::server::ServerOptions pool_with_tokens(const std::filesystem::path& folder) {
  dorm::server::ServerOptions options = with_tokens();
  options.pool.folder = folder;
  options.pool.migrate = [](dorm::Database& db) {
    db.execute_script("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);");
  };
  return options;
}

Answer post_to(RunningServer& running, const std::string& path, const std::string& authorization, const std::string& sql) {
  const nlohmann::json body = {{"sql", sql}};
  return running.post(path, body.dump(), "application/json", {{"Authorization", authorization}});
}

}  // namespace

TEST_CASE("a tenant-bound token reaches its tenant's database and no other, whatever the path says", "[server][auth]") {
  dorm_test::TempDir folder("dorm_auth_tenants");
  const auto tenants = folder.path() / "tenants";
  RunningServer running("", pool_with_tokens(tenants));
  const std::string acme = "Bearer acme-secret-00000004";
  CHECK(post_to(running, "/t/acme/query/raw", acme, "INSERT INTO notes (body) VALUES ('a')").status == 200);
  // httplib decodes the path before it matches a route: %61 is 'a', so this is acme itself.
  CHECK(post_to(running, "/t/%61cme/query/raw", acme, "SELECT count(*) FROM notes").body["result"]["rows"][0][0] == 1);
  for (const std::string tenant : {"globex", "ACME", "Acme", "acme%20", "%20acme", "acme.", "%2e%2e", "..", "acme%00",
                                   "acm", "acmee"}) {
    INFO(tenant);
    const Answer answer = post_to(running, "/t/" + tenant + "/query/raw", acme, "SELECT count(*) FROM notes");
    CHECK(answer.status == 403);
    CHECK(error_of(answer) == "refused: token 'acme-app' is bound to tenant 'acme' and cannot reach another tenant");
  }
  // Paths that name no single tenant match no route at all.
  for (const std::string path : {"/t/acme/../globex/query/raw", "/t//acme/query/raw", "/t/acme//query/raw",
                                 "/t/acme%2fglobex/query/raw", "/t/acme/query/raw/"}) {
    INFO(path);
    CHECK(post_to(running, path, acme, "SELECT 1").status == 404);
  }
  // No other tenant's file was made or opened.
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(tenants)) {
    if (entry.path().extension() == ".db") files.push_back(entry.path().filename().string());
  }
  CHECK(files == std::vector<std::string>{"acme.db"});
}

TEST_CASE("an unbound token reaches every tenant, with its rights applied on each tenant's connection",
          "[server][auth]") {
  dorm_test::TempDir folder("dorm_auth_tenants");
  RunningServer running("", pool_with_tokens(folder.path() / "tenants"));
  CHECK(post_to(running, "/t/acme/query/raw", "Bearer ops-secret-000000003", "INSERT INTO notes (body) VALUES ('a')")
            .status == 200);
  CHECK(post_to(running, "/t/globex/query/raw", "Bearer writer-secret-000002", "INSERT INTO notes (body) VALUES ('g')")
            .status == 200);
  const Answer read_only = post_to(running, "/t/acme/query/raw", "Bearer reader-secret-000001", "DELETE FROM notes");
  CHECK(read_only.status == 403);
  CHECK(error_of(read_only) == "refused: write to table 'notes' with a read-only token");
  const Answer ddl = post_to(running, "/t/globex/query/raw", "Bearer writer-secret-000002", "DROP TABLE notes");
  CHECK(ddl.status == 403);
  CHECK(error_of(ddl) == "refused: DROP TABLE 'notes' needs an admin token, not a read-write one");
  const Answer attach = post_to(running, "/t/acme/query/raw", "Bearer ops-secret-000000003",
                                "ATTACH DATABASE '" + (folder.path() / "tenants" / "globex.db").string() + "' AS g");
  CHECK(attach.status == 403);
  CHECK(post_to(running, "/t/acme/query/raw", "Bearer reader-secret-000001", "SELECT count(*) FROM notes")
            .body["result"]["rows"][0][0] == 1);
  CHECK(post_to(running, "/t/globex/query/raw", "Bearer reader-secret-000001", "SELECT count(*) FROM notes")
            .body["result"]["rows"][0][0] == 1);
}

TEST_CASE("a streamed request needs a token too, and its refused statement is a 403 before any record",
          "[server][auth]") {
  RunningServer running(setup_sql, with_tokens());
  const nlohmann::json write = {{"sql", "DELETE FROM t"}};
  const Answer none = running.post("/query/raw", write.dump(), "application/json", {{"Accept", "application/x-ndjson"}});
  CHECK(none.status == 401);
  const Answer refused = running.post("/query/raw", write.dump(), "application/json",
                                      {{"Accept", "application/x-ndjson"}, {"Authorization", "Bearer reader-secret-000001"}});
  CHECK(refused.status == 403);
  CHECK(error_of(refused) == "refused: write to table 't' with a read-only token");
  const nlohmann::json read = {{"sql", "SELECT note FROM t"}};
  const Answer streamed = running.post("/query/raw", read.dump(), "application/json",
                                       {{"Accept", "application/x-ndjson"}, {"Authorization", "Bearer reader-secret-000001"}});
  CHECK(streamed.status == 200);
  CHECK_THAT(streamed.text, Catch::Contains(R"({"type":"row","data":["a"]})"));
  CHECK(rows_in_t(running) == 1);
}

TEST_CASE("GET /tenants needs a token, and a tenant-bound token sees only its own tenant", "[server][auth]") {
  dorm_test::TempDir folder("dorm_auth_tenants");
  dorm::server::ServerOptions options = pool_with_tokens(folder.path() / "tenants");
  RunningServer running(setup_sql, std::move(options));
  for (const char* tenant : {"acme", "globex"}) {
    REQUIRE(post_to(running, std::string("/t/") + tenant + "/query/raw", "Bearer ops-secret-000000003", "SELECT 1")
                .status == 200);
  }
  auto tenants_as = [&running](const std::string& authorization) {
    httplib::Client client("127.0.0.1", running.server().port());
    client.set_connection_timeout(10);
    client.set_read_timeout(10);
    httplib::Headers headers;
    if (!authorization.empty()) headers.emplace("Authorization", authorization);
    auto result = client.Get("/tenants", headers);
    REQUIRE(result);
    return std::make_pair(result->status, nlohmann::json::parse(result->body, nullptr, false));
  };
  CHECK(tenants_as("").first == 401);
  CHECK(tenants_as("Bearer wrong-secret-0000001").first == 401);
  const auto [ops_status, ops] = tenants_as("Bearer ops-secret-000000003");
  CHECK(ops_status == 200);
  CHECK(ops["result"]["tenants"] == nlohmann::json::array({"acme", "globex"}));
  CHECK(ops["result"]["database"] == true);
  const auto [acme_status, acme] = tenants_as("Bearer acme-secret-00000004");
  CHECK(acme_status == 200);
  CHECK(acme["result"]["tenants"] == nlohmann::json::array({"acme"}));
  CHECK(acme["result"]["database"] == false);
}
