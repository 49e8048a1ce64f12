#pragma once
// Every error dorm throws derives from dorm::Error. Messages start with a stable id listed in
// docs/errors.md, e.g. "[dorm.sqlite.2067] UNIQUE constraint failed: users.email".
#include <stdexcept>
#include <string>
#include <string_view>

namespace dorm {

/// Base of all dorm errors. `code()`/`extended_code()` are the engine's result codes, SQLite's
/// numbering (0 when the error did not come from the engine); `sql()` is the statement
/// involved, if any.
class Error : public std::runtime_error {
 public:
  Error(std::string message, int code = 0, int extended_code = 0, std::string sql = {});
  [[nodiscard]] int code() const noexcept { return code_; }
  [[nodiscard]] int extended_code() const noexcept { return extended_code_; }
  [[nodiscard]] const std::string& sql() const noexcept { return sql_; }

 private:
  int code_;
  int extended_code_;
  std::string sql_;
};

/// SQLite reported an error (I/O, corrupt database, syntax, ...).
class SqliteError : public Error {
 public:
  using Error::Error;
};

/// A constraint was violated; `kind()` says which, so callers can react to e.g. duplicates.
class ConstraintError : public SqliteError {
 public:
  enum class Kind { unique, primary_key, foreign_key, not_null, check, other };
  ConstraintError(std::string message, Kind kind, int code, int extended_code, std::string sql);
  [[nodiscard]] Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

/// The database stayed locked past the busy timeout (SQLITE_BUSY / SQLITE_LOCKED).
class BusyError : public SqliteError {
 public:
  using SqliteError::SqliteError;
};

/// A write refused before it ran because the connection is read-only (opened with
/// OpenOptions::read_only, or a ConnectionPool reader). `code()` is SQLITE_READONLY (8), as
/// for SQLite's own refusal of a write it is given (raw SQL).
class ReadOnlyError : public SqliteError {
 public:
  using SqliteError::SqliteError;
};

/// A statement refused while it was prepared by the connection's authorizer rule
/// (Connection::set_authorizer): `code()` is SQLITE_AUTH (23). `refused()` is what the rule
/// said ("ATTACH", "write to table 'users' with a read-only token"); the message is
/// "[dorm.sqlite.23] refused: <refused()>" with the statement.
class AuthorizationError : public SqliteError {
 public:
  AuthorizationError(std::string message, std::string refused, int code, int extended_code, std::string sql);
  [[nodiscard]] const std::string& refused() const noexcept { return refused_; }

 private:
  std::string refused_;
};

/// find_or_fail() (or update/remove of a row) found no row with that key.
class NotFound : public Error {
 public:
  using Error::Error;
};

/// update(row) or remove(row) of a table with a version column (`x-dorm-version`, optimistic
/// locking) found the row's key but not the row's version: the row was changed since it was
/// loaded, and nothing was written. `table()` and `key()` (`id = 7`) say which row.
class ConcurrentModification : public Error {
 public:
  ConcurrentModification(std::string message, std::string table, std::string key, std::string sql);
  [[nodiscard]] const std::string& table() const noexcept { return table_; }
  [[nodiscard]] const std::string& key() const noexcept { return key_; }

 private:
  std::string table_;
  std::string key_;
};

/// A value read from the database does not fit the C++ type it is read into (a NULL into a
/// non-optional member, TEXT into an integer, ...), typically from a hand-made database.
class TypeMismatch : public Error {
 public:
  using Error::Error;
};

/// dorm was used wrongly (an operation on a closed database, committing twice, ...): a bug in
/// the calling code rather than a condition to handle.
class MisuseError : public Error {
 public:
  using Error::Error;
};

}  // namespace dorm
