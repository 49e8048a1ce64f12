// {prefix}/t/{tenant}/query/raw and /query: each tenant's own database through a dorm::Pool.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>

#include "dorm/tenancy/mirror.hpp"
#include "server_support.hpp"

using server_test::RunningServer;

namespace {

const char* const notes_sql = "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);";

// Options serving a pool in `folder` whose tenants get the notes table on first use.
dorm::server::ServerOptions pool_options(const std::filesystem::path& folder) {
  dorm::server::ServerOptions options;
  options.pool.folder = folder;
  options.pool.migrate = [](dorm::Database& db) { db.execute_script(notes_sql); };
  return options;
}

std::string error_of(const server_test::Answer& answer) {
  return answer.body.is_object() && answer.body["error"].is_string() ? answer.body["error"].get<std::string>() : "";
}

}  // namespace

TEST_CASE("each tenant's route reaches its own database, created and migrated on first use", "[server][tenants]") {
  dorm_test::TempDir folder("dorm_server_tenants");
  RunningServer running("", pool_options(folder.path() / "tenants"));
  REQUIRE(running.post_json("/t/acme/query/raw", {{"sql", "INSERT INTO notes (body) VALUES (?)"}, {"params", {"a"}}})
              .status == 200);
  REQUIRE(running.post_json("/t/globex/query", {{"sql", "INSERT INTO notes (body) VALUES ('g1'), ('g2')"}}).status ==
          200);
  const auto acme = running.post_json("/t/acme/query", {{"sql", "SELECT body FROM notes"}});
  const auto globex = running.post_json("/t/globex/query/raw", {{"sql", "SELECT count(*) FROM notes"}});
  CHECK(acme.body["result"] == nlohmann::json::parse(R"([{"body": "a"}])"));
  CHECK(globex.body["result"]["rows"][0][0] == 2);
  CHECK(std::filesystem::exists(folder.path() / "tenants" / "acme.db"));
  CHECK(std::filesystem::exists(folder.path() / "tenants" / "globex.db"));
}

TEST_CASE("a single database and a pool can be served side by side", "[server][tenants]") {
  dorm_test::TempDir folder("dorm_server_tenants");
  RunningServer running("CREATE TABLE main_only (x INTEGER);", pool_options(folder.path() / "tenants"));
  CHECK(running.post_json("/query/raw", {{"sql", "SELECT count(*) FROM main_only"}}).status == 200);
  const auto tenant = running.post_json("/t/acme/query/raw", {{"sql", "SELECT count(*) FROM main_only"}});
  CHECK(tenant.status == 500);
  CHECK_THAT(error_of(tenant), Catch::Contains("no such table: main_only"));
}

TEST_CASE("a tenant name the pool refuses is a 400 naming the rule, and no file is made", "[server][tenants]") {
  dorm_test::TempDir folder("dorm_server_tenants");
  const auto tenants = folder.path() / "tenants";
  RunningServer running("", pool_options(tenants));
  // %2e%2e decodes to "..", %00 to NUL; "con" is a Windows device name.
  for (const char* name : {"..", "%2e%2e", ".hidden", "con", "a%00b", "a:b"}) {
    INFO(name);
    const auto answer = running.post_json(std::string("/t/") + name + "/query/raw", {{"sql", "SELECT 1"}});
    CHECK(answer.status == 400);
    CHECK_THAT(error_of(answer), Catch::StartsWith("bad tenant name: [dorm.tenant_name."));
  }
  const auto too_long = running.post_json("/t/" + std::string(65, 'a') + "/query/raw", {{"sql", "SELECT 1"}});
  CHECK(too_long.status == 400);
  CHECK(std::filesystem::is_empty(tenants));
}

TEST_CASE("a path that smuggles a slash into the tenant name matches no route", "[server][tenants]") {
  dorm_test::TempDir folder("dorm_server_tenants");
  const auto tenants = folder.path() / "tenants";
  RunningServer running("", pool_options(tenants));
  for (const char* path : {"/t/a%2Fb/query/raw", "/t/a/b/query/raw", "/t//query/raw"}) {
    INFO(path);
    CHECK(running.post_json(path, {{"sql", "SELECT 1"}}).status == 404);
  }
  CHECK(std::filesystem::is_empty(tenants));
}

TEST_CASE("tenant routes answer 404 when the server has no pool", "[server][tenants]") {
  RunningServer running;
  CHECK(running.post_json("/t/acme/query/raw", {{"sql", "SELECT 1"}}).status == 404);
}

TEST_CASE("a mirrored pool copies a tenant's writes to the aggregate and nothing for its reads", "[server][tenants]") {
  dorm_test::TempDir folder("dorm_server_tenants");
  dorm::MirrorOptions mirror_options;
  mirror_options.aggregate_path = (folder.path() / "aggregate.db").string();
  mirror_options.tables = {"notes"};
  auto mirror = std::make_shared<dorm::Mirror>(mirror_options);
  auto options = pool_options(folder.path() / "tenants");
  dorm::mirror_pool(options.pool, mirror);
  RunningServer running("", std::move(options));

  REQUIRE(running.post_json("/t/acme/query/raw", {{"sql", "INSERT INTO notes (body) VALUES ('hello')"}}).status == 200);
  const auto aggregate_rows = [&] {
    return dorm::Database::open(mirror_options.aggregate_path)
        .query_value<std::int64_t>("SELECT count(*) FROM notes")
        .value();
  };
  const auto aggregate_rows_after_a_read = [&] {
    REQUIRE(running.post_json("/t/acme/query/raw", {{"sql", "SELECT * FROM notes"}}).status == 200);
    return aggregate_rows();
  };
  CHECK(aggregate_rows() == 1);
  CHECK(aggregate_rows_after_a_read() == 1);  // a read adds nothing
  REQUIRE(running.post_json("/t/acme/query/raw", {{"sql", "UPDATE notes SET body = 'changed'"}}).status == 200);
  CHECK(dorm::Database::open(mirror_options.aggregate_path).query_value<std::string>("SELECT body FROM notes") ==
        "changed");
}

TEST_CASE("a tenant's route streams NDJSON from that tenant's database", "[server][tenants]") {
  dorm_test::TempDir folder("dorm_server_tenants");
  RunningServer running("", pool_options(folder.path() / "tenants"));
  REQUIRE(running.post_json("/t/acme/query/raw", {{"sql", "INSERT INTO notes (body) VALUES ('a'), ('b')"}}).status == 200);
  const auto [status, records] = running.post_ndjson("/t/acme/query", {{"sql", "SELECT body FROM notes ORDER BY id"}});
  REQUIRE(status == 200);
  REQUIRE(records.size() == 4);
  CHECK(records[1] == nlohmann::json::parse(R"({"type": "row", "data": ["a"]})"));
  CHECK(records[3]["data"]["rows_read"] == 2);
  CHECK(running.post_ndjson("/t/globex/query", {{"sql", "SELECT body FROM notes"}}).second.size() == 2);  // empty
}
