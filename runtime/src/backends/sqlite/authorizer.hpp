#pragma once
// The SQLite backend's private side of Connection::set_authorizer: the state SQLite's callback
// reaches, and the refusal it leaves for the error mapping (throw_error) to report.
#include <sqlite3.h>

#include <optional>
#include <string>

#include "dorm/backends/sqlite/connection.hpp"

namespace dorm::sqlite {

/// What the authorizer callback needs, at a stable address.
struct Connection::AuthorizerState {
  Authorizer rule;
  sqlite3* db = nullptr;  // the connection it belongs to, under which a refusal is recorded
  // True while the connection runs a statement of its own (begin, commit, ...), which the rule
  // does not judge.
  bool own_statement = false;
};

/// SQLite's authorizer callback over a Connection::AuthorizerState.
int authorize(void* state, int code, const char* first, const char* second, const char* database,
              const char* inner) noexcept;

/// Forgets a refusal recorded for `db` on this thread (done before each prepare).
void clear_refusal(sqlite3* db) noexcept;
/// The first refusal recorded for `db` on this thread since the last clear, and forgets it.
/// SQLite reports a refusal only as "not authorized"; the rule's reason travels this way, per
/// thread, because prepare calls the authorizer on the thread that prepares.
std::optional<std::string> take_refusal(sqlite3* db);

}  // namespace dorm::sqlite
