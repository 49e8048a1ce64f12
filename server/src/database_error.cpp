#include "database_error.hpp"

#include "statement_clock.hpp"

namespace dorm::server {

HttpError http_error_of(const Error& error, const StatementClock& clock, const std::string& lead, int statement) {
  if (clock.timed_out() && error.code() == StatementClock::interrupted_code) {
    return HttpError(503, lead + "the statement ran longer than the server's time limit of " +
                              std::to_string(clock.limit().count()) + " ms and was interrupted", statement);
  }
  if (const auto* refused = dynamic_cast<const AuthorizationError*>(&error)) {
    return HttpError(403, lead + "refused: " + refused->refused(), statement);
  }
  if (dynamic_cast<const BusyError*>(&error) != nullptr) return HttpError(503, lead + error.what(), statement);
  if (dynamic_cast<const MisuseError*>(&error) != nullptr) {
    return HttpError(400, lead + error.what() + " (send one statement per \"sql\"; several go in a \"transaction\")",
                     statement);
  }
  return HttpError(500, lead + error.what(), statement);
}

}  // namespace dorm::server
