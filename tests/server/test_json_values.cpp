// The JSON forms of SQLite values: base64 for BLOBs, both ways.
#include <catch2/catch.hpp>

#include <string>

#include "dorm/server/http_error.hpp"
#include "dorm/server/json_values.hpp"

using dorm::server::base64_decode;
using dorm::server::base64_encode;

TEST_CASE("base64 encodes with padding as RFC 4648 does", "[server][values]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode(std::string("\x00\xff\xfe", 3)) == "AP/+");
}

TEST_CASE("base64 decodes what it encodes, every byte value included", "[server][values]") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t n = 0; n <= bytes.size(); n += 37) {
    const std::string part = bytes.substr(0, n);
    CHECK(base64_decode(base64_encode(part), "x") == part);
  }
}

TEST_CASE("text that is not base64 is a 400 naming where and why", "[server][values]") {
  CHECK_THROWS_WITH(base64_decode("abc", "params[0].base64"),
                    Catch::Contains("'params[0].base64' is not base64") && Catch::Contains("multiple of 4"));
  CHECK_THROWS_WITH(base64_decode("ab!d", "p"), Catch::Contains("unexpected character at offset 2"));
  CHECK_THROWS_WITH(base64_decode("a=bc", "p"), Catch::Contains("offset 1"));
  CHECK_THROWS_WITH(base64_decode("ab==abcd", "p"), Catch::Contains("offset 2"));
  CHECK_THROWS_AS(base64_decode("a===", "p"), dorm::server::HttpError);
}
