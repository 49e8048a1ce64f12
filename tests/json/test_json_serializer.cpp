// Rows as JSON through the generated <namespace>/json.hpp: every kind of value both ways, the
// schema's names as keys, strict reading that reports every problem at once, and a row that goes
// from JSON into the database and back out unchanged.
#include <catch2/catch.hpp>

#include <string>

#include "blog/json.hpp"
#include "profiles/json.hpp"

using nlohmann::json;

namespace {
profiles::Profile sample() {
  return profiles::Profile{.id = 7,
                           .handle = "ada",
                           .bio = std::nullopt,
                           .age = 36,
                           .score = 2.5,
                           .verified = true,
                           .plan = profiles::ProfilePlan::pro,
                           .settings = R"({"theme":"dark","sizes":[1,2]})",
                           .tags = R"(["math","engines"])",
                           .avatar = std::vector<std::byte>{std::byte{0}, std::byte{0xff}, std::byte{'A'}},
                           .joined_at = "2024-05-01T12:00:00Z"};
}

// The rule of every failure, in order.
std::vector<std::string> rules_of(const dorm::ValidationError& e) {
  std::vector<std::string> rules;
  for (const auto& f : e.errors()) rules.push_back(f.column + ':' + f.rule);
  return rules;
}
}  // namespace

TEST_CASE("a row becomes a JSON object keyed by the schema's column names", "[json]") {
  const json j = sample();
  CHECK(j == json::parse(R"({
    "id": 7, "handle": "ada", "bio": null, "age": 36, "score": 2.5, "verified": true, "plan": "pro",
    "settings": {"theme": "dark", "sizes": [1, 2]}, "tags": ["math", "engines"], "avatar": "AP9B",
    "joined_at": "2024-05-01T12:00:00Z"})"));
}

TEST_CASE("object and array columns are written as JSON values, not as strings holding JSON", "[json]") {
  const json j = sample();
  CHECK(j.at("settings").is_object());
  CHECK(j.at("tags").is_array());
  auto row = sample();
  row.tags.reset();
  CHECK(json(row).at("tags").is_null());
}

TEST_CASE("a JSON object reads back into an equal row", "[json]") {
  const auto original = sample();
  const auto back = json(original).get<profiles::Profile>();
  CHECK(back.id == original.id);
  CHECK(back.handle == original.handle);
  CHECK(back.bio == original.bio);
  CHECK(back.age == original.age);
  CHECK(back.score == original.score);
  CHECK(back.verified == original.verified);
  CHECK(back.plan == original.plan);
  CHECK(json::parse(back.settings) == json::parse(original.settings));
  CHECK(back.tags == original.tags);  // nlohmann writes arrays compactly, as the sample has it
  CHECK(back.avatar == original.avatar);
  CHECK(back.joined_at == original.joined_at);
}

TEST_CASE("properties left out keep the members' values, so a new row keeps its defaults", "[json]") {
  auto row = sample();
  json::parse(R"({"handle": "grace", "age": null})").get_to(row);
  CHECK(row.handle == "grace");
  CHECK_FALSE(row.age.has_value());
  CHECK(row.id == 7);
  CHECK(row.plan == profiles::ProfilePlan::pro);
}

TEST_CASE("reading refuses a value of the wrong JSON type, naming the column and both types", "[json]") {
  auto row = sample();
  try {
    json::parse(R"({"handle": 42})").get_to(row);
    FAIL("no error");
  } catch (const dorm::ValidationError& e) {
    REQUIRE(e.errors().size() == 1);
    const auto& f = e.errors()[0];
    CHECK(f.table == "profiles");
    CHECK(f.column == "handle");
    CHECK(f.rule == "type");
    CHECK(f.expected == "string");
    CHECK(f.value == "42");
    CHECK(f.message == "handle: 42 is integer, not string");
  }
}

TEST_CASE("reading reports every problem of the object at once and leaves the row untouched", "[json]") {
  auto row = sample();
  try {
    json::parse(R"({"handle": "grace", "emial": "x", "verified": "yes", "score": "high", "plan": "gold",
                    "settings": [1], "avatar": "not base64!", "id": 1.5, "age": -1})")
        .get_to(row);
    FAIL("no error");
  } catch (const dorm::ValidationError& e) {
    CHECK(rules_of(e) == std::vector<std::string>{"emial:additionalProperties", "id:type", "score:type",
                                                  "verified:type", "plan:enum", "settings:type",
                                                  "avatar:contentEncoding"});
    CHECK(std::string(e.what()).find("emial: table profiles has no such column") != std::string::npos);
    CHECK(std::string(e.what()).find(R"(plan: "gold" is none of "free", "pro", "team")") != std::string::npos);
  }
  CHECK(row.handle == "ada");  // nothing of the object was kept, "handle" included
  CHECK(row.age == 36);        // -1 is a valid int64; the schema's minimum is validate()'s business
}

TEST_CASE("an integer member takes an integral number and refuses one out of its range", "[json]") {
  auto row = sample();
  json::parse(R"({"id": 3.0})").get_to(row);
  CHECK(row.id == 3);
  CHECK_THROWS_AS(json::parse(R"({"id": 18446744073709551615})").get_to(row), dorm::ValidationError);
  CHECK_THROWS_WITH(json::parse(R"({"id": 18446744073709551615})").get_to(row),
                    Catch::Contains("id: 18446744073709551615 is above this member's largest value"));
  CHECK(row.id == 3);
}

TEST_CASE("null fills an optional member and is refused for a required one", "[json]") {
  auto row = sample();
  json::parse(R"({"bio": null, "tags": null, "avatar": null})").get_to(row);
  CHECK_FALSE(row.bio);
  CHECK_FALSE(row.tags);
  CHECK_FALSE(row.avatar);
  CHECK_THROWS_WITH(json::parse(R"({"handle": null})").get_to(row), Catch::Contains("handle: null is null, not string"));
  CHECK_THROWS_WITH(json::parse(R"({"settings": null})").get_to(row),
                    Catch::Contains("settings: null is null, not object"));
}

TEST_CASE("reading something other than an object is refused", "[json]") {
  auto row = sample();
  CHECK_THROWS_WITH(json::parse("[1, 2]").get_to(row), Catch::Contains("[1,2] is array, not object"));
}

TEST_CASE("writing an object column whose text is not JSON of its type fails as validate() does", "[json]") {
  auto row = sample();
  row.settings = "[1]";
  try {
    [[maybe_unused]] const json j = row;
    FAIL("no error");
  } catch (const dorm::ValidationError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0].column == "settings");
    CHECK(e.errors()[0].rule == "type");
    CHECK(e.errors()[0].expected == "object");
  }
}

TEST_CASE("a row read from JSON is inserted, found again and written back as the same JSON", "[json]") {
  auto db = dorm::Database::open(":memory:");
  profiles::migrate(db);
  const json body = json(sample());
  auto row = body.get<profiles::Profile>();
  db.insert(row);
  CHECK(json(db.find_or_fail<profiles::Profile>(7)) == body);
}

TEST_CASE("a generated json.hpp covers every table of its schema", "[json]") {
  blog::User ada{.id = 1, .email = "ada@example.com", .name = "Ada"};
  const json j = ada;
  CHECK(j.at("email") == "ada@example.com");
  CHECK(j.at("bio").is_null());
  blog::Post post = json::parse(R"({"id": 2, "author_id": 1, "title": "Engines", "body": "..."})").get<blog::Post>();
  CHECK(post.title == "Engines");
}
