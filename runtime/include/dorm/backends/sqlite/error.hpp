#pragma once
// SQLite result codes to dorm's errors: the SQLite backend's error mapping.
#include <sqlite3.h>

#include <string_view>

namespace dorm::sqlite {

/// Throws the Error subclass matching `rc` (ConstraintError, BusyError, MisuseError, else
/// SqliteError), with sqlite3_errmsg of `db` and a caret under the failing token of `sql` when
/// SQLite knows its offset: "[dorm.sqlite.2067] UNIQUE constraint failed: users.email".
[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view sql);

}  // namespace dorm::sqlite
