#pragma once
// One statement's result streamed as NDJSON (Accept: application/x-ndjson), row by row, so a
// result of any size goes out in bounded memory.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include "dorm/core/callback.hpp"
#include "dorm/server/query_request.hpp"
#include "request_database.hpp"
#include "statement_clock.hpp"

namespace dorm::server {

/// A prepared, bound statement whose records are written one line each:
/// {"type":"columns","data":[...]}, then {"type":"row","data":[...]} per row, then
/// {"type":"meta","data":{"rows_read":n,"rows_written":n}}; an error after the first record
/// ends the stream with {"type":"error","data":"..."} instead of the meta record.
class NdjsonStream {
 public:
  /// Prepares and binds `query` on `database`'s connection. Throws HttpError as run_query does
  /// (400 bad parameter or SQL text, 500 database error, 503 busy) before anything is sent.
  NdjsonStream(std::unique_ptr<RequestDatabase> database, const QueryStatement& query,
               std::chrono::milliseconds time_limit);
  NdjsonStream(const NdjsonStream&) = delete;
  NdjsonStream& operator=(const NdjsonStream&) = delete;
  ~NdjsonStream();

  /// Runs the statement and passes its records to `write` in chunks of about 64 KiB (false
  /// from `write`: the client is gone, stop). Returns the rows sent.
  std::int64_t write_all(const Callback<bool(std::string_view chunk)>& write);

 private:
  // Destroyed in reverse order: the statement before the clock, both before the connection
  // goes back.
  std::unique_ptr<RequestDatabase> database_;
  StatementClock clock_;
  std::unique_ptr<Statement> statement_;
};

}  // namespace dorm::server
