#include "dorm/query/executor.hpp"

#include <string>

#include "dorm/core/connection.hpp"
#include "dorm/core/error.hpp"

namespace dorm::detail {

namespace {

std::string_view operation_on(StatementKind kind) {
  switch (kind) {
    case StatementKind::insert: return "insert into";
    case StatementKind::update: return "update of";
    case StatementKind::remove: return "delete from";
    case StatementKind::read: break;
  }
  return "read of";
}

}  // namespace

void throw_read_only(StatementKind kind, std::string_view table, const char* reason, std::string_view sql) {
  // The engine's code for the same refusal (SQLite's SQLITE_READONLY), so code that handles SQLite's own
  // error (a write through raw SQL) handles this one too.
  std::string message = "[dorm.read_only] " + std::string(operation_on(kind)) + " table '" + std::string(table) +
                        "' refused: this connection is read-only (" + reason +
                        "); SQLite would refuse it too, with [dorm.sqlite.8] attempt to write a readonly database";
  if (!sql.empty()) message += "\n  in: " + std::string(sql);
  throw ReadOnlyError(std::move(message), Connection::read_only_code, Connection::read_only_code, std::string(sql));
}

}  // namespace dorm::detail
