#pragma once
// The storage class of one SQL value, as every engine dorm speaks reports it (SQLite's five
// classes; dqlite sends the same codes on its wire).
namespace dorm {

/// What a result value holds. The numbers are SQLite's (SQLITE_INTEGER ... SQLITE_NULL), so the
/// SQLite backend converts with a cast and no table.
enum class StorageClass { integer = 1, real = 2, text = 3, blob = 4, null = 5 };

/// "INTEGER", "REAL", "TEXT", "BLOB" or "NULL": the name a message uses.
constexpr const char* storage_class_name(StorageClass type) noexcept {
  switch (type) {
    case StorageClass::integer: return "INTEGER";
    case StorageClass::real: return "REAL";
    case StorageClass::text: return "TEXT";
    case StorageClass::blob: return "BLOB";
    default: return "NULL";
  }
}

}  // namespace dorm
