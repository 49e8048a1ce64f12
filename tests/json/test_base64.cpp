// Base64 as BLOB columns travel in JSON: RFC 4648's test vectors, and one text per value.
#include <catch2/catch.hpp>

#include <string>

#include <dorm/detail/base64.hpp>

namespace {
std::vector<std::byte> bytes_of(std::string_view text) {
  std::vector<std::byte> bytes;
  for (const char c : text) bytes.push_back(static_cast<std::byte>(c));
  return bytes;
}
}  // namespace

TEST_CASE("base64 encodes and decodes RFC 4648's test vectors", "[json][base64]") {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},          {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    CHECK(dorm::detail::base64_encode(bytes_of(plain)) == encoded);
    CHECK(dorm::detail::base64_decode(encoded) == bytes_of(plain));
  }
}

TEST_CASE("base64 round-trips every byte value", "[json][base64]") {
  std::vector<std::byte> all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::byte>(i));
  CHECK(dorm::detail::base64_decode(dorm::detail::base64_encode(all)) == all);
}

TEST_CASE("base64 decoding refuses text that is not exactly one padded standard encoding", "[json][base64]") {
  CHECK_FALSE(dorm::detail::base64_decode("Zg"));        // padding missing
  CHECK_FALSE(dorm::detail::base64_decode("Zg=a"));      // '=' before the end
  CHECK_FALSE(dorm::detail::base64_decode("Z==="));      // three '='
  CHECK_FALSE(dorm::detail::base64_decode("Zm9v Yg=="));  // white space
  CHECK_FALSE(dorm::detail::base64_decode("Zm-_"));      // the URL-safe alphabet
  CHECK_FALSE(dorm::detail::base64_decode("Zh=="));      // bits the padding drops are not zero
  CHECK_FALSE(dorm::detail::base64_decode("Zm9=Zm9v"));  // padding inside
}
