#pragma once
// dorm's errors of a statement as HTTP errors.
#include <string>

#include "dorm/core/error.hpp"
#include "dorm/server/http_error.hpp"

namespace dorm::server {

class StatementClock;

/// The HttpError for `error`, with SQLite's message after `lead`: 503 for a lock held past the
/// busy timeout or an interruption by `clock`, 403 "refused: ..." for a statement the
/// connection's SqlGuard refused, 400 for SQL text that is not one statement, 500 otherwise. `statement`: the failing statement's index in a transaction, or -1.
[[nodiscard]] HttpError http_error_of(const Error& error, const StatementClock& clock, const std::string& lead,
                                      int statement);

}  // namespace dorm::server
