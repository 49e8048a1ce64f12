// dorm::server::constant_time_equal: the comparison every secret check goes through.
#include <catch2/catch.hpp>

#include <string>

#include <dorm/server/constant_time.hpp>

using dorm::server::constant_time_equal;

TEST_CASE("constant_time_equal is true for the same bytes only", "[server][auth]") {
  CHECK(constant_time_equal("s3cret-token-value", "s3cret-token-value"));
  CHECK(constant_time_equal("", ""));
  CHECK_FALSE(constant_time_equal("s3cret-token-value", "s3cret-token-valuE"));
  CHECK_FALSE(constant_time_equal("Xs3cret-token-value", "s3cret-token-value"));
  CHECK(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
  CHECK_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST_CASE("constant_time_equal tells different lengths apart, also when one is a prefix or a repetition of the other",
          "[server][auth]") {
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK_FALSE(constant_time_equal("abcd", "abc"));
  CHECK_FALSE(constant_time_equal("abcabc", "abc"));
  CHECK_FALSE(constant_time_equal("", "abc"));
  CHECK_FALSE(constant_time_equal("abc", ""));
}

TEST_CASE("constant_time_equal counts its calls on this thread", "[server][auth]") {
  const auto before = dorm::server::constant_time_comparisons();
  (void)constant_time_equal("a", "b");
  (void)constant_time_equal("a", "a");
  CHECK(dorm::server::constant_time_comparisons() == before + 2);
}
