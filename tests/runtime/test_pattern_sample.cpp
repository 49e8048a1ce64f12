// dorm::detail::PatternSampler: the values factories make for `pattern` columns. Every value
// is checked with the runtime's own validator (dorm::Pattern, utf8_length), as validate() does.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "dorm/detail/pattern_sample.hpp"
#include "dorm/core/error.hpp"
#include "dorm/lifecycle/validation.hpp"

namespace {

using dorm::detail::PatternSampler;

struct Case {
  const char* pattern;
  std::int64_t min_length = 0;
  std::int64_t max_length = -1;
};

// Samples 0..count-1 (or fewer when the pattern allows fewer) and checks each.
void check_values(const Case& c, std::uint64_t count) {
  INFO("pattern " << c.pattern << " lengths " << c.min_length << ".." << c.max_length);
  const PatternSampler sampler(c.pattern, c.min_length, c.max_length);
  REQUIRE(sampler.capacity() > 0);
  const dorm::Pattern validator(c.pattern);
  std::set<std::string> seen;
  const std::uint64_t n = std::min(count, sampler.capacity());
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::string v = sampler.value(i);
    INFO("value " << i << ": " << v);
    REQUIRE(validator.search(v));
    const auto length = static_cast<std::int64_t>(dorm::utf8_length(v));
    REQUIRE(length >= c.min_length);
    if (c.max_length >= 0) REQUIRE(length <= c.max_length);
    REQUIRE(seen.insert(v).second);
  }
}

}  // namespace

TEST_CASE("Pattern samples 0..5000 match the pattern and the lengths, and are pairwise distinct", "[runtime][pattern_sample]") {
  const std::vector<Case> cases = {
      {"^[0-9X-]{10,17}$"},                    // the ISBN of issue 13
      {"^97[89]-\\d{1,5}-\\d{1,7}-\\d{1,6}-[\\dX]$"},
      {"^[A-Z]{3}-[0-9]{2}$"},
      {"^#[0-9a-f]{6}$"},
      {"^(cat|dog|bird)s?$"},                  // alternation, optional suffix
      {"^(Mr|Mrs|Ms)\\.? [A-Z][a-z]+$"},
      {"^\\d{3}(-\\d{4})?$"},                  // optional group
      {"^((ab|cd){2,3}x?)+$"},                 // nested quantifiers
      {"^(a(b(c|d)*)+)?e$"},
      {"^[a-z]+(?:[-_][a-z0-9]+)*$"},          // a slug: non-capturing group
      {"abc"},                                 // unanchored: text around the match
      {"abc", 10, 12},                         // ...padded to minLength
      {"^abc"},
      {"xyz$"},
      {"[α-ω]{2}"},                            // Unicode ranges
      {"^[À-ÿ]+$", 3, 5},
      {"^[^\\x00-\\x7F]{4}$"},                 // a negated class: only non-ASCII
      {"^[^aeiou\\s]{3,}$", 0, 8},
      {"^\\w+@\\w+\\.(com|org)$"},
      {"^\\S+\\s\\S+$"},
      {"^.{5}$"},                              // any character but line terminators
      {"^\\u00e9\\x41[\\t ]\\.$"},             // escapes
      {"^[\\d-]+$", 2, 4},                     // '-' after a class escape is a literal
      {"^a{2,}?b{1,3}?$"},                     // lazy quantifiers
      {"^[A-Z]{2}\\d{2}[A-Z0-9]{1,30}$"},      // IBAN-like
      {"^(?:\\d{1,3}\\.){3}\\d{1,3}$"},        // IPv4-like
      {"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"},
      {"^(|x)y+$"},                            // an empty branch
      {"^[a-z]*$", 4, 4},
      {"(?:)"},                                // matches everything
      {"^(ab|a)(bc|c)$"},                      // ambiguous splits: "abc" two ways
      {"^a+$"},                                // unbounded, one character: grows in length
  };
  for (const Case& c : cases) check_values(c, 5001);
}

TEST_CASE("The ISBN pattern gives 10 to 17 characters of digits, X and dashes, first the shortest", "[runtime][pattern_sample]") {
  const PatternSampler isbn("^[0-9X-]{10,17}$");
  CHECK(isbn.value(0) == "0000000000");
  CHECK(isbn.value(1) == "0000000001");
  CHECK(isbn.value(10) == "000000000X");
  CHECK(isbn.value(11) == "000000000-");
  CHECK(isbn.value(12) == "0000000010");
  // 12^10 values of length 10, then length 11.
  CHECK(isbn.value(61'917'364'224) == "00000000000");
}

TEST_CASE("capacity() counts the distinct values, and values start again past it", "[runtime][pattern_sample]") {
  CHECK(PatternSampler("^[ab]{2}$").capacity() == 4);
  CHECK(PatternSampler("^(cat|dog)$").capacity() == 2);
  CHECK(PatternSampler("^x$").capacity() == 1);
  CHECK(PatternSampler("^[0-9X-]{10,17}$").capacity() == 2'420'303'019'906'170'880);  // 12^10 + ... + 12^17
  CHECK(PatternSampler("^[A-Z]{2}-\\d{3}$").capacity() == 676'000);
  CHECK(PatternSampler("^[a-z]{3}$", 0, 3).capacity() == 17'576);
  // Values longer than the shortest match by more than 256 characters are not made.
  CHECK(PatternSampler("^a+$").capacity() == 257);
  const PatternSampler two("^(cat|dog)$");
  CHECK(two.value(0) == "cat");
  CHECK(two.value(1) == "dog");
  CHECK(two.value(2) == "cat");
}

TEST_CASE("A pattern whose lengths contradict minLength or maxLength has no value", "[runtime][pattern_sample]") {
  const PatternSampler none("^[a-z]{3}$", 5, 8);
  CHECK(none.capacity() == 0);
  CHECK_THROWS_WITH(none.value(0), Catch::Contains("[dorm.factory.pattern]") && Catch::Contains("no value of 5 to 8 characters"));
  CHECK(PatternSampler("^a{2000}$").capacity() == 0);  // longer than max_value_length
  CHECK(PatternSampler("[]").capacity() == 0);          // an empty class matches nothing
  CHECK(PatternSampler("^a$b").capacity() == 0);        // nothing follows the end
}

TEST_CASE("First values come first and are never repeated by later values", "[runtime][pattern_sample]") {
  const PatternSampler s("^[ab]{2}$", 0, -1, {"ba", "aa"});
  CHECK(s.capacity() == 4);
  std::vector<std::string> values;
  for (std::uint64_t i = 0; i < 4; ++i) values.push_back(s.value(i));
  CHECK(values == std::vector<std::string>{"ba", "aa", "ab", "bb"});

  const PatternSampler isbn("^[0-9X-]{10,17}$", 0, -1, {"0000000001", "978-3-16-148410-0"});
  CHECK(isbn.value(0) == "0000000001");
  CHECK(isbn.value(1) == "978-3-16-148410-0");
  CHECK(isbn.value(2) == "0000000000");
  CHECK(isbn.value(3) == "0000000002");  // skips the first value it would repeat
}

TEST_CASE("Constructs factories cannot sample are errors naming the construct and its position", "[runtime][pattern_sample]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(PatternSampler("(a)\\1"), Contains("pattern '(a)\\1' at character 4: a back-reference (\\1)"));
  CHECK_THROWS_WITH(PatternSampler("^(?=a)"), Contains("at character 2: a lookahead"));
  CHECK_THROWS_WITH(PatternSampler("a(?<=b)"), Contains("at character 2: '(?<' (a lookbehind"));
  CHECK_THROWS_WITH(PatternSampler("a\\bc"), Contains("at character 2: a word boundary (\\b)"));
  CHECK_THROWS_WITH(PatternSampler("x{3,1}"), Contains("numbers are out of order"));
  CHECK_THROWS_WITH(PatternSampler("a**"), Contains("a quantifier follows a quantifier"));
  CHECK_THROWS_WITH(PatternSampler("(ab"), Contains("'(' without a matching ')'"));
  CHECK_THROWS_WITH(PatternSampler("ab)"), Contains("')' without a matching '('"));
  CHECK_THROWS_WITH(PatternSampler("[ab"), Contains("at character 1: '[' without a matching ']'"));
  CHECK_THROWS_WITH(PatternSampler("[z-a]"), Contains("out of order"));
  CHECK_THROWS_WITH(PatternSampler("ab\\"), Contains("lone backslash"));
  CHECK_THROWS_AS(PatternSampler(std::string(70, '(') + "a" + std::string(70, ')')), dorm::Error);
  CHECK_THROWS_WITH(PatternSampler(std::string(3000, 'a')), Contains("at most 2000"));
  // Nested quantifiers over long values: the work limit stops the search.
  CHECK_THROWS_WITH(PatternSampler("^(a{0,900}b?){1,900}$", 900, 1000),
                    Contains("is too complex for factories to make values of 900 to 1000 characters"));
}

TEST_CASE("Any pattern text gives values or a dorm::Error, never a crash", "[runtime][pattern_sample]") {
  // Random strings over the regular expressions' syntax characters.
  const std::string alphabet = "ab09^$.*+?()[]{}|\\-,dwsbDWS:=!<u";
  std::mt19937 random(13);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(1, 14);
  int sampled = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string pattern;
    for (int k = length(random); k > 0; --k) pattern += alphabet[pick(random)];
    try {
      const PatternSampler s(pattern, 0, 20);
      for (std::uint64_t i = 0; i < std::min<std::uint64_t>(s.capacity(), 20); ++i) CHECK(dorm::utf8_length(s.value(i)) <= 20);
      ++sampled;
    } catch (const dorm::Error&) {
      // a construct factories do not sample, or a syntax error
    }
  }
  CHECK(sampled > 100);
}

TEST_CASE("Characters come digits first, then lower-case, upper-case and other characters", "[runtime][pattern_sample]") {
  const PatternSampler s("^[-Za0]$");
  CHECK(s.value(0) == "0");
  CHECK(s.value(1) == "a");
  CHECK(s.value(2) == "Z");
  CHECK(s.value(3) == "-");
}

TEST_CASE("An unanchored pattern reaches minLength with digits and letters after the match", "[runtime][pattern_sample]") {
  const PatternSampler s("abc", 5, 5);
  CHECK(s.value(0) == "abc00");
  CHECK(s.value(1) == "abc01");
  CHECK(PatternSampler("^abc", 5, 5).value(36) == "abc10");
  CHECK(PatternSampler("abc$", 5, 5).value(0) == "00abc");
}
