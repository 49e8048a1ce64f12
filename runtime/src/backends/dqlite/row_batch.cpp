#include "backends/dqlite/row_batch.hpp"

#include <optional>
#include <string>

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/protocol.hpp"
#include "backends/dqlite/tuple.hpp"

namespace dorm::dqlite {

RowBatch::RowBatch(std::vector<std::byte> body) : body_(std::move(body)), in_(body_) {
  const std::uint64_t count = in_.get_uint64("ROWS' column count");
  // A node never sends a result without columns; each name takes at least a word.
  if (count == 0 || count > in_.remaining() / word_size) {
    throw_protocol_error("garbled message: ROWS claims " + std::to_string(count) + " columns in " +
                         std::to_string(in_.remaining()) + " bytes");
  }
  columns_.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) columns_.push_back(in_.get_text("a ROWS column name"));
}

bool RowBatch::next(std::vector<Value>& row) {
  if (ended_) return false;
  // A row's header word cannot equal a marker: its 4-bit type codes are at most 11, never 14
  // (0xe) or 15 (0xf).
  const std::uint64_t word = in_.peek_uint64("a ROWS row or its closing word");
  if (word == rows_done_marker || word == rows_part_marker) {
    (void)in_.get_uint64("the closing word of ROWS");
    in_.expect_end("the closing word of ROWS");
    ended_ = true;
    more_follow_ = word == rows_part_marker;
    return false;
  }
  decode_row(in_, columns_.size(), row);
  return true;
}

namespace {

// The failure in `rest` if it holds exactly one: a code that is an SQLite code and a text
// filling the rest.
std::optional<Failure> exact_failure(std::span<const std::byte> rest) {
  try {
    Failure failure = decode_failure(rest);
    if (failure.code > 0xffff) return std::nullopt;
    return failure;
  } catch (const ProtocolError&) {
    return std::nullopt;
  }
}

}  // namespace

Failure decode_query_failure(std::span<const std::byte> body) {
  if (std::optional<Failure> plain = exact_failure(body)) return std::move(*plain);
  Reader in(body);
  const std::uint64_t count = in.get_uint64("the column count before a FAILURE");
  if (count == 0 || count > in.remaining() / word_size) {
    throw_protocol_error("garbled message: a FAILURE that is neither a failure nor rows followed by one");
  }
  for (std::uint64_t i = 0; i < count; ++i) (void)in.get_text("a column name before a FAILURE");
  std::vector<Value> row;
  while (in.remaining() > 0) {
    if (std::optional<Failure> failure = exact_failure(body.subspan(in.offset()))) return std::move(*failure);
    decode_row(in, static_cast<std::size_t>(count), row);
  }
  throw_protocol_error("garbled message: a FAILURE that is neither a failure nor rows followed by one");
}

bool is_last_batch(std::span<const std::byte> body) noexcept {
  if (body.size() < word_size) return true;
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < word_size; ++i) {
    word |= static_cast<std::uint64_t>(std::to_integer<std::uint8_t>(body[body.size() - word_size + i])) << (8 * i);
  }
  return word != rows_part_marker;
}

}  // namespace dorm::dqlite
