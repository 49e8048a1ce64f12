#pragma once
// The rows of a QUERY or QUERY_SQL, read as they arrive: one ROWS message at a time, the next
// read when the current one is used up. Values view the current message, so reading a row
// copies nothing; they stay valid until the next call to next().
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backends/dqlite/row_batch.hpp"
#include "backends/dqlite/value.hpp"

namespace dorm::dqlite {

class MessageStream;

/// A result being read. Movable. Reading it after its Client sent another request (which
/// drops the rest of it) throws MisuseError; it must not outlive its Client.
class Rows {
 public:
  /// The result whose first ROWS message is `first`, read from `stream` (result `number` of it);
  /// `sql` names the statement in errors.
  Rows(MessageStream& stream, std::uint64_t number, std::vector<std::byte> first, std::string sql);

  /// The column names.
  [[nodiscard]] const std::vector<std::string>& columns() const noexcept { return columns_; }
  /// Moves to the next row (the first, on the first call); false after the last one. A FAILURE
  /// the node sends between batches (a SQLite error while stepping) is thrown as its dorm error.
  bool next();
  /// The current row's values, valid until the next call to next().
  [[nodiscard]] std::span<const Value> row() const noexcept { return row_; }
  /// The current row's value `column` (0-based).
  [[nodiscard]] const Value& operator[](std::size_t column) const noexcept { return row_[column]; }
  /// Whether the last row was read.
  [[nodiscard]] bool done() const noexcept { return done_; }
  /// How many ROWS messages were read so far (a node sends about a memory page per message).
  [[nodiscard]] std::size_t batches() const noexcept { return batches_; }

 private:
  MessageStream* stream_;
  std::uint64_t number_;
  std::string sql_;
  std::optional<RowBatch> batch_;
  std::vector<std::string> columns_;
  std::vector<Value> row_;
  std::size_t batches_ = 1;
  bool done_ = false;
};

}  // namespace dorm::dqlite
