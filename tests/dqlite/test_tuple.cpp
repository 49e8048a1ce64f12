// dqlite's tuples (runtime/src/backends/dqlite/tuple.hpp): statement parameters as a client
// sends them, and rows as a node sends them, with every value type.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/tuple.hpp"
#include "bytes.hpp"

using dorm::StorageClass;
using dorm::dqlite::ProtocolError;
using dorm::dqlite::Reader;
using dorm::dqlite::Value;
using dorm::dqlite::WireType;
using dorm::dqlite::Writer;
using dqlite_test::bytes;

namespace {

std::vector<std::byte> parameters(const std::vector<Value>& values) {
  Writer w;
  dorm::dqlite::encode_parameters(w, values);
  return w.take();
}

// A row header: 4-bit type codes, two per byte, low nibble first, padded to a word.
void put_row_header(Writer& w, const std::vector<int>& types) {
  for (std::size_t i = 0; i < types.size(); i += 2) {
    const int high = i + 1 < types.size() ? types[i + 1] : 0;
    w.put_uint8(static_cast<std::uint8_t>(types[i] | (high << 4)));
  }
  w.pad();
}

}  // namespace

TEST_CASE("no parameters encode as nothing", "[dqlite][tuple]") { CHECK(parameters({}).empty()); }

TEST_CASE("parameters: a count byte and a type byte each, padded, then the values", "[dqlite][tuple]") {
  const std::string text = "hi";
  const auto blob = bytes({7, 8});
  const auto encoded = parameters({Value::integer(-2), Value::real(1.5), Value::text(text), Value::blob(blob),
                                   Value::null()});
  const auto expected = bytes({5, 1, 2, 3, 4, 5, 0, 0,                    // count, INTEGER, FLOAT, TEXT, BLOB, NULL, padding
             0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // -2
             0, 0, 0, 0, 0, 0, 0xf8, 0x3f,                 // 1.5
             'h', 'i', 0, 0, 0, 0, 0, 0,                   // "hi"
             2, 0, 0, 0, 0, 0, 0, 0, 7, 8, 0, 0, 0, 0, 0, 0,  // blob of 2
             0, 0, 0, 0, 0, 0, 0, 0});                     // NULL
  CHECK(encoded == expected);
}

TEST_CASE("seven parameters fill one header word, eight need a second", "[dqlite][tuple]") {
  CHECK(parameters(std::vector<Value>(7, Value::null())).size() == 8 + 7 * 8);
  CHECK(parameters(std::vector<Value>(8, Value::null())).size() == 16 + 8 * 8);
}

TEST_CASE("more parameters than dqlite 1.11 accepts are refused", "[dqlite][tuple]") {
  CHECK_NOTHROW(parameters(std::vector<Value>(255, Value::null())));
  CHECK_THROWS_WITH(parameters(std::vector<Value>(256, Value::null())),
                    Catch::Contains("[dorm.dqlite.parameters] 256 parameters given, more than the 255"));
}

TEST_CASE("a text parameter holding a NUL is refused, naming the parameter", "[dqlite][tuple]") {
  const std::string text("a\0b", 3);
  CHECK_THROWS_WITH(parameters({Value::null(), Value::text(text)}),
                    Catch::Contains("[dorm.dqlite.text_nul] text parameter 2 holds a NUL character at byte 1"));
}

TEST_CASE("int64 extremes survive a parameter tuple", "[dqlite][tuple]") {
  const auto encoded = parameters({Value::integer(std::numeric_limits<std::int64_t>::min()),
                                   Value::integer(std::numeric_limits<std::int64_t>::max())});
  Reader r(encoded);
  (void)r.get_bytes(8, "header");
  CHECK(r.get_int64("min") == std::numeric_limits<std::int64_t>::min());
  CHECK(r.get_int64("max") == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("a row of every value type decodes to its storage class and content", "[dqlite][tuple]") {
  Writer w;
  put_row_header(w, {1, 2, 3, 4, 5, 9, 10, 11, 10});
  w.put_int64(std::numeric_limits<std::int64_t>::min());
  w.put_double(0.25);
  w.put_text("text", "t");
  const auto blob = bytes({0, 0xff, 0});
  w.put_blob(blob);
  w.put_uint64(0);           // NULL
  w.put_int64(1700000000);   // UNIXTIME
  w.put_text("2026-12-07 10:00:00", "t");  // ISO8601
  w.put_uint64(1);           // BOOLEAN
  w.put_text("", "t");       // ISO8601 of a NULL
  Reader r(w.bytes());
  std::vector<Value> row;
  dorm::dqlite::decode_row(r, 9, row);
  CHECK(r.remaining() == 0);
  REQUIRE(row.size() == 9);
  CHECK(row[0].storage_class() == StorageClass::integer);
  CHECK(row[0].integer() == std::numeric_limits<std::int64_t>::min());
  CHECK(row[1].storage_class() == StorageClass::real);
  CHECK(row[1].real() == 0.25);
  CHECK(row[2].storage_class() == StorageClass::text);
  CHECK(row[2].text() == "text");
  CHECK(row[3].storage_class() == StorageClass::blob);
  CHECK(std::vector<std::byte>(row[3].blob_data(), row[3].blob_data() + row[3].size()) == blob);
  CHECK(row[4].is_null());
  CHECK(row[5].wire_type() == WireType::unixtime);
  CHECK(row[5].storage_class() == StorageClass::integer);
  CHECK(row[5].integer() == 1700000000);
  CHECK(row[6].wire_type() == WireType::iso8601);
  CHECK(row[6].storage_class() == StorageClass::text);
  CHECK(row[6].text() == "2026-12-07 10:00:00");
  CHECK(row[7].wire_type() == WireType::boolean);
  CHECK(row[7].integer() == 1);
  CHECK(row[8].is_null());
}

TEST_CASE("a row of seventeen columns has a two-word type header", "[dqlite][tuple]") {
  Writer w;
  put_row_header(w, std::vector<int>(17, 1));
  CHECK(w.size() == 16);
  for (int i = 0; i < 17; ++i) w.put_int64(i * 10);
  Reader r(w.bytes());
  std::vector<Value> row;
  dorm::dqlite::decode_row(r, 17, row);
  CHECK(row[16].integer() == 160);
  CHECK(r.remaining() == 0);
}

TEST_CASE("a row value with an unknown type code is refused", "[dqlite][tuple]") {
  Writer w;
  put_row_header(w, {1, 7});
  w.put_int64(1);
  w.put_int64(2);
  Reader r(w.bytes());
  std::vector<Value> row;
  CHECK_THROWS_MATCHES(dorm::dqlite::decode_row(r, 2, row), ProtocolError,
                       Catch::Message("[dorm.dqlite.protocol] garbled message: column 2 of the row at byte 0 has "
                                      "type code 7, which is no dqlite value type"));
}

TEST_CASE("a row header with a type beyond the row's columns is refused", "[dqlite][tuple]") {
  Writer w;
  put_row_header(w, {1, 1});
  w.put_int64(1);
  Reader r(w.bytes());
  std::vector<Value> row;
  CHECK_THROWS_WITH(dorm::dqlite::decode_row(r, 1, row), Catch::Contains("unused slot 2 of a 1-column row"));
}

TEST_CASE("a row cut short is refused", "[dqlite][tuple]") {
  Writer w;
  put_row_header(w, {1, 3});
  w.put_int64(1);
  Reader r(w.bytes());
  std::vector<Value> row;
  CHECK_THROWS_AS(dorm::dqlite::decode_row(r, 2, row), ProtocolError);
}

TEST_CASE("a value's numbers convert between INTEGER and REAL as SQLite's do", "[dqlite][tuple]") {
  CHECK(Value::integer(3).real() == 3.0);
  CHECK(Value::real(-2.75).integer() == -2);
  CHECK(Value::real(1e300).integer() == std::numeric_limits<std::int64_t>::max());
  CHECK(Value::real(-1e300).integer() == std::numeric_limits<std::int64_t>::min());
  CHECK(Value::null().integer() == 0);
  CHECK(Value::text("12").integer() == 0);
}
