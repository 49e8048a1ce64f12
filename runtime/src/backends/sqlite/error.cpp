#include "dorm/backends/sqlite/error.hpp"

#include <optional>
#include <string>

#include "backends/sqlite/authorizer.hpp"

#include "dorm/core/error.hpp"

namespace dorm::sqlite {

namespace {

ConstraintError::Kind constraint_kind(int extended_code, const std::string& message) {
  // ON DELETE/UPDATE RESTRICT is enforced by an internal trigger: SQLite reports it as
  // SQLITE_CONSTRAINT_TRIGGER with the foreign key message.
  if (extended_code == SQLITE_CONSTRAINT_TRIGGER && message.find("FOREIGN KEY constraint failed") != std::string::npos)
    return ConstraintError::Kind::foreign_key;
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE: return ConstraintError::Kind::unique;
    case SQLITE_CONSTRAINT_PRIMARYKEY: return ConstraintError::Kind::primary_key;
    case SQLITE_CONSTRAINT_FOREIGNKEY: return ConstraintError::Kind::foreign_key;
    case SQLITE_CONSTRAINT_NOTNULL: return ConstraintError::Kind::not_null;
    case SQLITE_CONSTRAINT_CHECK: return ConstraintError::Kind::check;
    default: return ConstraintError::Kind::other;
  }
}

// "[dorm.sqlite.2067] UNIQUE constraint failed: users.email\n  in: INSERT ...\n        ^"
// A refused statement says what its authorizer rule refused instead of "not authorized".
std::string describe(sqlite3* db, int extended_code, std::string_view sql, const std::optional<std::string>& refused) {
  std::string message = "[dorm.sqlite." + std::to_string(extended_code) + "] ";
  if (refused) {
    message += "refused: " + *refused;
  } else {
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(extended_code);
  }
  if (!sql.empty()) {
    message += "\n  in: ";
    message += sql;
    int offset = db != nullptr ? sqlite3_error_offset(db) : -1;
    if (offset >= 0 && static_cast<std::size_t>(offset) <= sql.size() &&
        sql.find('\n') == std::string_view::npos) {
      message += "\n      " + std::string(static_cast<std::size_t>(offset), ' ') + '^';
    }
  }
  return message;
}

}  // namespace

void throw_error(sqlite3* db, int rc, std::string_view sql) {
  int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  if ((extended & 0xff) != (rc & 0xff)) extended = rc;  // errcode of db may be stale
  int primary = rc & 0xff;
  // A refused function call fails as SQLITE_ERROR ("not authorized to use function: ..."), a
  // refused statement as SQLITE_AUTH: both are the rule's refusal, reported as SQLITE_AUTH.
  const std::optional<std::string> refused =
      primary == SQLITE_AUTH || primary == SQLITE_ERROR ? take_refusal(db) : std::nullopt;
  if (refused) primary = extended = SQLITE_AUTH;
  std::string message = describe(db, extended, sql, refused);
  switch (primary) {
    case SQLITE_AUTH:
      throw AuthorizationError(std::move(message), refused.value_or(sqlite3_errstr(SQLITE_AUTH)), primary, extended,
                               std::string(sql));
    case SQLITE_CONSTRAINT: {
      ConstraintError::Kind kind = constraint_kind(extended, message);
      throw ConstraintError(std::move(message), kind, primary, extended, std::string(sql));
    }
    case SQLITE_BUSY:
    case SQLITE_LOCKED: throw BusyError(std::move(message), primary, extended, std::string(sql));
    case SQLITE_MISUSE: throw MisuseError(std::move(message), primary, extended, std::string(sql));
    default: throw SqliteError(std::move(message), primary, extended, std::string(sql));
  }
}

}  // namespace dorm::sqlite
