#pragma once
// The SQLite implementation of a prepared statement (RAII over sqlite3_stmt): what the runtime
// needs from one statement of an engine (dorm/core/connection.hpp). Binding, stepping and reading
// are inline, so a row costs what hand-written sqlite3_bind_*/sqlite3_column_* calls cost;
// only error paths leave the header.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dorm/core/storage_class.hpp"

namespace dorm::sqlite {

class Connection;

static_assert(static_cast<int>(StorageClass::integer) == SQLITE_INTEGER &&
              static_cast<int>(StorageClass::real) == SQLITE_FLOAT &&
              static_cast<int>(StorageClass::text) == SQLITE_TEXT &&
              static_cast<int>(StorageClass::blob) == SQLITE_BLOB && static_cast<int>(StorageClass::null) == SQLITE_NULL);

/// One value of the current row. Each column is fetched once (sqlite3_column_value) and then
/// checked and read with the sqlite3_value_* accessors: every sqlite3_column_* call enters and
/// leaves the connection's mutex and error state (~50 instructions on SQLite 3.40), so checking
/// the storage class with sqlite3_column_type before reading cost two or three such calls per
/// column, ~20% of materializing a 5-column row (docs/performance.md). The value is
/// "unprotected": SQLite calls reading it unsafe only while another thread uses the same
/// connection, and a connection is used by one thread at a time. Valid until the next step.
class Value {
 public:
  explicit Value(sqlite3_value* value) noexcept : value_(value) {}
  /// The storage class the value has.
  [[nodiscard]] StorageClass storage_class() const noexcept {
    return static_cast<StorageClass>(sqlite3_value_type(value_));
  }
  /// The value as an integer (meaningful for INTEGER).
  [[nodiscard]] std::int64_t integer() const noexcept { return sqlite3_value_int64(value_); }
  /// The value as a double (meaningful for REAL and INTEGER).
  [[nodiscard]] double real() const noexcept { return sqlite3_value_double(value_); }
  /// The value as text; for a number, SQLite's text of it ("2024", "1.5").
  [[nodiscard]] std::string_view text() const noexcept {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value_));  // before bytes: may convert
    return {text, static_cast<std::size_t>(sqlite3_value_bytes(value_))};
  }
  /// The bytes of a BLOB.
  [[nodiscard]] const std::byte* blob_data() const noexcept {
    return static_cast<const std::byte*>(sqlite3_value_blob(value_));
  }
  /// The size of the BLOB or text in bytes (after blob_data() or text()).
  [[nodiscard]] std::size_t size() const noexcept { return static_cast<std::size_t>(sqlite3_value_bytes(value_)); }

 private:
  sqlite3_value* value_;
};

/// One prepared statement of a Connection. Movable, not copyable; finalized on destruction.
class Statement {
 public:
  /// The value type column() returns.
  using Value = sqlite::Value;

  /// Prepares exactly one SQL statement; throws SqliteError on a syntax error and MisuseError
  /// when `sql` holds more than one statement. `persistent`: kept for many runs (a cached one).
  Statement(Connection& connection, std::string_view sql, bool persistent = false);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  /// Runs one step: true when a row is ready to read, false when the statement is done.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(rc);
  }
  /// Makes the statement ready to run again (bindings are kept until rebound).
  void reset() noexcept { sqlite3_reset(stmt_); }

  // ---- binding: parameters are 1-based ----

  void bind_null(int index) { check(sqlite3_bind_null(stmt_, index)); }
  void bind_int64(int index, std::int64_t value) { check(sqlite3_bind_int64(stmt_, index, value)); }
  void bind_double(int index, double value) { check(sqlite3_bind_double(stmt_, index, value)); }
  /// Binds text the caller keeps alive until the statement is reset (no copy).
  void bind_text(int index, std::string_view text) {
    check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8));
  }
  /// Binds a copy of `text` (a temporary the statement outlives).
  void bind_text_copy(int index, std::string_view text) {
    check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  /// Binds `size` bytes at `data` (non-null; kept alive until the statement is reset).
  void bind_blob(int index, const void* data, std::size_t size) {
    check(sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_STATIC));
  }
  /// Binds a copy of `size` bytes at `data` (a temporary the statement outlives).
  void bind_blob_copy(int index, const void* data, std::size_t size) {
    check(sqlite3_bind_blob64(stmt_, index, size == 0 ? "" : data, size, SQLITE_TRANSIENT));
  }

  // ---- reading: result columns are 0-based ----

  /// The value of result column `column` of the current row.
  [[nodiscard]] Value column(int column) const noexcept { return Value(sqlite3_column_value(stmt_, column)); }

  // ---- facts about the statement and its last run ----

  [[nodiscard]] std::string_view sql() const noexcept { return sql_; }
  [[nodiscard]] int parameter_count() const noexcept { return sqlite3_bind_parameter_count(stmt_); }
  [[nodiscard]] int column_count() const noexcept { return sqlite3_column_count(stmt_); }
  /// The name of result column `column` (its AS alias, else SQLite's name for it).
  [[nodiscard]] std::string_view column_name(int column) const noexcept {
    const char* name = sqlite3_column_name(stmt_, column);
    return name == nullptr ? std::string_view{} : std::string_view{name};
  }
  /// The name of parameter `index` (1-based) with its prefix (":id", "@id", "$id", "?3"); empty
  /// for a bare "?".
  [[nodiscard]] std::string_view parameter_name(int index) const noexcept {
    const char* name = sqlite3_bind_parameter_name(stmt_, index);
    return name == nullptr ? std::string_view{} : std::string_view{name};
  }
  /// True when the statement does not write (a SELECT, not INSERT ... RETURNING).
  [[nodiscard]] bool is_read_only() const noexcept { return sqlite3_stmt_readonly(stmt_) != 0; }
  /// Rows the last INSERT, UPDATE or DELETE of the statement's connection changed.
  [[nodiscard]] std::int64_t changes() const noexcept { return sqlite3_changes64(sqlite3_db_handle(stmt_)); }
  /// Rowid of the last row the statement's connection inserted.
  [[nodiscard]] std::int64_t last_insert_rowid() const noexcept {
    return sqlite3_last_insert_rowid(sqlite3_db_handle(stmt_));
  }

  /// Throws TypeMismatch naming the result column `column` (as table.column when it comes from
  /// a table), the storage class it holds, what was expected and, when the row's primary key
  /// columns are among the results, the key: "[dorm.type_mismatch] column 'users.age' holds
  /// TEXT but the C++ member expects INTEGER (row id = 7)". Reads the catalog: error path only.
  [[noreturn]] void type_mismatch(int column, std::string_view expected) const;
  /// Throws the error for SQLite result code `rc` (used by the inline paths; kept out of line).
  [[noreturn]] void fail(int rc) const;

  /// The sqlite3_stmt, for what dorm does not cover (SQLite backend only).
  [[nodiscard]] sqlite3_stmt* handle() const noexcept { return stmt_; }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) [[unlikely]] fail(rc);
  }

  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

}  // namespace dorm::sqlite
