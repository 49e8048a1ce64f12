// The typed REST handlers of a generated model (dorm/server/rest_table.hpp, issue 17 item 7),
// called directly on a Database: filters typed and refused, order, paging capped by the row
// limit, get/create/update/remove by key, 422 with every broken rule (strict reading and
// validate() together), soft delete, timestamps, and the tenant scope.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <dorm/dorm.hpp>
#include <dorm/server/rest_table.hpp>

#include "blog/models.hpp"
#include "tenancy/models.hpp"

using dorm::server::HttpError;
using dorm::server::QueryParams;
using dorm::server::RestTableOf;
using dorm::server::UnprocessableRow;

namespace {

/// ann (30), bob (20), cy (no age), and ann's posts "one" (published, 5 views) and "two" (draft).
dorm::Database blog_db() {
  auto db = dorm::Database::open(":memory:");
  blog::migrate(db);
  for (auto [name, age] : std::vector<std::pair<std::string, std::optional<std::int64_t>>>{
           {"ann", 30}, {"bob", 20}, {"cy", std::nullopt}}) {
    blog::User user;
    user.email = name + "@example.com";
    user.name = name;
    user.age = age;
    db.insert(user);
  }
  blog::Post one{.author_id = 1, .title = "one", .body = "", .status = "published", .views = 5};
  blog::Post two{.author_id = 1, .title = "two", .body = "", .status = "draft"};
  db.insert(one);
  db.insert(two);
  return db;
}

std::vector<std::string> names_of(const nlohmann::json& listing) {
  std::vector<std::string> names;
  for (const auto& row : listing.at("rows")) names.push_back(row.at("name").get<std::string>());
  return names;
}

/// The HTTP status `f` throws as an HttpError, and its message in `message`.
template <class F>
int status_of(F&& f, std::string& message) {
  try {
    f();
  } catch (const HttpError& e) {
    message = e.what();
    return e.status();
  }
  return 200;
}

}  // namespace

TEST_CASE("a REST listing filters on typed column values, orders and pages with the totals", "[server][rest]") {
  auto db = blog_db();
  const RestTableOf<blog::User> users;
  CHECK(users.name() == "users");
  const auto all = users.list(db, {{"order", "name.desc"}}, 1000);
  CHECK(names_of(all) == std::vector<std::string>{"cy", "bob", "ann"});
  CHECK(all.at("total") == 3);
  CHECK(all.at("page") == 1);
  CHECK(all.at("per_page") == 100);
  CHECK(names_of(users.list(db, {{"age", "20"}}, 1000)) == std::vector<std::string>{"bob"});
  CHECK(names_of(users.list(db, {{"age", "null"}}, 1000)) == std::vector<std::string>{"cy"});
  CHECK(names_of(users.list(db, {{"email", "ann@example.com"}}, 1000)) == std::vector<std::string>{"ann"});
  const auto page2 = users.list(db, {{"order", "age.asc,name"}, {"limit", "2"}, {"page", "2"}}, 1000);
  CHECK(names_of(page2) == std::vector<std::string>{"ann"});
  CHECK(page2.at("total") == 3);
  CHECK(page2.at("per_page") == 2);
  // The server's row limit caps the page size.
  CHECK(users.list(db, {{"limit", "500"}}, 2).at("per_page") == 2);
  const RestTableOf<blog::Post> posts;
  const auto published = posts.list(db, {{"status", "published"}, {"views", "5"}}, 1000);
  REQUIRE(published.at("rows").size() == 1);
  CHECK(published.at("rows")[0].at("title") == "one");
}

TEST_CASE("a REST listing refuses unknown columns, badly typed values and bad paging with 400s naming them", "[server][rest]") {
  auto db = blog_db();
  const RestTableOf<blog::User> users;
  std::string message;
  CHECK(status_of([&] { (void)users.list(db, {{"password", "x"}}, 1000); }, message) == 400);
  CHECK_THAT(message, Catch::Contains("'password'"));
  CHECK(status_of([&] { (void)users.list(db, {{"age", "old"}}, 1000); }, message) == 400);
  CHECK_THAT(message, Catch::Contains("'age'") && Catch::Contains("old"));
  CHECK(status_of([&] { (void)users.list(db, {{"age", "1.5"}}, 1000); }, message) == 400);
  CHECK_THAT(message, Catch::Contains("age"));
  CHECK(status_of([&] { (void)users.list(db, {{"order", "secret.desc"}}, 1000); }, message) == 400);
  CHECK_THAT(message, Catch::Contains("'secret'"));
  CHECK(status_of([&] { (void)users.list(db, {{"limit", "0"}}, 1000); }, message) == 400);
  CHECK_THAT(message, Catch::Contains("limit"));
  CHECK(status_of([&] { (void)users.list(db, {{"page", "two"}}, 1000); }, message) == 400);
  CHECK_THAT(message, Catch::Contains("'two'"));
  const RestTableOf<blog::Post> posts;
  CHECK(status_of([&] { (void)posts.list(db, {{"views", "many"}}, 1000); }, message) == 400);
  CHECK_THAT(message, Catch::Contains("'views'") && Catch::Contains("many"));
}

TEST_CASE("REST get, update and remove find a row by its key, and 404 when it is absent", "[server][rest]") {
  auto db = blog_db();
  const RestTableOf<blog::User> users;
  CHECK(users.get(db, {"2"}).at("name") == "bob");
  std::string message;
  CHECK(status_of([&] { (void)users.get(db, {"99"}); }, message) == 404);
  CHECK_THAT(message, Catch::Contains("'99'") && Catch::Contains("users"));
  CHECK(status_of([&] { (void)users.get(db, {"x"}); }, message) == 400);
  CHECK(status_of([&] { (void)users.get(db, {"1", "2"}); }, message) == 400);
  const auto changed = users.update(db, {"2"}, R"({"bio": "hi", "age": 21})");
  CHECK(changed.at("bio") == "hi");
  CHECK(changed.at("age") == 21);
  CHECK(changed.at("name") == "bob");
  CHECK(db.find_or_fail<blog::User>(std::int64_t{2}).age == 21);
  CHECK(status_of([&] { (void)users.update(db, {"99"}, R"({"bio": "x"})"); }, message) == 404);
  users.remove(db, {"2"});
  CHECK_FALSE(db.find<blog::User>(std::int64_t{2}).has_value());
  CHECK(status_of([&] { users.remove(db, {"2"}); }, message) == 404);
}

TEST_CASE("a REST create inserts the body's row, and a 422 lists every broken rule of reading and validation", "[server][rest]") {
  auto db = blog_db();
  const RestTableOf<blog::User> users;
  const auto made = users.create(db, R"({"email": "dee@example.com", "name": "dee", "age": 40})");
  CHECK(made.at("id") == 4);
  CHECK(made.at("created_at").is_string());
  CHECK(db.find_or_fail<blog::User>(std::int64_t{4}).name == "dee");
  try {
    (void)users.create(db, R"({"email": "not an email", "name": "", "age": "old", "shoe": 9})");
    FAIL("the row was inserted");
  } catch (const UnprocessableRow& e) {
    CHECK(e.status() == 422);
    std::vector<std::string> broken;
    for (const auto& f : e.errors()) broken.push_back(f.column + " " + f.rule);
    std::sort(broken.begin(), broken.end());
    CHECK(broken == std::vector<std::string>{"age type", "email format", "name minLength", "shoe additionalProperties"});
  }
  CHECK(db.select<blog::User>().count() == 4);
  std::string message;
  CHECK(status_of([&] { (void)users.create(db, "{not json"); }, message) == 400);
  CHECK(status_of([&] { (void)users.create(db, "[1]"); }, message) == 400);
}

TEST_CASE("a REST update validates, refuses a key change, and keeps the row on a 422", "[server][rest]") {
  auto db = blog_db();
  const RestTableOf<blog::User> users;
  try {
    (void)users.update(db, {"1"}, R"({"id": 7, "age": 200})");
    FAIL("the row was updated");
  } catch (const UnprocessableRow& e) {
    REQUIRE(e.errors().size() == 2);
    CHECK(e.errors()[0].column == "id");
    CHECK(e.errors()[0].rule == "readOnly");
    CHECK(e.errors()[1].column == "age");
    CHECK(e.errors()[1].rule == "maximum");
  }
  CHECK(db.find_or_fail<blog::User>(std::int64_t{1}).age == 30);
}

TEST_CASE("a REST remove of a soft-delete table trashes the row, and updates set updated_at", "[server][rest]") {
  auto db = blog_db();
  blog::Comment comment{.post_id = 1, .body = "first"};
  db.insert(comment);
  const RestTableOf<blog::Comment> comments;
  const auto before = comments.get(db, {std::to_string(comment.id)});
  const auto changed = comments.update(db, {std::to_string(comment.id)}, R"({"approved": true})");
  CHECK(changed.at("approved") == true);
  CHECK(changed.at("updated_at").get<std::string>() >= before.at("updated_at").get<std::string>());
  comments.remove(db, {std::to_string(comment.id)});
  std::string message;
  CHECK(status_of([&] { (void)comments.get(db, {std::to_string(comment.id)}); }, message) == 404);
  CHECK(comments.list(db, {}, 1000).at("total") == 0);
  const auto trashed = db.select<blog::Comment>().only_trashed().all();
  REQUIRE(trashed.size() == 1);
  CHECK(trashed.front().deleted_at.has_value());
  CHECK(before.at("body") == "first");
}

TEST_CASE("REST handlers of a tenant table see and write the active tenant's rows only", "[server][rest]") {
  auto db = dorm::Database::open(":memory:");
  tenancy::migrate(db);
  const RestTableOf<tenancy::Project> projects;
  {
    dorm::TenantScope scope{"acme"};
    (void)projects.create(db, R"({"code": "A-1", "name": "Apollo", "budget": 100})");
  }
  {
    dorm::TenantScope scope{"globex"};
    const auto made = projects.create(db, R"({"code": "B-1", "name": "Borealis", "budget": 5})");
    CHECK(made.at("org_id") == "globex");
  }
  dorm::TenantScope scope{"acme"};
  const auto listing = projects.list(db, {{"org_id", "globex"}}, 1000);
  CHECK(listing.at("total") == 0);
  const auto mine = projects.list(db, {}, 1000);
  REQUIRE(mine.at("total") == 1);
  CHECK(mine.at("rows")[0].at("code") == "A-1");
  std::string message;
  CHECK(status_of([&] { (void)projects.get(db, {"2"}); }, message) == 404);
  CHECK(status_of([&] { projects.remove(db, {"2"}); }, message) == 404);
}
