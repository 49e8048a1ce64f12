// The data explorer's files (server/explorer/), embedded in the binary and served at {prefix}/
// with their Content-Type and a strict Content-Security-Policy. The page itself is tested in a
// browser by tests/browser/explorer.test.mjs.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <string>

#include "server_support.hpp"

namespace {

httplib::Result get(server_test::RunningServer& running, const std::string& path) {
  httplib::Client client("127.0.0.1", running.server().port());
  client.set_connection_timeout(10);
  client.set_read_timeout(10);
  return client.Get(path.c_str());
}

}  // namespace

TEST_CASE("GET / serves the explorer page with a Content-Security-Policy", "[server][explorer]") {
  server_test::RunningServer running;
  auto page = get(running, "/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
  CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(page->body.find("<script src=\"explorer.js\" defer></script>") != std::string::npos);
  CHECK(page->body.find("<link rel=\"stylesheet\" href=\"explorer.css\">") != std::string::npos);
}

TEST_CASE("the explorer's script and style sheet are served with their content types", "[server][explorer]") {
  server_test::RunningServer running;
  auto script = get(running, "/explorer.js");
  REQUIRE(script);
  CHECK(script->status == 200);
  CHECK(script->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(script->body.find("query/raw") != std::string::npos);
  auto style = get(running, "/explorer.css");
  REQUIRE(style);
  CHECK(style->status == 200);
  CHECK(style->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK(style->get_header_value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
}

TEST_CASE("with a prefix the explorer is at {prefix}/ and {prefix} redirects there", "[server][explorer]") {
  dorm::server::ServerOptions options;
  options.prefix = "/db";
  server_test::RunningServer running("", options);
  auto page = get(running, "/db/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("dorm explorer") != std::string::npos);
  auto bare = get(running, "/db");
  REQUIRE(bare);
  CHECK(bare->status == 301);
  CHECK(bare->get_header_value("Location") == "/db/");
  auto outside = get(running, "/");
  REQUIRE(outside);
  CHECK(outside->status == 404);
}

TEST_CASE("a file the explorer does not have is a 404 with a JSON error", "[server][explorer]") {
  server_test::RunningServer running;
  auto missing = get(running, "/explorer.txt");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(nlohmann::json::parse(missing->body)["error"].is_string());
}

TEST_CASE("GET /tenants lists the pool's tenants for the explorer, and null without a pool", "[server][explorer]") {
  dorm_test::TempDir folder("dorm_server_explorer");
  dorm::server::ServerOptions options;
  options.pool.folder = folder.path() / "tenants";
  server_test::RunningServer pooled("", options);
  auto none = get(pooled, "/tenants");
  REQUIRE(none);
  CHECK(none->status == 200);
  CHECK(nlohmann::json::parse(none->body) ==
        nlohmann::json::parse(R"({"result": {"database": true, "tenants": []}, "error": null})"));
  REQUIRE(pooled.post_json("/t/globex/query/raw", {{"sql", "SELECT 1"}}).status == 200);
  REQUIRE(pooled.post_json("/t/acme/query/raw", {{"sql", "SELECT 1"}}).status == 200);
  auto two = get(pooled, "/tenants");
  REQUIRE(two);
  CHECK(nlohmann::json::parse(two->body)["result"]["tenants"] == nlohmann::json::parse(R"(["acme", "globex"])"));

  server_test::RunningServer single;
  auto alone = get(single, "/tenants");
  REQUIRE(alone);
  CHECK(nlohmann::json::parse(alone->body)["result"] == nlohmann::json::parse(R"({"database": true, "tenants": null})"));
}
