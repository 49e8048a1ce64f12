#include <catch2/catch.hpp>

#include <string>

#include "frontend/json/located_json.hpp"

using dorm::frontend::json::escape_pointer_token;
using dorm::frontend::json::max_nesting_depth;
using dorm::frontend::json::parse_located_json;
using dorm::ir::Diagnostics;

TEST_CASE("located JSON records the line and column of keys and values", "[generator][located_json]") {
  Diagnostics diags;
  const auto doc = parse_located_json(
      "{\n"
      "  \"$id\": \"users\",\n"
      "  \"properties\": {\n"
      "    \"email\": { \"x-dorm-unique\": true },\n"
      "    \"tags\": [1, [2, 3]]\n"
      "  }\n"
      "}\n",
      "users.json", diags);
  REQUIRE(doc);
  CHECK(diags.str().empty());
  CHECK(doc->value["properties"]["email"]["x-dorm-unique"] == true);
  CHECK(doc->value_location("").str() == "users.json:1:1");
  CHECK(doc->key_location("/$id").str() == "users.json:2:3");
  CHECK(doc->value_location("/$id").str() == "users.json:2:10");
  CHECK(doc->key_location("/properties/email").str() == "users.json:4:5");
  CHECK(doc->key_location("/properties/email/x-dorm-unique").str() == "users.json:4:16");
  CHECK(doc->value_location("/properties/email/x-dorm-unique").str() == "users.json:4:33");
  CHECK(doc->value_location("/properties/tags/1").str() == "users.json:5:17");
  CHECK(doc->value_location("/properties/tags/1/1").str() == "users.json:5:21");
  // Array elements have no key: their key location is the element itself.
  CHECK(doc->key_location("/properties/tags/0").str() == "users.json:5:14");
}

TEST_CASE("located JSON keeps object keys in the order they are written", "[generator][located_json]") {
  Diagnostics diags;
  const auto doc = parse_located_json(R"({"zeta": 1, "alpha": 2, "mid": 3})", "a.json", diags);
  REQUIRE(doc);
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc->value.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"zeta", "alpha", "mid"});
}

TEST_CASE("located JSON counts columns in characters, not UTF-8 bytes", "[generator][located_json]") {
  Diagnostics diags;
  const auto doc = parse_located_json("{\"d\": \"\xC3\xA9t\xC3\xA9\", \"x\": 1}", "u.json", diags);
  REQUIRE(doc);
  CHECK(doc->key_location("/x").str() == "u.json:1:14");
}

TEST_CASE("located JSON addresses keys with escapes and pointer characters", "[generator][located_json]") {
  Diagnostics diags;
  const auto doc = parse_located_json(R"({"a/b": {"c~d": 1}, "q\"x": 2})", "p.json", diags);
  REQUIRE(doc);
  CHECK(escape_pointer_token("a/b~c") == "a~1b~0c");
  CHECK(doc->key_location("/a~1b/c~0d").str() == "p.json:1:10");
  CHECK(doc->key_location("/q\"x").str() == "p.json:1:21");
}

TEST_CASE("located JSON gives the file alone for an unknown pointer", "[generator][located_json]") {
  Diagnostics diags;
  const auto doc = parse_located_json("{}", "e.json", diags);
  REQUIRE(doc);
  CHECK(doc->key_location("/nope").str() == "e.json");
}

TEST_CASE("a JSON syntax error is reported at its line and column", "[generator][located_json]") {
  Diagnostics diags;
  const auto doc = parse_located_json("{\n  \"a\": 1\n  \"b\": 2\n}\n", "bad.json", diags);
  CHECK_FALSE(doc);
  CHECK(diags.str() ==
        "bad.json:3:3: error: invalid JSON: while parsing object - unexpected string literal; "
        "expected '}' [dorm-json-syntax]\n");
}

TEST_CASE("truncated JSON is reported at the end of the text", "[generator][located_json]") {
  Diagnostics diags;
  CHECK_FALSE(parse_located_json("{\"a\": [1, 2", "t.json", diags));
  CHECK(diags.str().rfind("t.json:1:12: error: invalid JSON: ", 0) == 0);
  CHECK(diags.all().front().code == "dorm-json-syntax");
}

TEST_CASE("empty input is a JSON syntax error", "[generator][located_json]") {
  Diagnostics diags;
  CHECK_FALSE(parse_located_json("", "empty.json", diags));
  REQUIRE(diags.all().size() == 1);
  CHECK(diags.all().front().loc.str() == "empty.json:1:1");
}

TEST_CASE("a duplicate key is an error pointing at both keys", "[generator][located_json]") {
  Diagnostics diags;
  const auto doc = parse_located_json("{\n  \"id\": 1,\n  \"id\": 2\n}", "dup.json", diags);
  CHECK_FALSE(doc);
  CHECK(diags.str() ==
        "dup.json:3:3: error: duplicate key 'id' in one object (JSON keeps only the last one) [dorm-duplicate-key]\n"
        "dup.json:2:3: note: first 'id' is here\n");
}

TEST_CASE("equal keys in different objects are not duplicates", "[generator][located_json]") {
  Diagnostics diags;
  CHECK(parse_located_json(R"({"a": {"id": 1}, "b": {"id": 2}})", "ok.json", diags));
  CHECK(diags.str().empty());
}

TEST_CASE("an invalid literal is reported at the start of the literal", "[generator][located_json]") {
  Diagnostics diags;
  CHECK_FALSE(parse_located_json("{\"a\": tru}", "l.json", diags));
  REQUIRE(diags.all().size() == 1);
  CHECK(diags.all().front().loc.str() == "l.json:1:7");
}

TEST_CASE("a number a double cannot hold is an error at the number, not an exception", "[generator][located_json]") {
  Diagnostics diags;
  std::optional<dorm::frontend::json::LocatedJson> doc;
  REQUIRE_NOTHROW(doc = parse_located_json("{\n  \"s\": \"1e400\",\n  \"n\": [1, -2.5e400]\n}\n", "t.json", diags));
  CHECK_FALSE(doc);
  // The "1e400" inside a string is text, not the number nlohmann refused.
  CHECK(diags.str() ==
        "t.json:3:12: error: the number -2.5e400 is out of the range of a double (about -1.8e308 to 1.8e308) "
        "[dorm-json-number-range]\n");
}

TEST_CASE("an out of range number with hundreds of digits is shown shortened", "[generator][located_json]") {
  Diagnostics diags;
  const std::string digits(400, '9');
  CHECK_FALSE(parse_located_json("{\"maximum\": " + digits + "}", "t.json", diags));
  CHECK(diags.str() == "t.json:1:13: error: the number " + std::string(37, '9') +
                           "... is out of the range of a double (about -1.8e308 to 1.8e308) [dorm-json-number-range]\n");
}

TEST_CASE("the largest double and numbers that round to zero are accepted", "[generator][located_json]") {
  Diagnostics diags;
  const auto doc = parse_located_json(R"({"max": 1.7976931348623157e308, "tiny": 1e-400})", "t.json", diags);
  REQUIRE(doc);
  CHECK(diags.str().empty());
  CHECK(doc->value["max"].get<double>() > 1.7e308);
  CHECK(doc->value["tiny"].get<double>() == 0.0);
}

TEST_CASE("nesting deeper than the limit is refused at the first bracket past it", "[generator][located_json]") {
  // 100,000 levels (200 KB) overflowed the stack of the position scanner.
  const std::size_t depth = 100000;
  const std::string text = "\n" + std::string(depth, '[') + std::string(depth, ']');
  Diagnostics diags;
  CHECK_FALSE(parse_located_json(text, "deep.json", diags));
  CHECK(diags.str() == "deep.json:2:" + std::to_string(max_nesting_depth + 1) + ": error: this '[' opens level " +
                           std::to_string(max_nesting_depth + 1) +
                           "; a schema file may nest arrays and objects at most " +
                           std::to_string(max_nesting_depth) + " levels deep [dorm-json-too-deep]\n");
}

TEST_CASE("objects count toward the nesting limit like arrays", "[generator][located_json]") {
  std::string text;
  for (std::size_t i = 0; i <= max_nesting_depth; ++i) text += "{\"a\":";
  text += "1" + std::string(max_nesting_depth + 1, '}');
  Diagnostics diags;
  CHECK_FALSE(parse_located_json(text, "t.json", diags));
  CHECK(diags.str().rfind("t.json:1:" + std::to_string(5 * max_nesting_depth + 1) + ": error: this '{' opens level", 0) == 0);
}

TEST_CASE("nesting at the limit parses, and brackets inside strings do not count", "[generator][located_json]") {
  const std::string inner = R"({"s": "[[[[{{{{\"[[[["})";
  const std::string text = std::string(max_nesting_depth - 1, '[') + inner + std::string(max_nesting_depth - 1, ']');
  Diagnostics diags;
  const auto doc = parse_located_json(text, "t.json", diags);
  REQUIRE(doc);
  CHECK(diags.str().empty());
  std::string pointer;
  for (std::size_t i = 1; i < max_nesting_depth; ++i) pointer += "/0";
  CHECK(doc->value_location(pointer).str() == "t.json:1:" + std::to_string(max_nesting_depth));
  CHECK(doc->value_location(pointer + "/s").str() == "t.json:1:" + std::to_string(max_nesting_depth + 6));
}

TEST_CASE("locations of a long key over many elements are found by their path", "[generator][located_json]") {
  // A 20,000-character key over 20,000 array elements (60 KB): pointers kept whole for every
  // element held the key 20,000 times (458 MB peak, measured with /usr/bin/time -v on dorm-gen);
  // the tree of tokens holds it once (68 MB). Memory is measured, not asserted here.
  const std::string key(20000, 'k');
  std::string text = "{\"" + key + "\": [1";
  for (int i = 1; i < 20000; ++i) text += ",1";
  text += "]}";
  Diagnostics diags;
  const auto doc = parse_located_json(text, "wide.json", diags);
  REQUIRE(doc);
  CHECK(doc->value_location("/" + key + "/19999").str() == "wide.json:1:" + std::to_string(key.size() + 7 + 2 * 19999));
  CHECK(doc->key_location("/" + key).str() == "wide.json:1:2");
  CHECK(doc->value_location("/" + key + "/20000").str() == "wide.json");
}
