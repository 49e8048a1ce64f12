// dqlite's encoding primitives (runtime/src/backends/dqlite/wire.hpp): little-endian words,
// padded text and blobs, the message header, and reads that stop at the message's end.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/wire.hpp"
#include "bytes.hpp"

using dorm::dqlite::Header;
using dorm::dqlite::ProtocolError;
using dorm::dqlite::Reader;
using dorm::dqlite::Writer;
using dqlite_test::bytes;

TEST_CASE("integers are written little-endian in their own width", "[dqlite][wire]") {
  Writer w;
  w.put_uint8(0xab);
  w.put_uint32(0x01020304);
  w.put_uint64(0x1122334455667788ULL);
  CHECK(w.bytes() == bytes({0xab, 0x04, 0x03, 0x02, 0x01, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11}));
}

TEST_CASE("int64 extremes and doubles survive a write and a read", "[dqlite][wire]") {
  Writer w;
  w.put_int64(std::numeric_limits<std::int64_t>::min());
  w.put_int64(std::numeric_limits<std::int64_t>::max());
  w.put_int64(-1);
  w.put_double(-2.5);
  w.put_double(std::numeric_limits<double>::max());
  Reader r(w.bytes());
  CHECK(r.get_int64("a") == std::numeric_limits<std::int64_t>::min());
  CHECK(r.get_int64("b") == std::numeric_limits<std::int64_t>::max());
  CHECK(r.get_int64("c") == -1);
  CHECK(r.get_double("d") == -2.5);
  CHECK(r.get_double("e") == std::numeric_limits<double>::max());
  r.expect_end("the test");
}

TEST_CASE("text is NUL-terminated and padded with zeros to a whole word", "[dqlite][wire]") {
  Writer w;
  w.put_text("hello", "t");
  CHECK(w.bytes() == bytes({'h', 'e', 'l', 'l', 'o', 0, 0, 0}));
  Writer exact;
  exact.put_text("8 bytes!", "t");  // 8 characters + NUL: two words
  CHECK(exact.size() == 16);
  Writer empty;
  empty.put_text("", "t");
  CHECK(empty.bytes() == bytes({0, 0, 0, 0, 0, 0, 0, 0}));
  Reader r(exact.bytes());
  CHECK(r.get_text("t") == "8 bytes!");
  CHECK(r.remaining() == 0);
}

TEST_CASE("text holding a NUL is refused, naming what and where", "[dqlite][wire]") {
  Writer w;
  using namespace std::string_literals;
  CHECK_THROWS_WITH(w.put_text("ab\0cd"s, "text parameter 2"),
                    Catch::Contains("[dorm.dqlite.text_nul] text parameter 2 holds a NUL character at byte 2"));
}

TEST_CASE("a blob is its length word and its bytes padded to a word", "[dqlite][wire]") {
  Writer w;
  const auto data = bytes({0, 1, 2});
  w.put_blob(data);
  CHECK(w.bytes() == bytes({3, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0}));
  Reader r(w.bytes());
  const auto read = r.get_blob("b");
  CHECK(std::vector<std::byte>(read.begin(), read.end()) == data);
  CHECK(r.remaining() == 0);
}

TEST_CASE("the message header holds the word count, type, schema and extra bytes", "[dqlite][wire]") {
  Header h;
  h.words = 3;
  h.type = 7;
  h.schema = 1;
  h.extra = 0x0102;
  CHECK(dorm::dqlite::encode_header(h) == bytes({3, 0, 0, 0, 7, 1, 2, 1}));
  const Header back = dorm::dqlite::decode_header(bytes({3, 0, 0, 0, 7, 1, 2, 1}));
  CHECK(back.words == 3);
  CHECK(back.type == 7);
  CHECK(back.schema == 1);
  CHECK(back.extra == 0x0102);
  CHECK(back.body_size() == 24);
}

TEST_CASE("a frame is the header followed by the body; a body of part of a word is refused", "[dqlite][wire]") {
  const auto body = bytes({1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(dorm::dqlite::frame(4, body) == bytes({1, 0, 0, 0, 4, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}));
  CHECK_THROWS_AS(dorm::dqlite::frame(4, bytes({1, 2, 3})), dorm::Error);
}

TEST_CASE("reading past the end of a message is a protocol error naming the field", "[dqlite][wire]") {
  const auto three = bytes({1, 2, 3});
  Reader r(three);
  CHECK_THROWS_MATCHES(r.get_uint64("STMT's parameter count"), ProtocolError,
                       Catch::Message("[dorm.dqlite.protocol] truncated message: STMT's parameter count needs 8 "
                                      "bytes at byte 0 but the message has 3 left"));
  CHECK_THROWS_AS(r.get_uint32("x"), ProtocolError);
  CHECK(r.get_uint8("x") == 1);  // a refused read consumed nothing
}

TEST_CASE("text without its NUL, or whose padding passes the end, is refused", "[dqlite][wire]") {
  const auto unterminated = bytes({'a', 'b', 'c'});
  Reader r(unterminated);
  CHECK_THROWS_WITH(r.get_text("FAILURE's message"),
                    Catch::Contains("FAILURE's message at byte 0 has no terminating NUL"));
  const auto short_padding = bytes({'a', 'b', 0, 0});  // the padding would need 4 more bytes
  Reader s(short_padding);
  CHECK_THROWS_AS(s.get_text("t"), ProtocolError);
}

TEST_CASE("a blob claiming more bytes than the message holds is refused", "[dqlite][wire]") {
  Writer w;
  w.put_uint64(0xffffffffffffff00ULL);
  w.put_uint64(0);
  Reader r(w.bytes());
  CHECK_THROWS_WITH(r.get_blob("a BLOB value"), Catch::Contains("a BLOB value at byte 0 claims"));
  Writer nine;
  nine.put_uint64(9);  // 9 bytes pad to 16, only 8 follow
  nine.put_uint64(0);
  Reader n(nine.bytes());
  CHECK_THROWS_AS(n.get_blob("b"), ProtocolError);
}

TEST_CASE("bytes left after a message's fields are refused", "[dqlite][wire]") {
  const auto nine = bytes({1, 0, 0, 0, 0, 0, 0, 0, 9});
  Reader r(nine);
  (void)r.get_uint64("a");
  CHECK_THROWS_WITH(r.expect_end("EMPTY"), Catch::Contains("1 unexpected bytes after EMPTY at byte 8"));
}
