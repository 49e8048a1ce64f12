#include "backends/dqlite/rows.hpp"

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/message_stream.hpp"

namespace dorm::dqlite {

Rows::Rows(MessageStream& stream, std::uint64_t number, std::vector<std::byte> first, std::string sql)
    : stream_(&stream), number_(number), sql_(std::move(sql)) {
  // The stream learns at once when the node has sent the whole result, so that the next
  // request does not wait for batches that will not come.
  if (is_last_batch(first)) stream_->end_result();
  batch_.emplace(std::move(first));
  columns_.assign(batch_->columns().begin(), batch_->columns().end());
  row_.reserve(columns_.size());
}

bool Rows::next() {
  if (done_) return false;
  while (!batch_->next(row_)) {
    if (!batch_->more_follow()) {
      done_ = true;
      row_.clear();
      return false;
    }
    if (!stream_->is_current(number_)) {
      done_ = true;
      throw MisuseError("[dorm.misuse.dqlite_rows] the rows of '" + sql_ +
                        "' were read after their connection sent another request, which dropped the rest of them");
    }
    Response response = stream_->receive();
    if (response.type != ResponseType::rows) {
      // A FAILURE ends the result (SQLite failed while stepping): thrown as its dorm error.
      stream_->end_result();
      done_ = true;
      if (response.type == ResponseType::failure) {
        const Failure failure = decode_query_failure(response.body);
        throw_failure(failure.code, failure.message, sql_);
      }
      expect(response, ResponseType::rows, sql_);
    }
    if (is_last_batch(response.body)) stream_->end_result();
    RowBatch batch(std::move(response.body));
    if (batch.columns().size() != columns_.size()) {
      done_ = true;
      throw_protocol_error("garbled message: a later ROWS batch of '" + sql_ + "' has " +
                           std::to_string(batch.columns().size()) + " columns, the first had " +
                           std::to_string(columns_.size()));
    }
    batch_.emplace(std::move(batch));
    ++batches_;
  }
  return true;
}

}  // namespace dorm::dqlite
