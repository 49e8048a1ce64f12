// JSON columns hold JSON (dorm/core/json_text.hpp): an object/array property is refused by
// validate() unless it is JSON of that type, and by its `<column>_json` CHECK constraint.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <dorm/core/json_text.hpp>

#include "support.hpp"

using Catch::Matchers::Contains;
using dorm::JsonType;

namespace {

bool is_object(std::string_view text) { return !dorm::json_problem(text, JsonType::object); }
bool is_array(std::string_view text) { return !dorm::json_problem(text, JsonType::array); }

const std::vector<std::string> valid_objects{
    "{}", " { } ", "{\"a\":1}", "{\"a\": [1, 2.5, -0.5e-3, 1E+2, true, false, null]}", "{\"\\u00e9\\n\\\"\":\"x\"}",
    "{\"nested\": {\"deeper\": [[], {}]}}", "{\"ü\": \"日本語\"}", "\t{\"a\":\r\n0}\n", "{\"lone\": \"\\ud800\"}"};

const std::vector<std::string> invalid_texts{
    "",          "this is not json", "{",           "{\"a\":1,}", "{'a':1}",        "{a:1}",       "{\"a\":01}",
    "{\"a\":+1}", "{\"a\":.5}",       "{\"a\":1.}",  "{\"a\":1e}", "{\"a\":\"\x01\"}", "{\"a\":\"\\x\"}",
    "{\"a\":\"\\u12\"}", "{} {}",      "{\"a\" 1}",   "{\"a\":tru}", "{\"a\":NaN}",    "{\"a\":1}/**/",
    "{\"a\":\"\xff\"}", "{\"a\":[1,]}", "{\"a\":-}",   "{\"a\":1}x"};

}  // namespace

TEST_CASE("json_problem accepts JSON of the asked type and says where other text stops being JSON", "[runtime][json]") {
  for (const std::string& text : valid_objects) {
    INFO(text);
    CHECK(is_object(text));
    CHECK_FALSE(is_array(text));
  }
  for (const std::string& text : invalid_texts) {
    INFO(text);
    CHECK_FALSE(is_object(text));
  }
  CHECK(is_array("[]"));
  CHECK(is_array("[{\"a\": 1}, 2]"));
  CHECK_FALSE(is_array("2"));
  const auto problem = dorm::json_problem("{\"a\" 1}", JsonType::object);
  REQUIRE(problem);
  CHECK(problem->offset == 5);
  CHECK(problem->reason == "expected ':' after an object key");
  const auto wrong = dorm::json_problem("[1]", JsonType::object);
  REQUIRE(wrong);
  CHECK(wrong->wrong_type);
  CHECK(wrong->reason == "an array, not an object");
}

TEST_CASE("JSON nested deeper than SQLite's JSON functions read is refused", "[runtime][json]") {
  std::string deep(dorm::max_json_depth, '[');
  deep += std::string(dorm::max_json_depth, ']');
  CHECK(is_array(deep));
  const std::string deeper = '[' + deep + ']';
  const auto problem = dorm::json_problem(deeper, JsonType::array);
  REQUIRE(problem);
  CHECK_THAT(problem->reason, Contains("nested deeper than 1000 levels"));
}

TEST_CASE("validate() refuses an object or array column whose text is not JSON of that type", "[runtime][json]") {
  auto db = rt_test::memory_db();
  rt::LegacyValue row;
  row.id = 1;
  row.settings = "this is not json";
  row.tags = "{}";
  try {
    db.insert(row);
    FAIL("inserted");
  } catch (const dorm::ValidationError& e) {
    REQUIRE(e.errors().size() == 2);
    CHECK(e.errors()[0].column == "settings");
    CHECK(e.errors()[0].rule == "type");
    CHECK(e.errors()[0].expected == "object");
    CHECK(e.errors()[0].message == R"(settings: "this is not json" is not JSON: expected a JSON value at byte 0)");
    CHECK(e.errors()[1].message == R"(tags: "{}" is JSON, but an object, not an array)");
  }
  row.settings = R"({"theme": "dark"})";
  row.tags = R"(["a", "b"])";
  db.insert(row);
  CHECK(db.find_or_fail<rt::LegacyValue>(1).settings == row.settings);
  // The default of the array column is an empty array, and NULL passes.
  db.execute("INSERT INTO legacy_values (id) VALUES (2)");
  CHECK(db.find_or_fail<rt::LegacyValue>(2).tags == "[]");
  CHECK_FALSE(db.find_or_fail<rt::LegacyValue>(2).settings.has_value());
}

TEST_CASE("the JSON CHECK constraint refuses what validate() refuses, and never what it accepts", "[runtime][json]") {
  auto db = rt_test::memory_db();
  std::int64_t id = 0;
  for (const std::string& text : valid_objects) {
    INFO(text);
    CHECK(db.execute("INSERT INTO legacy_values (id, settings) VALUES (?, ?)", ++id, text) == 1);
  }
  for (const std::string& text : invalid_texts) {
    INFO(text);
    try {
      db.execute("INSERT INTO legacy_values (id, settings) VALUES (?, ?)", ++id, text);
      // SQLite's json_valid does not check UTF-8; validate() does (RFC 8259 section 8.1).
      CHECK(text.find('\xff') != std::string::npos);
    } catch (const dorm::ConstraintError& e) {
      CHECK(e.kind() == dorm::ConstraintError::Kind::check);
      CHECK_THAT(e.what(), Contains("settings_json"));
    }
  }
  CHECK_THROWS_WITH(db.execute("INSERT INTO legacy_values (id, tags) VALUES (?, '{}')", ++id), Contains("tags_json"));
  // The deepest JSON validate() accepts is accepted by SQLite too.
  const std::string deep = std::string(dorm::max_json_depth, '[') + std::string(dorm::max_json_depth, ']');
  CHECK(db.execute("INSERT INTO legacy_values (id, tags) VALUES (?, ?)", ++id, deep) == 1);
}

TEST_CASE("factories fill object and array columns with JSON of their type", "[runtime][json]") {
  auto db = rt_test::memory_db();
  const auto rows = dorm::factory<rt::LegacyValue>().count(3).create(db);
  REQUIRE(rows.size() == 3);
  for (const auto& row : rows) {
    CHECK(row.tags == "[]");
    CHECK(dorm::validation_errors(row).empty());
  }
}
