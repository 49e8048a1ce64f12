#pragma once
// The escape hatch to SQLite itself, for what dorm does not cover (a pragma dorm has no call
// for, sqlite3_* functions): code that includes this header is written for the SQLite engine.
#include <sqlite3.h>

#include "dorm/core/database.hpp"

namespace dorm::sqlite {

/// The sqlite3 handle of `db`'s connection, or nullptr when `db` is closed (or moved from).
/// `db` keeps owning it.
[[nodiscard]] inline sqlite3* handle(const Database& db) noexcept {
  return db.is_open() ? db.connection().handle() : nullptr;
}

/// The sqlite3_stmt of a prepared statement. The statement keeps owning it.
[[nodiscard]] inline sqlite3_stmt* handle(const dorm::Statement& statement) noexcept { return statement.handle(); }

}  // namespace dorm::sqlite
