#pragma once
// An error that becomes one HTTP response: its status code and the message of its JSON body.
#include <stdexcept>
#include <string>

namespace dorm::server {

/// A request that cannot be answered with a result: `status()` is the HTTP status (400, 413,
/// 500, 503, ...), what() the `error` text of the response; `statement()` the 0-based index of
/// the failing statement of a transaction, -1 otherwise.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message, int statement = -1)
      : std::runtime_error(message), status_(status), statement_(statement) {}
  /// The HTTP status code of the response.
  [[nodiscard]] int status() const noexcept { return status_; }
  /// The index of the transaction's statement that failed, or -1.
  [[nodiscard]] int statement() const noexcept { return statement_; }

 private:
  int status_;
  int statement_;
};

}  // namespace dorm::server
