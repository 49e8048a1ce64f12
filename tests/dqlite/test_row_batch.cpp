// ROWS messages (runtime/src/backends/dqlite/row_batch.hpp): column names, rows, and the
// closing word saying whether another batch follows.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/protocol.hpp"
#include "backends/dqlite/row_batch.hpp"
#include "bytes.hpp"

using dorm::dqlite::ProtocolError;
using dorm::dqlite::RowBatch;
using dorm::dqlite::Value;
using dorm::dqlite::Writer;

namespace {

// A ROWS body as a node writes it: 2 columns (id INTEGER, name TEXT), `rows` rows numbered from
// `first`, then `marker`.
std::vector<std::byte> batch(int first, int rows, std::uint64_t marker) {
  Writer w;
  w.put_uint64(2);
  w.put_text("id", "c");
  w.put_text("name", "c");
  for (int i = first; i < first + rows; ++i) {
    w.put_uint8(1 | (3 << 4));  // INTEGER, TEXT
    w.pad();
    w.put_int64(i);
    w.put_text("row " + std::to_string(i), "t");
  }
  w.put_uint64(marker);
  return w.take();
}

}  // namespace

TEST_CASE("a ROWS batch gives its column names, its rows, then says it is the last", "[dqlite][row_batch]") {
  RowBatch b(batch(1, 3, dorm::dqlite::rows_done_marker));
  REQUIRE(b.columns().size() == 2);
  CHECK(b.columns()[0] == "id");
  CHECK(b.columns()[1] == "name");
  std::vector<Value> row;
  for (int i = 1; i <= 3; ++i) {
    REQUIRE(b.next(row));
    CHECK(row[0].integer() == i);
    CHECK(row[1].text() == "row " + std::to_string(i));
  }
  CHECK_FALSE(b.next(row));
  CHECK_FALSE(b.more_follow());
  CHECK_FALSE(b.next(row));  // stays at the end
}

TEST_CASE("a result over several batches: each but the last ends with the part marker", "[dqlite][row_batch]") {
  std::vector<std::vector<std::byte>> frames = {batch(1, 2, dorm::dqlite::rows_part_marker),
                                                batch(3, 2, dorm::dqlite::rows_part_marker),
                                                batch(5, 1, dorm::dqlite::rows_done_marker)};
  std::vector<std::int64_t> ids;
  std::vector<bool> more;
  std::vector<Value> row;
  for (auto& frame : frames) {
    RowBatch b(std::move(frame));
    while (b.next(row)) ids.push_back(row[0].integer());
    more.push_back(b.more_follow());
  }
  CHECK(ids == std::vector<std::int64_t>{1, 2, 3, 4, 5});
  CHECK(more == std::vector<bool>{true, true, false});
}

TEST_CASE("an empty result is the column names and the done marker", "[dqlite][row_batch]") {
  RowBatch b(batch(0, 0, dorm::dqlite::rows_done_marker));
  std::vector<Value> row;
  CHECK(b.columns().size() == 2);
  CHECK_FALSE(b.next(row));
  CHECK_FALSE(b.more_follow());
}

TEST_CASE("a ROWS batch cut anywhere is refused, never read past its end", "[dqlite][row_batch]") {
  const auto whole = batch(1, 2, dorm::dqlite::rows_done_marker);
  for (std::size_t size = 0; size < whole.size(); size += 8) {
    std::vector<std::byte> cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(size));
    const auto read_all = [&cut] {
      RowBatch b(cut);
      std::vector<Value> row;
      while (b.next(row)) {
      }
    };
    CHECK_THROWS_AS(read_all(), ProtocolError);
  }
}

TEST_CASE("bytes after the closing word are refused", "[dqlite][row_batch]") {
  auto body = batch(1, 1, dorm::dqlite::rows_done_marker);
  body.resize(body.size() + 8);
  RowBatch b(std::move(body));
  std::vector<Value> row;
  REQUIRE(b.next(row));
  CHECK_THROWS_WITH(b.next(row), Catch::Contains("unexpected bytes after the closing word of ROWS"));
}

TEST_CASE("a column count of zero or beyond the message is refused", "[dqlite][row_batch]") {
  Writer zero;
  zero.put_uint64(0);
  zero.put_uint64(dorm::dqlite::rows_done_marker);
  CHECK_THROWS_WITH(RowBatch(zero.take()), Catch::Contains("ROWS claims 0 columns"));
  Writer huge;
  huge.put_uint64(1ULL << 62);
  CHECK_THROWS_WITH(RowBatch(huge.take()), Catch::Contains("ROWS claims 4611686018427387904 columns"));
}

TEST_CASE("a query's FAILURE is read whether or not the node put rows before it", "[dqlite][row_batch]") {
  Writer plain;
  plain.put_uint64(1);
  plain.put_text("no such table: t", "m");
  const auto failure = dorm::dqlite::decode_query_failure(plain.bytes());
  CHECK(failure.code == 1);
  CHECK(failure.message == "no such table: t");

  // dqlite 1.11 failing while stepping: names and rows so far, then the failure.
  auto after_rows = batch(1, 2, 0);
  after_rows.resize(after_rows.size() - 8);  // no closing word
  Writer tail;
  tail.put_uint64(1);
  tail.put_text("integer overflow", "m");
  after_rows.insert(after_rows.end(), tail.bytes().begin(), tail.bytes().end());
  const auto late = dorm::dqlite::decode_query_failure(after_rows);
  CHECK(late.code == 1);
  CHECK(late.message == "integer overflow");
}

TEST_CASE("a query's FAILURE that is neither a failure nor rows followed by one is refused", "[dqlite][row_batch]") {
  auto rows_only = batch(1, 2, dorm::dqlite::rows_done_marker);
  CHECK_THROWS_AS(dorm::dqlite::decode_query_failure(rows_only), ProtocolError);
  CHECK_THROWS_AS(dorm::dqlite::decode_query_failure(dqlite_test::bytes({1, 2, 3})), ProtocolError);
}
