#pragma once
// One ROWS message: the column count, the column names, rows, and a closing word saying
// whether the result ends here (DONE) or the node sends another batch (PART). A node fills a
// batch up to about a memory page and repeats the column names in each one.
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "backends/dqlite/messages.hpp"
#include "backends/dqlite/value.hpp"
#include "backends/dqlite/wire.hpp"

namespace dorm::dqlite {

/// Reads the rows of one ROWS body, row by row. Owns the body; the column names and the values
/// of a row view it.
class RowBatch {
 public:
  /// Reads the column count and names; throws ProtocolError for a truncated or garbled body.
  explicit RowBatch(std::vector<std::byte> body);
  RowBatch(RowBatch&&) noexcept = default;
  RowBatch& operator=(RowBatch&&) noexcept = default;
  RowBatch(const RowBatch&) = delete;
  RowBatch& operator=(const RowBatch&) = delete;

  /// The column names, in order.
  [[nodiscard]] const std::vector<std::string_view>& columns() const noexcept { return columns_; }
  /// Reads the next row into `row` (its values view this batch); false at the closing word.
  bool next(std::vector<Value>& row);
  /// After next() returned false: whether the node sends another batch (PART) or not (DONE).
  [[nodiscard]] bool more_follow() const noexcept { return more_follow_; }

 private:
  std::vector<std::byte> body_;
  Reader in_;
  std::vector<std::string_view> columns_;
  bool ended_ = false;
  bool more_follow_ = false;
};

/// The FAILURE a node sends for a query. dqlite 1.11 (through 1.14 at least) writes a failure
/// while stepping after what it had already put in the batch: the column names and the rows
/// so far come first, then the code and message. Read as a plain FAILURE when it is one, else
/// past those names and rows to the failure that ends the message; ProtocolError if neither.
[[nodiscard]] Failure decode_query_failure(std::span<const std::byte> body);

/// Whether a ROWS body is the last of its result: it does not close with the part marker. Read
/// from the closing word alone, so a result can be tracked without decoding its rows.
[[nodiscard]] bool is_last_batch(std::span<const std::byte> body) noexcept;

}  // namespace dorm::dqlite
