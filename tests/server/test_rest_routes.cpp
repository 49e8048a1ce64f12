// The typed REST routes over HTTP (dorm/server/rest_routes.hpp, issue 17 item 7): each route's
// status and body, filters typed and refused (400 naming column and value), order and paging,
// 404, 409, 422 with every broken rule, soft delete, the tenant scope of a tenant-bound token,
// the pool's tenant routes, tokens' rights (401, read-only 403), the row and time limits, a
// hostile query string, and one log line per request: the same pipeline as /query/raw.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <dorm/dorm.hpp>
#include <dorm/server/rest_routes.hpp>

#include "../temp_dir.hpp"
#include "blog/models.hpp"
#include "tenancy/models.hpp"

namespace {

constexpr const char* reader = "Bearer reader-secret-000001";
constexpr const char* writer = "Bearer writer-secret-000002";
constexpr const char* acme = "Bearer acme-secret-00000004";
constexpr const char* globex = "Bearer globex-secret-0000005";

/// One HTTP answer: status, parsed JSON body (null when there is none or it is not JSON).
struct Answer {
  int status = 0;
  nlohmann::json body;
  httplib::Headers headers;
};

/// ann (30), bob (20) and cy (no age); a post of ann's; a tag; the tenancy tables, empty.
void blog_rows(dorm::Database& db) {
  blog::migrate(db);
  tenancy::migrate(db);
  for (auto [name, age] : std::vector<std::pair<std::string, std::optional<std::int64_t>>>{
           {"ann", 30}, {"bob", 20}, {"cy", std::nullopt}}) {
    blog::User user;
    user.email = name + "@example.com";
    user.name = name;
    user.age = age;
    db.insert(user);
  }
  blog::Post post{.author_id = 1, .title = "first", .body = "hello"};
  db.insert(post);
  blog::Tag tag{.name = "news"};
  db.insert(tag);
}

/// What a test server serves: a single database (made by `setup`), a pool folder of blog
/// databases, or both; the row and time limits.
struct Serving {
  bool database = true;
  bool pool = false;
  std::size_t max_rows = 100'000;
  std::chrono::milliseconds statement_time_limit{5000};
  std::function<void(dorm::Database&)> setup = blog_rows;
};

/// A server with tokens (reader read-only, writer read-write, acme-app and globex-app
/// read-write bound to their tenants) and the typed routes of blog's users, posts, comments and
/// posts_tags and tenancy's projects; its log kept; stopped on destruction.
class RestServer {
 public:
  explicit RestServer(Serving serving = {}) : folder_("dorm_rest_routes") {
    dorm::server::ServerOptions options;
    if (serving.database) {
      options.database = folder_.file("blog.db");
      auto db = dorm::Database::open(options.database.string());
      serving.setup(db);
    }
    if (serving.pool) {
      options.pool.folder = folder_.path() / "tenants";
      options.pool.migrate = [](dorm::Database& db) {
        blog::migrate(db);
        tenancy::migrate(db);
      };
    }
    options.address = "127.0.0.1";
    options.port = 0;
    options.tokens = dorm::server::TokenStore::parse("reader      read-only   reader-secret-000001\n"
                                                     "writer      read-write  writer-secret-000002\n"
                                                     "acme-app    read-write  acme-secret-00000004  tenant=acme\n"
                                                     "globex-app  read-write  globex-secret-0000005 tenant=globex\n",
                                                     "tokens.txt");
    options.limits.max_rows = serving.max_rows;
    options.limits.statement_time_limit = serving.statement_time_limit;
    options.log = [this](const std::string& line) {
      std::lock_guard lock(log_mutex_);
      log_.push_back(line);
    };
    server_ = std::make_unique<dorm::server::Server>(std::move(options));
    dorm::server::add_rest_routes<blog::User, blog::Post, blog::Comment, blog::PostsTag, tenancy::Project>(
        *server_);
    server_->start();
  }
  RestServer(const RestServer&) = delete;
  RestServer& operator=(const RestServer&) = delete;
  ~RestServer() { server_->stop(); }

  /// `method` `path` with `authorization` (none when empty) and a JSON `body` (none when
  /// empty; `content_type` when given); at most 10 s.
  Answer call(const std::string& method, const std::string& path, const std::string& authorization,
              const std::string& body = "", const std::string& content_type = "application/json") {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_connection_timeout(10);
    client.set_read_timeout(10);
    httplib::Headers headers;
    if (!authorization.empty()) headers.emplace("Authorization", authorization);
    httplib::Result result = [&] {
      if (method == "GET") return client.Get(path.c_str(), headers);
      if (method == "POST") return client.Post(path.c_str(), headers, body, content_type.c_str());
      if (method == "PATCH") return client.Patch(path.c_str(), headers, body, content_type.c_str());
      return client.Delete(path.c_str(), headers);
    }();
    Answer answer;
    if (!result) return answer;  // status 0: no answer
    answer.status = result->status;
    answer.headers = result->headers;
    if (!result->body.empty()) answer.body = nlohmann::json::parse(result->body, nullptr, false);
    return answer;
  }
  Answer get(const std::string& path, const std::string& authorization = writer) { return call("GET", path, authorization); }

  /// The database file, to look behind the server's back.
  [[nodiscard]] std::string database_path() const { return folder_.file("blog.db"); }
  /// The pool's database of tenant `name`.
  [[nodiscard]] std::string tenant_path(const std::string& name) const { return (folder_.path() / "tenants" / (name + ".db")).string(); }

  /// The log lines written so far.
  std::vector<std::string> log() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

 private:
  dorm_test::TempDir folder_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
  std::unique_ptr<dorm::server::Server> server_;
};

std::vector<std::string> names_of(const nlohmann::json& listing) {
  std::vector<std::string> names;
  for (const auto& row : listing.at("rows")) names.push_back(row.at("name").get<std::string>());
  return names;
}

std::string error_of(const Answer& answer) { return answer.body.at("error").get<std::string>(); }

}  // namespace

TEST_CASE("GET /api/{table} lists rows filtered on typed column values, ordered and paged, with the totals",
          "[server][rest]") {
  RestServer server;
  const Answer all = server.get("/api/users?order=name.desc");
  REQUIRE(all.status == 200);
  CHECK(names_of(all.body) == std::vector<std::string>{"cy", "bob", "ann"});
  CHECK(all.body.at("total") == 3);
  CHECK(all.body.at("page") == 1);
  CHECK(all.body.at("per_page") == 100);
  CHECK(all.body.at("rows")[0].at("email") == "cy@example.com");
  CHECK(all.body.at("rows")[0].at("age").is_null());

  CHECK(names_of(server.get("/api/users?age=30").body) == std::vector<std::string>{"ann"});
  CHECK(names_of(server.get("/api/users?email=bob%40example.com").body) == std::vector<std::string>{"bob"});
  CHECK(names_of(server.get("/api/users?age=null").body) == std::vector<std::string>{"cy"});
  CHECK(names_of(server.get("/api/users?order=age.desc,name").body) == std::vector<std::string>{"ann", "bob", "cy"});

  const Answer second = server.get("/api/users?order=id&limit=2&page=2");
  REQUIRE(second.status == 200);
  CHECK(names_of(second.body) == std::vector<std::string>{"cy"});
  CHECK(second.body.at("per_page") == 2);
  CHECK(second.body.at("page") == 2);
  CHECK(second.body.at("total") == 3);
  const Answer past = server.get("/api/users?limit=2&page=5");
  REQUIRE(past.status == 200);
  CHECK(past.body.at("rows").empty());
  CHECK(past.body.at("total") == 3);
}

TEST_CASE("GET /api/{table} answers 400 naming an unknown column, a badly typed value or bad paging",
          "[server][rest]") {
  RestServer server;
  const Answer unknown = server.get("/api/users?password=x");
  CHECK(unknown.status == 400);
  CHECK_THAT(error_of(unknown), Catch::Contains("'password'") && Catch::Contains("table 'users'"));
  CHECK(unknown.body.at("result").is_null());
  const Answer typed = server.get("/api/users?age=old");
  CHECK(typed.status == 400);
  CHECK_THAT(error_of(typed), Catch::Contains("'age'") && Catch::Contains("old"));
  const Answer range = server.get("/api/users?age=1e400");
  CHECK(range.status == 400);
  CHECK_THAT(error_of(range), Catch::Contains("'age'"));
  const Answer order = server.get("/api/users?order=salary.desc");
  CHECK(order.status == 400);
  CHECK_THAT(error_of(order), Catch::Contains("order") && Catch::Contains("'salary'"));
  const Answer limit = server.get("/api/users?limit=0");
  CHECK(limit.status == 400);
  CHECK_THAT(error_of(limit), Catch::Contains("'limit'") && Catch::Contains("'0'"));
  const Answer page = server.get("/api/users?page=two");
  CHECK(page.status == 400);
  CHECK_THAT(error_of(page), Catch::Contains("'page'") && Catch::Contains("'two'"));
}

TEST_CASE("a hostile query string is bound or refused: SQL in a value, SQL as a column, a huge page or limit",
          "[server][rest]") {
  RestServer server;
  const Answer injected = server.get("/api/users?name=x%27%20OR%201%3D1%20--");
  REQUIRE(injected.status == 200);
  CHECK(injected.body.at("total") == 0);
  const Answer as_column = server.get("/api/users?name%3D%27x%27%20OR%201%3D1%20--=1");
  CHECK(as_column.status == 400);
  CHECK_THAT(error_of(as_column), Catch::Contains("unknown filter"));
  const Answer in_order = server.get("/api/users?order=name;DROP%20TABLE%20users");
  CHECK(in_order.status == 400);
  const Answer huge_page = server.get("/api/users?limit=100&page=9223372036854775807");
  CHECK(huge_page.status == 400);
  CHECK_THAT(error_of(huge_page), Catch::Contains("'page' is too large"));
  const Answer beyond_int = server.get("/api/users?page=99999999999999999999999");
  CHECK(beyond_int.status == 400);
  const Answer huge_limit = server.get("/api/users?limit=9223372036854775807");
  REQUIRE(huge_limit.status == 200);
  CHECK(huge_limit.body.at("per_page") == 100'000);
  CHECK(server.get("/api/users").body.at("total") == 3);  // the table is still there, whole
}

TEST_CASE("the server's row limit caps a page of the typed routes", "[server][rest]") {
  RestServer server(Serving{.max_rows = 2});
  const Answer page = server.get("/api/users?limit=50");
  REQUIRE(page.status == 200);
  CHECK(page.body.at("per_page") == 2);
  CHECK(page.body.at("rows").size() == 2);
  CHECK(page.body.at("total") == 3);
  CHECK(server.get("/api/users").body.at("per_page") == 2);
}

TEST_CASE("POST, GET, PATCH and DELETE /api/{table}/{key} write and read one row through the typed runtime",
          "[server][rest]") {
  RestServer server;
  const Answer made = server.call("POST", "/api/posts", writer, R"({"author_id": 2, "title": "Hello", "body": "text"})");
  REQUIRE(made.status == 201);
  const std::string id = std::to_string(made.body.at("id").get<std::int64_t>());
  CHECK(made.body.at("status") == "draft");  // the schema's default
  CHECK(made.body.at("views") == 0);

  const Answer got = server.get("/api/posts/" + id);
  REQUIRE(got.status == 200);
  CHECK(got.body == made.body);

  const Answer patched = server.call("PATCH", "/api/posts/" + id, writer, R"({"status": "published", "views": 7})");
  REQUIRE(patched.status == 200);
  CHECK(patched.body.at("status") == "published");
  CHECK(patched.body.at("views") == 7);
  CHECK(patched.body.at("title") == "Hello");  // not in the body: unchanged
  auto db = dorm::Database::open(server.database_path());
  const auto stored = db.find<blog::Post>(made.body.at("id").get<std::int64_t>());
  REQUIRE(stored);
  CHECK(stored->status == "published");
  CHECK(stored->body == "text");

  const Answer removed = server.call("DELETE", "/api/posts/" + id, writer);
  CHECK(removed.status == 204);
  CHECK(removed.body.is_null());
  CHECK(server.get("/api/posts/" + id).status == 404);
  CHECK_FALSE(db.find<blog::Post>(made.body.at("id").get<std::int64_t>()));
}

TEST_CASE("PATCH sets updated_at and DELETE of a soft-delete table trashes the row", "[server][rest]") {
  RestServer server;
  const Answer made = server.call("POST", "/api/comments", writer, R"({"post_id": 1, "body": "first"})");
  REQUIRE(made.status == 201);
  const std::int64_t id = made.body.at("id").get<std::int64_t>();
  CHECK_FALSE(made.body.at("created_at").get<std::string>().empty());
  auto db = dorm::Database::open(server.database_path());
  db.execute("UPDATE comments SET updated_at = '2000-01-01T00:00:00.000Z' WHERE id = ?", id);
  const Answer patched = server.call("PATCH", "/api/comments/" + std::to_string(id), writer, R"({"approved": true})");
  REQUIRE(patched.status == 200);
  CHECK(patched.body.at("approved") == true);
  CHECK(patched.body.at("updated_at") != "2000-01-01T00:00:00.000Z");

  CHECK(server.call("DELETE", "/api/comments/" + std::to_string(id), writer).status == 204);
  CHECK(server.get("/api/comments").body.at("total") == 0);
  CHECK(server.get("/api/comments/" + std::to_string(id)).status == 404);
  const auto trashed = db.select<blog::Comment>().only_trashed().all();
  REQUIRE(trashed.size() == 1);
  CHECK(trashed.front().deleted_at.has_value());
  CHECK(server.call("DELETE", "/api/comments/" + std::to_string(id), writer).status == 404);
}

TEST_CASE("POST and PATCH answer 422 with every broken rule, of reading and of validation together", "[server][rest]") {
  RestServer server;
  const Answer refused = server.call("POST", "/api/users", writer, R"({"email": "nope", "name": "", "age": "old"})");
  REQUIRE(refused.status == 422);
  std::vector<std::string> rules;
  for (const auto& e : refused.body.at("errors")) {
    rules.push_back(e.at("column").get<std::string>() + " " + e.at("rule").get<std::string>());
    CHECK_FALSE(e.at("message").get<std::string>().empty());
  }
  std::sort(rules.begin(), rules.end());
  CHECK(rules == std::vector<std::string>{"age type", "email format", "name minLength"});
  CHECK_THAT(error_of(refused), Catch::Contains("3 rules"));
  CHECK(server.get("/api/users").body.at("total") == 3);  // nothing inserted

  const Answer patch = server.call("PATCH", "/api/users/1", writer, R"({"id": 9, "age": 200, "nickname": "x"})");
  REQUIRE(patch.status == 422);
  rules.clear();
  for (const auto& e : patch.body.at("errors")) {
    rules.push_back(e.at("column").get<std::string>() + " " + e.at("rule").get<std::string>());
  }
  std::sort(rules.begin(), rules.end());
  CHECK(rules == std::vector<std::string>{"age maximum", "id readOnly", "nickname additionalProperties"});
  CHECK(server.get("/api/users/1").body.at("age") == 30);  // unchanged
}

TEST_CASE("the typed routes answer 404 for an absent row or table and 409 for a broken constraint", "[server][rest]") {
  RestServer server;
  for (const char* method : {"GET", "PATCH", "DELETE"}) {
    const Answer absent = server.call(method, "/api/posts/999", writer, "{}");
    CHECK(absent.status == 404);
    CHECK_THAT(error_of(absent), Catch::Contains("table 'posts'") && Catch::Contains("'999'"));
  }
  const Answer table = server.get("/api/secrets");
  CHECK(table.status == 404);
  CHECK_THAT(error_of(table), Catch::Contains("{prefix}/api/{table}"));
  const Answer duplicate = server.call("POST", "/api/users", writer, R"({"email": "ann@example.com", "name": "Ann 2"})");
  CHECK(duplicate.status == 409);
  CHECK_THAT(error_of(duplicate), Catch::Contains("UNIQUE"));
  const Answer orphan = server.call("POST", "/api/posts", writer, R"({"author_id": 99, "title": "t", "body": ""})");
  CHECK(orphan.status == 409);
  CHECK_THAT(error_of(orphan), Catch::Contains("FOREIGN KEY"));
}

TEST_CASE("the typed routes answer 400 for a bad key, a body that is not a JSON object, or another content type",
          "[server][rest]") {
  RestServer server;
  const Answer key = server.get("/api/posts/abc");
  CHECK(key.status == 400);
  CHECK_THAT(error_of(key), Catch::Contains("bad key") && Catch::Contains("abc"));
  const Answer segments = server.get("/api/posts/1/2");
  CHECK(segments.status == 400);
  CHECK_THAT(error_of(segments), Catch::Contains("key of 1 column"));
  const Answer not_json = server.call("POST", "/api/posts", writer, "{title:");
  CHECK(not_json.status == 400);
  CHECK_THAT(error_of(not_json), Catch::Contains("not JSON"));
  const Answer not_object = server.call("PATCH", "/api/posts/1", writer, "[1, 2]");
  CHECK(not_object.status == 400);
  CHECK_THAT(error_of(not_object), Catch::Contains("JSON object"));
  const Answer form = server.call("POST", "/api/posts", writer, "title=x", "application/x-www-form-urlencoded");
  CHECK(form.status == 400);
  CHECK_THAT(error_of(form), Catch::Contains("Content-Type must be application/json"));
}

TEST_CASE("a composite key is one path segment per key column, in key order", "[server][rest]") {
  RestServer server;
  const Answer linked = server.call("POST", "/api/posts_tags", writer, R"({"post_id": 1, "tag_id": 1})");
  REQUIRE(linked.status == 201);
  const Answer got = server.get("/api/posts_tags/1/1");
  REQUIRE(got.status == 200);
  CHECK(got.body == nlohmann::json{{"post_id", 1}, {"tag_id", 1}});
  CHECK(server.get("/api/posts_tags/1/2").status == 404);
  const Answer one_segment = server.get("/api/posts_tags/1");
  CHECK(one_segment.status == 400);
  CHECK_THAT(error_of(one_segment), Catch::Contains("key of 2 column(s)"));
  CHECK(server.call("DELETE", "/api/posts_tags/1/1", writer).status == 204);
  CHECK(server.get("/api/posts_tags").body.at("total") == 0);
}

TEST_CASE("the typed routes answer 401 without a token or with a wrong one, before anything else", "[server][rest]") {
  RestServer server;
  for (const std::string authorization : {"", "Bearer wrong-secret"}) {
    const Answer refused = server.call("POST", "/api/users", authorization, R"({"email": "x@example.com", "name": "x"})");
    CHECK(refused.status == 401);
    CHECK(refused.headers.count("WWW-Authenticate") == 1);
    CHECK(server.call("GET", "/api/users/1", authorization).status == 401);
    CHECK(server.call("GET", "/api/nope/1", authorization).status == 404);  // not a route at all
  }
  CHECK(server.get("/api/users").body.at("total") == 3);
}

TEST_CASE("a read-only token reads through the typed routes and gets 403 for POST, PATCH and DELETE", "[server][rest]") {
  RestServer server;
  CHECK(server.get("/api/users", reader).status == 200);
  CHECK(server.get("/api/users/1", reader).status == 200);
  const Answer post = server.call("POST", "/api/users", reader, R"({"email": "x@example.com", "name": "x"})");
  CHECK(post.status == 403);
  CHECK_THAT(error_of(post), Catch::StartsWith("refused: token 'reader' is read-only") && Catch::Contains("POST"));
  CHECK(server.call("PATCH", "/api/users/1", reader, R"({"name": "z"})").status == 403);
  CHECK(server.call("DELETE", "/api/posts/1", reader).status == 403);
  CHECK(server.get("/api/users").body.at("total") == 3);
  CHECK(server.get("/api/users/1").body.at("name") == "ann");
  CHECK(server.get("/api/posts").body.at("total") == 1);
}

TEST_CASE("on the single database a tenant-bound token sees and writes its tenant's rows only", "[server][rest]") {
  RestServer server;
  const Answer apollo = server.call("POST", "/api/projects", acme, R"({"code": "A-1", "name": "Apollo", "org_id": "globex"})");
  REQUIRE(apollo.status == 201);
  CHECK(apollo.body.at("org_id") == "acme");  // the scope stamps the row, whatever the body says
  const Answer borealis = server.call("POST", "/api/projects", globex, R"({"code": "B-1", "name": "Borealis"})");
  REQUIRE(borealis.status == 201);
  CHECK(borealis.body.at("org_id") == "globex");
  const std::string borealis_path = "/api/projects/" + std::to_string(borealis.body.at("id").get<std::int64_t>());

  const Answer mine = server.get("/api/projects", acme);
  REQUIRE(mine.status == 200);
  REQUIRE(mine.body.at("total") == 1);
  CHECK(mine.body.at("rows")[0].at("code") == "A-1");
  CHECK(server.get("/api/projects?org_id=globex", acme).body.at("total") == 0);
  CHECK(server.get(borealis_path, acme).status == 404);
  CHECK(server.call("PATCH", borealis_path, acme, R"({"name": "taken"})").status == 404);
  CHECK(server.call("DELETE", borealis_path, acme).status == 404);
  CHECK(server.get(borealis_path, globex).body.at("name") == "Borealis");

  // An unbound token reaches every tenant's rows, as its SQL on /query/raw does.
  CHECK(server.get("/api/projects?order=code", writer).body.at("total") == 2);
  // A table without a tenant column holds no tenant's rows: a bound token cannot reach it here.
  const Answer users = server.get("/api/users", acme);
  CHECK(users.status == 403);
  CHECK_THAT(error_of(users), Catch::Contains("bound to tenant 'acme'") && Catch::Contains("table 'users'"));
}

TEST_CASE("with a pool folder the typed routes serve each tenant's database, and a bound token its own only",
          "[server][rest]") {
  RestServer server(Serving{.database = false, .pool = true});
  const Answer made = server.call("POST", "/t/acme/api/users", acme, R"({"email": "a@acme.test", "name": "Ann"})");
  REQUIRE(made.status == 201);
  CHECK(server.call("POST", "/t/globex/api/users", writer, R"({"email": "g@globex.test", "name": "Gus"})").status == 201);
  CHECK(names_of(server.get("/t/acme/api/users", acme).body) == std::vector<std::string>{"Ann"});
  CHECK(names_of(server.get("/t/globex/api/users", writer).body) == std::vector<std::string>{"Gus"});
  CHECK(server.get("/t/acme/api/users/1", acme).body.at("email") == "a@acme.test");

  const Answer other = server.get("/t/globex/api/users", acme);
  CHECK(other.status == 403);
  CHECK_THAT(error_of(other), Catch::Contains("cannot reach another tenant"));
  CHECK(server.call("DELETE", "/t/globex/api/users/1", acme).status == 403);
  CHECK(server.get("/t/%61cme/api/users", acme).status == 200);  // decoded: acme itself
  CHECK(server.get("/t/ACME/api/users", acme).status == 403);
  const Answer bad_name = server.get("/t/..%2Facme/api/users", writer);
  CHECK((bad_name.status == 400 || bad_name.status == 404));
  CHECK(server.get("/api/users", writer).status == 404);  // no single database served
  // On a tenant route the route's tenant scopes a tenant table, whoever the token is.
  const Answer project = server.call("POST", "/t/globex/api/projects", writer, R"({"code": "G-1", "name": "Gamma"})");
  REQUIRE(project.status == 201);
  CHECK(project.body.at("org_id") == "globex");
  auto globex_db = dorm::Database::open(server.tenant_path("globex"));
  CHECK(globex_db.select<blog::User>().count() == 1);
}

TEST_CASE("the statement time limit interrupts a slow typed listing with a 503", "[server][rest]") {
  // 300,000 comments scanned for a value none has (body is not indexed): far more work than
  // the 1 ms limit allows.
  Serving serving{.statement_time_limit = std::chrono::milliseconds(1)};
  serving.setup = [](dorm::Database& db) {
    blog_rows(db);
    db.execute_script(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
        "INSERT INTO comments (post_id, body, approved, created_at, updated_at) "
        "SELECT 1, 'c' || i, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n;");
  };
  RestServer server(serving);
  const Answer slow = server.get("/api/comments?body=none");
  CHECK(slow.status == 503);
  CHECK_THAT(error_of(slow), Catch::Contains("time limit of 1 ms"));
  CHECK(server.get("/api/users/1").status == 200);  // the connection serves the next request
}

TEST_CASE("each typed request writes one log line with its method, path, status and rows", "[server][rest]") {
  RestServer server;
  (void)server.get("/api/users?order=name");
  (void)server.get("/api/users/1", "");
  (void)server.call("POST", "/api/users", writer, R"({"email": "dee@example.com", "name": "dee"})");
  const auto log = server.log();
  REQUIRE(log.size() == 3);
  CHECK_THAT(log[0], Catch::StartsWith("GET /api/users 200 rows=3 "));
  CHECK_THAT(log[1], Catch::StartsWith("GET /api/users/1 401 rows=0 "));
  CHECK_THAT(log[2], Catch::StartsWith("POST /api/users 201 rows=1 "));
  for (const auto& line : log) {
    CHECK_THAT(line, !Catch::Contains("secret") && !Catch::Contains("dee@example.com"));
  }
}

TEST_CASE("typed routes are added before the server starts, once per table", "[server][rest]") {
  dorm_test::TempDir folder("dorm_rest_routes");
  dorm::server::ServerOptions options;
  options.database = folder.file("blog.db");
  options.address = "127.0.0.1";
  options.port = 0;
  options.unauthenticated = dorm::server::Rights::read_only;
  options.log = {};
  dorm::server::Server server(options);
  dorm::server::add_rest_routes<blog::User>(server);
  CHECK_THROWS_WITH(dorm::server::add_rest_routes<blog::User>(server),
                    "add_rest_table: the routes of table 'users' were added already");
  server.start();
  CHECK_THROWS_WITH(dorm::server::add_rest_routes<blog::Post>(server),
                    "add_rest_table: add the typed routes before bind(), start() or run()");
  server.stop();
}
