#include "ndjson_stream.hpp"

#include <string>
#include <utility>

#include "database_error.hpp"
#include "dorm/server/http_error.hpp"
#include "dorm/server/json_values.hpp"
#include "parameter_binding.hpp"

namespace dorm::server {

namespace {

// Records gather in a buffer of about this size before one write: a write per row would cost
// a system call per row.
constexpr std::size_t chunk_bytes = 64 * 1024;

void add_record(std::string& buffer, std::string_view type, const nlohmann::json& data) {
  buffer += R"({"type":")";
  buffer += type;
  buffer += R"(","data":)";
  buffer += data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // TEXT may not be UTF-8
  buffer += "}\n";
}

}  // namespace

NdjsonStream::NdjsonStream(std::unique_ptr<RequestDatabase> database, const QueryStatement& query,
                           std::chrono::milliseconds time_limit)
    : database_(std::move(database)), clock_(database_->get().connection(), time_limit) {
  try {
    statement_ = std::make_unique<Statement>(database_->get().connection(), query.sql);
  } catch (const Error& error) {
    throw http_error_of(error, clock_, "", -1);
  }
  bind_parameters(*statement_, query.params, "");
}

NdjsonStream::~NdjsonStream() {
  statement_.reset();
  // A stream cut short, or a BEGIN streamed, must not leave a transaction to the next request.
  Connection& connection = database_->get().connection();
  if (connection.in_transaction()) {
    try {
      connection.rollback(1);
    } catch (...) {  // NOLINT(bugprone-empty-catch): the connection is closed by its owner then
    }
  }
}

std::int64_t NdjsonStream::write_all(const Callback<bool(std::string_view chunk)>& write) {
  Connection& connection = database_->get().connection();
  Statement& statement = *statement_;
  std::string buffer;
  const int columns = statement.column_count();
  nlohmann::json names = nlohmann::json::array();
  for (int c = 0; c < columns; ++c) names.push_back(std::string(statement.column_name(c)));
  add_record(buffer, "columns", names);

  const std::int64_t changes_before = connection.total_changes();
  std::int64_t rows = 0;
  clock_.restart();
  try {
    for (;;) {
      const bool has_row = statement.step();
      if (!has_row) break;
      nlohmann::json row = nlohmann::json::array();
      for (int c = 0; c < columns; ++c) row.push_back(json_of_value(statement.column(c)));
      add_record(buffer, "row", row);
      ++rows;
      if (buffer.size() >= chunk_bytes) {
        clock_.pause();  // waiting for the client is not the statement's time
        if (!write(buffer)) return rows;
        buffer.clear();
        clock_.resume();
      }
    }
    if (connection.in_transaction()) {
      add_record(buffer, "error", "the statement opened a transaction, which cannot span requests (rolled back)");
    } else {
      add_record(buffer, "meta", {{"rows_read", rows}, {"rows_written", connection.total_changes() - changes_before}});
    }
  } catch (const Error& error) {
    add_record(buffer, "error", http_error_of(error, clock_, "", -1).what());
  }
  write(buffer);
  return rows;
}

}  // namespace dorm::server
