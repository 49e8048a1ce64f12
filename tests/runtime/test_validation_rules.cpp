// The validation rules of dorm/lifecycle/validation.hpp: lengths in code points, bounds, enum, pattern,
// format, and the FieldError / ValidationError texts users read. Public API only.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <dorm/dorm.hpp>
#include <dorm/lifecycle/validation.hpp>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

/// The errors of one check run on a fresh "accounts" error list.
template <class Check>
dorm::ValidationErrors run(Check check) {
  dorm::ValidationErrors errors("accounts");
  check(errors);
  return errors;
}

bool passes_min_length(std::string_view value, std::int64_t min) {
  return run([&](auto& e) { dorm::check::min_length(e, "name", value, min); }).empty();
}
bool passes_max_length(std::string_view value, std::int64_t max) {
  return run([&](auto& e) { dorm::check::max_length(e, "name", value, max); }).empty();
}
bool passes_pattern(std::string_view value, std::string_view source) {
  const dorm::Pattern p{source};
  return run([&](auto& e) { dorm::check::pattern(e, "code", value, p); }).empty();
}
bool email(std::string_view v) { return dorm::matches_format(v, dorm::Format::email); }
bool uuid(std::string_view v) { return dorm::matches_format(v, dorm::Format::uuid); }
bool date(std::string_view v) { return dorm::matches_format(v, dorm::Format::date); }
bool date_time(std::string_view v) { return dorm::matches_format(v, dorm::Format::date_time); }

/// The single FieldError a failing check produced.
dorm::FieldError only_error(const dorm::ValidationErrors& errors) {
  REQUIRE(errors.size() == 1);
  return errors.errors().front();
}

}  // namespace

// Hand-written models, wired like generated ones (dorm_table_of, declared only, found by ADL);
// outside the anonymous namespace, where a declared-only function would be an error.
namespace validation_test {

// A model with rules.
struct Account {
  std::string name;
  std::string email;
  std::int64_t age = 0;
};
struct accounts_table {
  using model_type = Account;
  static constexpr std::string_view name = "accounts";
  static void validate(const Account& row, dorm::ValidationErrors& errors) {
    dorm::check::max_length(errors, "name", row.name, 10);
    dorm::check::format(errors, "email", row.email, dorm::Format::email);
    dorm::check::minimum(errors, "age", static_cast<double>(row.age), 0);
  }
};
accounts_table dorm_table_of(dorm::tag<Account>);

// A model whose table has no rules: validate() accepts everything.
struct Note {
  std::string text;
};
struct notes_table {
  using model_type = Note;
  static constexpr std::string_view name = "notes";
};
notes_table dorm_table_of(dorm::tag<Note>);

}  // namespace validation_test

using validation_test::Account;
using validation_test::Note;

namespace {
constexpr std::int64_t levels[] = {1, 2, -3};
constexpr double weights[] = {0.5, 1, 2.25};
}  // namespace

// ---------------------------------------------------------------------------------------------
// utf8_length

TEST_CASE("utf8_length counts Unicode code points, not bytes", "[runtime][validation]") {
  CHECK(dorm::utf8_length("") == 0);
  CHECK(dorm::utf8_length("hello") == 5);
  CHECK(dorm::utf8_length("héllo") == 5);
  CHECK(dorm::utf8_length("日本語") == 3);
  CHECK(dorm::utf8_length("👍") == 1);
  CHECK(dorm::utf8_length("👍🏽") == 2);             // thumbs up + skin tone modifier
  CHECK(dorm::utf8_length("e\xCC\x81") == 2);     // e + combining acute accent
  CHECK(dorm::utf8_length(std::string_view("a\0b", 3)) == 3);
}

TEST_CASE("utf8_length counts text that is not UTF-8 as SQLite's length() does", "[runtime][validation]") {
  // A byte from 0xC0 up takes the continuation bytes after it; any other byte is one character
  // (issue 20: so a minLength/maxLength CHECK and validate() count alike).
  CHECK(dorm::utf8_length("\xFF") == 1);
  CHECK(dorm::utf8_length("a\x80" "b") == 3);          // stray continuation byte
  CHECK(dorm::utf8_length("\xE6\x97") == 1);           // truncated 3-byte sequence
  CHECK(dorm::utf8_length("\xC0\xAF") == 1);           // overlong '/'
  CHECK(dorm::utf8_length("\xED\xA0\x80") == 1);       // UTF-16 surrogate
  CHECK(dorm::utf8_length("\xF4\x90\x80\x80") == 1);   // above U+10FFFF
  auto db = dorm::Database::open(":memory:");
  for (const std::string_view text : {"\xFF", "a\x80" "b", "\xE6\x97", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                      "\xC3\xA9\x80\x80x", "\x80\x80\xFE\xFF", "\xE6\x97\xA5\xE6"}) {
    INFO(text.size() << " bytes");
    CHECK(db.query_value<std::int64_t>("SELECT length(?)", text) == static_cast<std::int64_t>(dorm::utf8_length(text)));
  }
}

// ---------------------------------------------------------------------------------------------
// minLength / maxLength

TEST_CASE("maxLength counts code points, not bytes", "[runtime][validation]") {
  CHECK(passes_max_length("héllo", 5));               // 6 bytes
  CHECK(passes_max_length("日本語", 3));               // 9 bytes
  CHECK(passes_max_length("👍🏽", 2));                 // 8 bytes
  CHECK(passes_max_length("e\xCC\x81", 2));
  CHECK_FALSE(passes_max_length("e\xCC\x81", 1));     // combining marks are code points of their own
  CHECK_FALSE(passes_max_length("日本語!", 3));
  CHECK_FALSE(passes_max_length("👍🏽", 1));
  CHECK(passes_max_length("", 0));
  CHECK_FALSE(passes_max_length("a", 0));
}

TEST_CASE("minLength counts code points, not bytes", "[runtime][validation]") {
  CHECK(passes_min_length("日本", 2));
  CHECK_FALSE(passes_min_length("日本", 3));           // 6 bytes, 2 characters
  CHECK(passes_min_length("héllo", 5));
  CHECK_FALSE(passes_min_length("hé", 3));
  CHECK(passes_min_length("", 0));
  CHECK_FALSE(passes_min_length("", 1));
}

TEST_CASE("a maxLength failure names the column, the value, its length and the rule", "[runtime][validation]") {
  const auto errors = run([](auto& e) { dorm::check::max_length(e, "name", "Bartholomew", 10); });
  const dorm::FieldError error = only_error(errors);
  CHECK(error.table == "accounts");
  CHECK(error.column == "name");
  CHECK(error.rule == "maxLength");
  CHECK(error.expected == "10");
  CHECK(error.value == "\"Bartholomew\"");
  CHECK(error.message == "name: \"Bartholomew\" is 11 characters, more than maxLength 10");
}

TEST_CASE("a minLength failure says how long the value is, in the singular for one", "[runtime][validation]") {
  const auto errors = run([](auto& e) { dorm::check::min_length(e, "name", "é", 2); });
  const dorm::FieldError error = only_error(errors);
  CHECK(error.rule == "minLength");
  CHECK(error.expected == "2");
  CHECK(error.message == "name: \"é\" is 1 character, less than minLength 2");
}

// ---------------------------------------------------------------------------------------------
// minimum / maximum / exclusiveMinimum / exclusiveMaximum

TEST_CASE("minimum and maximum are inclusive", "[runtime][validation]") {
  const auto ok = [](double v) {
    return run([&](auto& e) {
             dorm::check::minimum(e, "age", v, 0);
             dorm::check::maximum(e, "age", v, 150);
           }).empty();
  };
  CHECK(ok(0));
  CHECK(ok(150));
  CHECK(ok(42.5));
  CHECK_FALSE(ok(-1));
  CHECK_FALSE(ok(-0.001));
  CHECK_FALSE(ok(150.5));
  CHECK_FALSE(ok(151));
}

TEST_CASE("exclusiveMinimum and exclusiveMaximum are strict", "[runtime][validation]") {
  const auto ok = [](double v) {
    return run([&](auto& e) {
             dorm::check::exclusive_minimum(e, "ratio", v, 0);
             dorm::check::exclusive_maximum(e, "ratio", v, 1);
           }).empty();
  };
  CHECK(ok(0.5));
  CHECK(ok(std::nextafter(0.0, 1.0)));
  CHECK(ok(std::nextafter(1.0, 0.0)));
  CHECK_FALSE(ok(0));
  CHECK_FALSE(ok(1));
  CHECK_FALSE(ok(-3));
  CHECK_FALSE(ok(2));
}

TEST_CASE("one check per bound takes integers, compared exactly as SQLite compares INTEGER with REAL, and reals", "[runtime][validation]") {
  const std::int64_t past_double = 9007199254740993;  // a double rounds it to 9007199254740992
  const auto broken = [](auto check) { return run(check).size(); };
  CHECK(broken([&](auto& e) { dorm::check::maximum(e, "n", past_double, 9007199254740992.0); }) == 1);
  CHECK(broken([&](auto& e) { dorm::check::exclusive_maximum(e, "n", past_double - 1, 9007199254740992.0); }) == 1);
  CHECK(broken([&](auto& e) { dorm::check::minimum(e, "n", past_double, 9007199254740992.0); }) == 0);
  CHECK(broken([&](auto& e) { dorm::check::exclusive_minimum(e, "n", past_double, 9007199254740992.0); }) == 0);
  // The same value as a double is 9007199254740992 and passes the maximum.
  CHECK(broken([&](auto& e) { dorm::check::maximum(e, "n", static_cast<double>(past_double), 9007199254740992.0); }) == 0);
  // Any integer type and float take the same names.
  CHECK(broken([](auto& e) { dorm::check::minimum(e, "n", 3, 3.5); }) == 1);
  CHECK(broken([](auto& e) { dorm::check::minimum(e, "n", 4u, 3.5); }) == 0);
  CHECK(broken([](auto& e) { dorm::check::maximum(e, "n", short{4}, 3.5); }) == 1);
  CHECK(broken([](auto& e) { dorm::check::maximum(e, "n", 3.25f, 3.5); }) == 0);
  const auto error = only_error(run([&](auto& e) { dorm::check::maximum(e, "n", past_double, 9007199254740992.0); }));
  CHECK(error.value == "9007199254740993");
  CHECK(error.message == "n: 9007199254740993 is more than maximum 9007199254740992");
}

TEST_CASE("NaN fails every numeric bound", "[runtime][validation]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto errors = run([&](auto& e) {
    dorm::check::minimum(e, "score", nan, 0);
    dorm::check::maximum(e, "score", nan, 10);
    dorm::check::exclusive_minimum(e, "score", nan, 0);
    dorm::check::exclusive_maximum(e, "score", nan, 10);
  });
  REQUIRE(errors.size() == 4);
  CHECK(errors.errors()[0].message == "score: NaN is not a number, so it cannot satisfy minimum 0");
}

TEST_CASE("bound messages print numbers without a useless .0", "[runtime][validation]") {
  SECTION("integral bounds and values") {
    const auto error = only_error(run([](auto& e) { dorm::check::maximum(e, "age", 200, 150); }));
    CHECK(error.rule == "maximum");
    CHECK(error.expected == "150");
    CHECK(error.value == "200");
    CHECK(error.message == "age: 200 is more than maximum 150");
  }
  SECTION("fractions") {
    const auto error = only_error(run([](auto& e) { dorm::check::minimum(e, "ratio", 0.25, 0.5); }));
    CHECK(error.expected == "0.5");
    CHECK(error.message == "ratio: 0.25 is less than minimum 0.5");
  }
  SECTION("large whole numbers stay whole") {
    const auto error = only_error(run([](auto& e) { dorm::check::maximum(e, "views", 1000000, 999999); }));
    CHECK(error.message == "views: 1000000 is more than maximum 999999");
  }
  SECTION("shortest round-trip text for doubles") {
    const auto error = only_error(run([](auto& e) { dorm::check::exclusive_maximum(e, "p", 0.1 + 0.2, 0.3); }));
    CHECK(error.rule == "exclusiveMaximum");
    CHECK(error.message == "p: 0.30000000000000004 is not less than exclusiveMaximum 0.3");
  }
  SECTION("exclusiveMinimum") {
    const auto error = only_error(run([](auto& e) { dorm::check::exclusive_minimum(e, "price", -2, 0); }));
    CHECK(error.rule == "exclusiveMinimum");
    CHECK(error.message == "price: -2 is not more than exclusiveMinimum 0");
  }
}

// ---------------------------------------------------------------------------------------------
// enum

TEST_CASE("enum accepts listed strings and rejects others, listing the allowed values as JSON", "[runtime][validation]") {
  static constexpr std::string_view allowed[] = {"admin", "member"};
  CHECK(run([](auto& e) { dorm::check::one_of(e, "role", std::string_view("admin"), allowed); }).empty());
  CHECK(run([](auto& e) { dorm::check::one_of(e, "role", std::string_view("member"), allowed); }).empty());
  const auto error = only_error(run([](auto& e) { dorm::check::one_of(e, "role", std::string_view("Admin"), allowed); }));
  CHECK(error.rule == "enum");
  CHECK(error.expected == R"(["admin","member"])");
  CHECK(error.value == "\"Admin\"");
  CHECK(error.message == R"(role: "Admin" is not one of enum ["admin","member"])");
}

TEST_CASE("enum escapes quotes in the allowed list", "[runtime][validation]") {
  static constexpr std::string_view allowed[] = {"say \"hi\"", "日本"};
  const auto error = only_error(run([](auto& e) { dorm::check::one_of(e, "greeting", std::string_view("hi"), allowed); }));
  CHECK(error.expected == R"(["say \"hi\"","日本"])");
}

TEST_CASE("enum works for integers", "[runtime][validation]") {
  CHECK(run([](auto& e) { dorm::check::one_of(e, "level", std::int64_t{-3}, levels); }).empty());
  const auto error = only_error(run([](auto& e) { dorm::check::one_of(e, "level", std::int64_t{4}, levels); }));
  CHECK(error.expected == "[1,2,-3]");
  CHECK(error.message == "level: 4 is not one of enum [1,2,-3]");
}

TEST_CASE("enum works for doubles", "[runtime][validation]") {
  CHECK(run([](auto& e) { dorm::check::one_of(e, "weight", 1.0, weights); }).empty());
  CHECK(run([](auto& e) { dorm::check::one_of(e, "weight", 0.5, weights); }).empty());
  const auto error = only_error(run([](auto& e) { dorm::check::one_of(e, "weight", 1.5, weights); }));
  CHECK(error.expected == "[0.5,1,2.25]");
  CHECK(error.value == "1.5");
}

// ---------------------------------------------------------------------------------------------
// pattern

TEST_CASE("pattern is unanchored: it matches anywhere in the value", "[runtime][validation]") {
  CHECK(passes_pattern("abc", "b"));
  CHECK(passes_pattern("xx-123-yy", "[0-9]+"));
  CHECK_FALSE(passes_pattern("abc", "d"));
}

TEST_CASE("pattern anchors only where the pattern says so", "[runtime][validation]") {
  CHECK(passes_pattern("abc", "^a"));
  CHECK_FALSE(passes_pattern("bac", "^a"));
  CHECK(passes_pattern("abc", "c$"));
  CHECK_FALSE(passes_pattern("abc", "b$"));
  CHECK(passes_pattern("hello-world", "^[a-z-]+$"));
  CHECK_FALSE(passes_pattern("Hello World", "^[a-z-]+$"));
  CHECK(passes_pattern("", "^$"));
}

TEST_CASE("pattern alternatives are not anchored by a neighbour's anchor", "[runtime][validation]") {
  CHECK(passes_pattern("xxb", "^a|b"));
  CHECK_FALSE(passes_pattern("xxa", "^a|b$"));
}

TEST_CASE("pattern matches code points, not bytes, of non-ASCII text", "[runtime][validation]") {
  CHECK(passes_pattern("日本語", "^.{3}$"));
  CHECK_FALSE(passes_pattern("日本語", "^.{9}$"));
  CHECK(passes_pattern("👍🏽", "^..$"));
  CHECK(passes_pattern("café", "^caf.$"));
  CHECK(passes_pattern("東京都", "京"));
  CHECK(passes_pattern("x本", "[日本]"));
  CHECK(passes_pattern("😍", "[😀-🙏]"));
  CHECK_FALSE(passes_pattern("a", "[😀-🙏]"));
}

TEST_CASE("pattern classes \\d and \\w are ASCII only, as in ECMA-262", "[runtime][validation]") {
  CHECK(passes_pattern("a1", "^\\w\\d$"));
  CHECK_FALSE(passes_pattern("é", "\\w"));
  CHECK_FALSE(passes_pattern("٣", "\\d"));  // ARABIC-INDIC DIGIT THREE
}

TEST_CASE("pattern supports lookahead and back-references", "[runtime][validation]") {
  CHECK(passes_pattern("abc1", "^(?=.*\\d)[a-z0-9]+$"));
  CHECK_FALSE(passes_pattern("abcd", "^(?=.*\\d)[a-z0-9]+$"));
  CHECK(passes_pattern("xyzabab", "(ab)\\1"));
  CHECK_FALSE(passes_pattern("abba", "(ab)\\1"));
}

TEST_CASE("pattern checks a long value without exhausting the stack", "[runtime][validation]") {
  const std::string long_value(60000, 'a');
  CHECK(passes_pattern(long_value, "^[a-z]+$"));
  CHECK_FALSE(passes_pattern(long_value + "!", "^[a-z]+$"));
}

TEST_CASE("a pattern failure names the pattern", "[runtime][validation]") {
  const dorm::Pattern p{"^[a-z-]+$"};
  CHECK(p.source() == "^[a-z-]+$");
  const auto error = only_error(run([&](auto& e) { dorm::check::pattern(e, "slug", "Hello World", p); }));
  CHECK(error.rule == "pattern");
  CHECK(error.expected == "^[a-z-]+$");
  CHECK(error.message == "slug: \"Hello World\" does not match pattern '^[a-z-]+$'");
}

TEST_CASE("an invalid pattern throws dorm::Error naming the pattern", "[runtime][validation]") {
  CHECK_THROWS_WITH(dorm::Pattern{"[a-"},
                    StartsWith("[dorm.validation.pattern] pattern '[a-' is not a valid regular expression: "));
  CHECK_THROWS_AS(dorm::Pattern{"(ab"}, dorm::Error);
  CHECK_THROWS_AS(dorm::Pattern{"a)("}, dorm::Error);  // stays invalid however it is wrapped
  CHECK_THROWS_AS(dorm::Pattern{"(?<=a)b"}, dorm::Error);  // lookbehind: not in std::regex
}

TEST_CASE("a Pattern can be moved", "[runtime][validation]") {
  dorm::Pattern a{"^x"};
  dorm::Pattern b = std::move(a);
  CHECK(b.search("xyz"));
  CHECK_FALSE(b.search("yxz"));
  a = dorm::Pattern{"z$"};
  CHECK(a.search("xyz"));
}

// ---------------------------------------------------------------------------------------------
// format: email

TEST_CASE("format email accepts ordinary addresses", "[runtime][validation]") {
  CHECK(email("joe@example.com"));
  CHECK(email("Joe.Bloggs+tag@mail.example.co.uk"));
  CHECK(email("o'brien@example.ie"));
  CHECK(email("a!#$%&'*+-/=?^_`{|}~@example.com"));
  CHECK(email("x@a-b.io"));
  CHECK(email("1234@123.example"));
  CHECK(email("xn--bcher-kva@xn--bcher-kva.example"));
}

TEST_CASE("format email accepts quoted local parts", "[runtime][validation]") {
  CHECK(email("\"john doe\"@example.com"));
  CHECK(email("\"a@b\"@example.com"));
  CHECK(email("\"quote\\\"inside\"@example.com"));
  CHECK_FALSE(email("\"unclosed@example.com"));
  CHECK_FALSE(email("\"bad\"quote\"@example.com"));
}

TEST_CASE("format email accepts non-ASCII letters (internationalized addresses)", "[runtime][validation]") {
  CHECK(email("josé@example.com"));
  CHECK(email("用户@例子.广告"));
  CHECK(email("пользователь@пример.рф"));
  CHECK_FALSE(email("bad\xFF@example.com"));  // not UTF-8
}

TEST_CASE("format email rejects malformed addresses", "[runtime][validation]") {
  CHECK_FALSE(email(""));
  CHECK_FALSE(email("joe"));
  CHECK_FALSE(email("@example.com"));
  CHECK_FALSE(email("joe@"));
  CHECK_FALSE(email("joe@@example.com"));
  CHECK_FALSE(email("joe@bob@example.com"));
  CHECK_FALSE(email(".joe@example.com"));
  CHECK_FALSE(email("joe.@example.com"));
  CHECK_FALSE(email("jo..e@example.com"));
  CHECK_FALSE(email("jo e@example.com"));
  CHECK_FALSE(email("joe(comment)@example.com"));
  CHECK_FALSE(email("joe@localhost"));          // decision: a domain needs a dot
  CHECK_FALSE(email("joe@[192.168.0.1]"));      // decision: no address literals
  CHECK_FALSE(email("joe@192.168.0.1"));        // all-digit top-level domain
  CHECK_FALSE(email("joe@.example.com"));
  CHECK_FALSE(email("joe@example.com."));
  CHECK_FALSE(email("joe@example..com"));
  CHECK_FALSE(email("joe@-example.com"));
  CHECK_FALSE(email("joe@example-.com"));
  CHECK_FALSE(email("joe@exa_mple.com"));
  CHECK_FALSE(email("joe@example.com "));
  CHECK_FALSE(email(std::string(65, 'a') + "@example.com"));
  CHECK(email(std::string(64, 'a') + "@example.com"));
  CHECK_FALSE(email("joe@" + std::string(64, 'a') + ".com"));
  CHECK(email("joe@" + std::string(63, 'a') + ".com"));
}

// ---------------------------------------------------------------------------------------------
// format: uuid

TEST_CASE("format uuid accepts 8-4-4-4-12 hexadecimal digits in either case", "[runtime][validation]") {
  CHECK(uuid("123e4567-e89b-12d3-a456-426614174000"));
  CHECK(uuid("123E4567-E89B-12D3-A456-426614174000"));
  CHECK(uuid("123e4567-E89b-12d3-A456-426614174000"));
  CHECK(uuid("00000000-0000-0000-0000-000000000000"));
  CHECK(uuid("ffffffff-ffff-ffff-ffff-ffffffffffff"));
}

TEST_CASE("format uuid rejects wrong group lengths, non-hex digits and decorations", "[runtime][validation]") {
  CHECK_FALSE(uuid(""));
  CHECK_FALSE(uuid("123e4567e89b12d3a456426614174000"));            // no dashes
  CHECK_FALSE(uuid("123e456-7e89b-12d3-a456-426614174000"));        // 7-5-4-4-12
  CHECK_FALSE(uuid("123e4567-e89b-12d3-a456-42661417400"));         // last group 11
  CHECK_FALSE(uuid("123e4567-e89b-12d3-a456-4266141740000"));       // last group 13
  CHECK_FALSE(uuid("123e4567-e89b-12d3a456-426614174000-"));        // dash moved
  CHECK_FALSE(uuid("123g4567-e89b-12d3-a456-426614174000"));        // 'g'
  CHECK_FALSE(uuid("{123e4567-e89b-12d3-a456-426614174000}"));      // braces
  CHECK_FALSE(uuid("urn:uuid:123e4567-e89b-12d3-a456-426614174000"));
  CHECK_FALSE(uuid(" 123e4567-e89b-12d3-a456-426614174000"));
}

// ---------------------------------------------------------------------------------------------
// format: date

TEST_CASE("format date accepts real calendar days", "[runtime][validation]") {
  CHECK(date("2024-01-31"));
  CHECK(date("2023-12-31"));
  CHECK(date("2024-02-29"));  // divisible by 4
  CHECK(date("2000-02-29"));  // divisible by 400
  CHECK(date("1900-02-28"));
  CHECK(date("2024-04-30"));
  CHECK(date("0001-01-01"));
  CHECK(date("9999-12-31"));
}

TEST_CASE("format date rejects impossible days and other shapes", "[runtime][validation]") {
  CHECK_FALSE(date("2023-02-29"));  // not a leap year
  CHECK_FALSE(date("1900-02-29"));  // divisible by 100, not by 400
  CHECK_FALSE(date("2024-02-30"));
  CHECK_FALSE(date("2024-04-31"));
  CHECK_FALSE(date("2024-13-01"));
  CHECK_FALSE(date("2024-00-10"));
  CHECK_FALSE(date("2024-01-00"));
  CHECK_FALSE(date("2024-01-32"));
  CHECK_FALSE(date("2024-1-05"));
  CHECK_FALSE(date("24-01-05"));
  CHECK_FALSE(date("2024/01/05"));
  CHECK_FALSE(date("2024-01-05T00:00:00Z"));
  CHECK_FALSE(date("2024-01-0\xe0\xa7\xaa"));  // BENGALI DIGIT FOUR
  CHECK_FALSE(date(""));
}

TEST_CASE("a date failure says which part is wrong", "[runtime][validation]") {
  const auto feb = only_error(run([](auto& e) { dorm::check::format(e, "born", "2023-02-29", dorm::Format::date); }));
  CHECK(feb.rule == "format");
  CHECK(feb.expected == "date");
  CHECK(feb.message == "born: \"2023-02-29\" is not a valid date: day 29 does not exist in 2023-02 (28 days)");
  const auto month = only_error(run([](auto& e) { dorm::check::format(e, "born", "2024-13-01", dorm::Format::date); }));
  CHECK(month.message == "born: \"2024-13-01\" is not a valid date: month 13 does not exist");
}

// ---------------------------------------------------------------------------------------------
// format: date-time

TEST_CASE("format date-time accepts RFC 3339 timestamps", "[runtime][validation]") {
  CHECK(date_time("2024-03-01T12:34:56Z"));
  CHECK(date_time("2024-03-01T12:34:56.789Z"));
  CHECK(date_time("2024-03-01T12:34:56.123456789Z"));
  CHECK(date_time("2024-03-01T00:00:00+02:00"));
  CHECK(date_time("2024-03-01T23:59:59-11:30"));
  CHECK(date_time("2024-02-29T10:00:00Z"));
  CHECK(date_time("2026-11-25T00:54:13.123Z"));  // what dorm writes for timestamps
}

TEST_CASE("format date-time accepts lowercase t and z and a space separator", "[runtime][validation]") {
  CHECK(date_time("2024-03-01t12:34:56z"));
  CHECK(date_time("2024-03-01 12:34:56Z"));
}

TEST_CASE("format date-time accepts a leap second at 23:59 UTC only", "[runtime][validation]") {
  CHECK(date_time("1998-12-31T23:59:60Z"));
  CHECK(date_time("1998-12-31T15:59:60.123-08:00"));
  CHECK(date_time("1999-01-01T00:59:60+01:00"));
  CHECK_FALSE(date_time("1998-12-31T23:58:60Z"));
  CHECK_FALSE(date_time("1998-12-31T22:59:60Z"));
  CHECK_FALSE(date_time("1998-12-31T23:59:61Z"));
}

TEST_CASE("format date-time rejects out-of-range fields and missing offsets", "[runtime][validation]") {
  CHECK_FALSE(date_time("2024-03-01T12:34:56"));          // no offset
  CHECK_FALSE(date_time("2024-03-01T12:34:56.5"));        // no offset after a fraction
  CHECK_FALSE(date_time("2024-03-01T24:00:00Z"));         // hour 24
  CHECK_FALSE(date_time("2024-03-01T12:60:00Z"));
  CHECK_FALSE(date_time("2024-03-01T12:34:56.Z"));        // empty fraction
  CHECK_FALSE(date_time("2024-03-01T12:34Z"));            // no seconds
  CHECK_FALSE(date_time("2024-03-01T12:34:56+0200"));     // offset without ':'
  CHECK_FALSE(date_time("2024-03-01T12:34:56+02"));
  CHECK_FALSE(date_time("2024-03-01T12:34:56+24:00"));
  CHECK_FALSE(date_time("2024-03-01T12:34:56+02:60"));
  CHECK_FALSE(date_time("2024-03-01T12:34:56ZZ"));
  CHECK_FALSE(date_time("2024-03-01X12:34:56Z"));
  CHECK_FALSE(date_time("2023-02-29T12:00:00Z"));         // not a leap year
  CHECK_FALSE(date_time("2024-13-01T12:00:00Z"));
  CHECK_FALSE(date_time("2024-03-01"));
  CHECK_FALSE(date_time(""));
}

TEST_CASE("a date-time failure says what is missing", "[runtime][validation]") {
  const auto error = only_error(
      run([](auto& e) { dorm::check::format(e, "created_at", "2024-03-01T12:34:56", dorm::Format::date_time); }));
  CHECK(error.expected == "date-time");
  CHECK(error.message ==
        "created_at: \"2024-03-01T12:34:56\" is not a valid date-time: the time zone offset (Z or +HH:MM/-HH:MM) is "
        "missing");
  const auto hour = only_error(
      run([](auto& e) { dorm::check::format(e, "created_at", "2024-03-01T24:00:00Z", dorm::Format::date_time); }));
  CHECK_THAT(hour.message, Contains("hour 24 is not in 00-23"));
}

TEST_CASE("check::format accepts exactly what matches_format accepts", "[runtime][validation]") {
  const std::string_view values[] = {"joe@example.com", "joe@localhost", "2024-02-29", "2023-02-29",
                                     "2024-03-01T12:34:56Z", "2024-03-01T12:34:56", "123e4567-e89b-12d3-a456-426614174000",
                                     "", "x"};
  const dorm::Format formats[] = {dorm::Format::email, dorm::Format::uuid, dorm::Format::date, dorm::Format::date_time};
  for (dorm::Format f : formats) {
    for (std::string_view v : values) {
      const bool passes = run([&](auto& e) { dorm::check::format(e, "c", v, f); }).empty();
      CHECK(passes == dorm::matches_format(v, f));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// FieldError.value

TEST_CASE("rejected strings are shown JSON-quoted with quotes and control characters escaped", "[runtime][validation]") {
  const auto error = only_error(run([](auto& e) { dorm::check::max_length(e, "bio", "say \"hi\"\\\n\t\x01", 3); }));
  CHECK(error.value == R"("say \"hi\"\\\n\t\u0001")");
}

TEST_CASE("rejected strings longer than 64 code points are cut, never inside a character", "[runtime][validation]") {
  std::string long_text;
  for (int i = 0; i < 70; ++i) long_text += "日";
  const auto error = only_error(run([&](auto& e) { dorm::check::max_length(e, "bio", long_text, 10); }));
  std::string expected = "\"";
  for (int i = 0; i < 64; ++i) expected += "日";
  expected += "\"…";
  CHECK(error.value == expected);
  CHECK(error.message == "bio: " + expected + " is 70 characters, more than maxLength 10");

  const std::string exactly_64(64, 'x');
  const auto not_cut = only_error(run([&](auto& e) { dorm::check::max_length(e, "bio", exactly_64, 10); }));
  CHECK(not_cut.value == "\"" + exactly_64 + "\"");
}

TEST_CASE("invalid UTF-8 in a rejected value is shown as U+FFFD", "[runtime][validation]") {
  const auto error = only_error(run([](auto& e) { dorm::check::max_length(e, "bio", "ab\xFF", 2); }));
  CHECK(error.value == "\"ab\xEF\xBF\xBD\"");
}

// ---------------------------------------------------------------------------------------------
// ValidationErrors, ValidationError, validate(row)

TEST_CASE("ValidationError lists every failure of the row in its message", "[runtime][validation]") {
  dorm::ValidationErrors errors("accounts");
  dorm::check::max_length(errors, "name", "Bartholomew", 10);
  dorm::check::format(errors, "email", "bob@", dorm::Format::email);
  CHECK(errors.table() == "accounts");
  REQUIRE(errors.size() == 2);
  const dorm::ValidationError error(std::move(errors));
  CHECK(std::string(error.what()) ==
        "[dorm.validation] accounts: 2 rules failed: name: \"Bartholomew\" is 11 characters, more than maxLength 10; "
        "email: \"bob@\" is not a valid email: the domain after '@' is empty");
  REQUIRE(error.errors().size() == 2);
  CHECK(error.errors()[0].column == "name");
  CHECK(error.errors()[1].column == "email");
  CHECK(error.errors()[1].rule == "format");
}

TEST_CASE("ValidationError with one failure says 1 rule", "[runtime][validation]") {
  dorm::ValidationErrors errors("accounts");
  dorm::check::minimum(errors, "age", -1, 0);
  const dorm::ValidationError error(std::move(errors));
  CHECK(std::string(error.what()) == "[dorm.validation] accounts: 1 rule failed: age: -1 is less than minimum 0");
}

TEST_CASE("validate(row) throws a ValidationError listing every broken rule", "[runtime][validation]") {
  const Account bad{.name = "Bartholomew", .email = "not-an-email", .age = -5};
  try {
    dorm::validate(bad);
    FAIL("validate() accepted a row breaking three rules");
  } catch (const dorm::ValidationError& e) {
    CHECK_THAT(e.what(), StartsWith("[dorm.validation] accounts: 3 rules failed: name: "));
    REQUIRE(e.errors().size() == 3);
    CHECK(e.errors()[0].rule == "maxLength");
    CHECK(e.errors()[1].rule == "format");
    CHECK(e.errors()[2].rule == "minimum");
    CHECK(e.errors()[2].table == "accounts");
  }
  const Account good{.name = "Bart", .email = "bart@example.com", .age = 10};
  CHECK_NOTHROW(dorm::validate(good));
}

TEST_CASE("validation_errors(row) returns the failures without throwing", "[runtime][validation]") {
  const Account bad{.name = "Bart", .email = "bart@example", .age = 3};
  const dorm::ValidationErrors errors = dorm::validation_errors(bad);
  CHECK(errors.table() == "accounts");
  REQUIRE(errors.size() == 1);
  CHECK(errors.errors()[0].column == "email");
  CHECK(dorm::validation_errors(Account{.name = "Bart", .email = "bart@example.org", .age = 3}).empty());
}

TEST_CASE("a model without rules always validates", "[runtime][validation]") {
  CHECK_NOTHROW(dorm::validate(Note{"anything at all"}));
  CHECK(dorm::validation_errors(Note{""}).empty());
}
