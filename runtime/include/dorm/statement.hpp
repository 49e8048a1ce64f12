#pragma once
// A prepared statement (RAII over sqlite3_stmt) and the typed binding/reading of C++ values.
// Binding and reading are inline and non-template per type, so a row costs what hand-written
// sqlite3_bind_*/sqlite3_column_* calls cost; only error paths leave the header.
#include <sqlite3.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dorm/error.hpp"

namespace dorm {

/// One prepared statement. Movable, not copyable; finalized on destruction.
class Statement {
 public:
  /// Prepares exactly one SQL statement; throws SqliteError on a syntax error and MisuseError
  /// when `sql` holds more than one statement.
  Statement(sqlite3* db, std::string_view sql, bool persistent = false);
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

  [[nodiscard]] sqlite3_stmt* handle() const noexcept { return stmt_; }
  [[nodiscard]] sqlite3* db() const noexcept { return sqlite3_db_handle(stmt_); }
  [[nodiscard]] std::string_view sql() const noexcept { return sql_; }
  [[nodiscard]] int parameter_count() const noexcept { return sqlite3_bind_parameter_count(stmt_); }
  [[nodiscard]] int column_count() const noexcept { return sqlite3_column_count(stmt_); }

  /// Throws the error for result code `rc` (used by the inline paths; kept out of line).
  [[noreturn]] void fail(int rc) const;
  /// Throws TypeMismatch naming the result column `column` and what was expected.
  [[noreturn]] void type_mismatch(int column, std::string_view expected) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

// ---- binding: one overload per supported C++ type; parameters are 1-based ----

inline void check_bind(const Statement& st, int rc) {
  if (rc != SQLITE_OK) [[unlikely]] st.fail(rc);
}
inline void bind_value(Statement& st, int index, std::int64_t v) {
  check_bind(st, sqlite3_bind_int64(st.handle(), index, v));
}
template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, std::int64_t> && !std::same_as<I, char>)
inline void bind_value(Statement& st, int index, I v) {
  if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t)) {
    if (v > static_cast<I>(std::numeric_limits<std::int64_t>::max())) [[unlikely]]
      throw Error("[dorm.bind.range] unsigned value does not fit SQLite's 64-bit integer", 0, 0,
                  std::string(st.sql()));
  }
  check_bind(st, sqlite3_bind_int64(st.handle(), index, static_cast<std::int64_t>(v)));
}
inline void bind_value(Statement& st, int index, bool v) {
  check_bind(st, sqlite3_bind_int(st.handle(), index, v ? 1 : 0));
}
inline void bind_value(Statement& st, int index, double v) {
  check_bind(st, sqlite3_bind_double(st.handle(), index, v));
}
/// Text is bound SQLITE_STATIC: callers keep the value alive until the statement is reset.
inline void bind_value(Statement& st, int index, std::string_view v) {
  check_bind(st, sqlite3_bind_text64(st.handle(), index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
}
inline void bind_value(Statement& st, int index, const std::string& v) { bind_value(st, index, std::string_view(v)); }
inline void bind_value(Statement& st, int index, const char* v) { bind_value(st, index, std::string_view(v)); }
inline void bind_value(Statement& st, int index, const std::vector<std::byte>& v) {
  // An empty vector is an empty BLOB, not NULL (data() may be null).
  static constexpr std::byte empty{};
  const void* data = v.empty() ? &empty : static_cast<const void*>(v.data());
  check_bind(st, sqlite3_bind_blob64(st.handle(), index, data, v.size(), SQLITE_STATIC));
}
inline void bind_value(Statement& st, int index, std::nullopt_t) {
  check_bind(st, sqlite3_bind_null(st.handle(), index));
}
template <class T>
inline void bind_value(Statement& st, int index, const std::optional<T>& v) {
  if (v) bind_value(st, index, *v);
  else bind_value(st, index, std::nullopt);
}

/// Binds values to consecutive parameters, starting at 1.
struct Binder {
  Statement& statement;
  int next = 1;
  template <class T>
  void operator()(const T& value) { bind_value(statement, next++, value); }
};

// ---- reading: result columns are 0-based; a value of the wrong storage class is an error ----

inline void read_value(const Statement& st, int column, std::int64_t& out) {
  if (sqlite3_column_type(st.handle(), column) != SQLITE_INTEGER) [[unlikely]] st.type_mismatch(column, "INTEGER");
  out = sqlite3_column_int64(st.handle(), column);
}
template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, std::int64_t> && !std::same_as<I, char>)
inline void read_value(const Statement& st, int column, I& out) {
  std::int64_t wide = 0;
  read_value(st, column, wide);
  if (std::in_range<I>(wide)) [[likely]] out = static_cast<I>(wide);
  else st.type_mismatch(column, "an INTEGER in the range of the member's type");
}
inline void read_value(const Statement& st, int column, bool& out) {
  if (sqlite3_column_type(st.handle(), column) != SQLITE_INTEGER) [[unlikely]] st.type_mismatch(column, "INTEGER 0 or 1");
  out = sqlite3_column_int64(st.handle(), column) != 0;
}
inline void read_value(const Statement& st, int column, double& out) {
  int type = sqlite3_column_type(st.handle(), column);
  if (type != SQLITE_FLOAT && type != SQLITE_INTEGER) [[unlikely]] st.type_mismatch(column, "REAL");
  out = sqlite3_column_double(st.handle(), column);
}
inline void read_value(const Statement& st, int column, std::string& out) {
  if (sqlite3_column_type(st.handle(), column) != SQLITE_TEXT) [[unlikely]] st.type_mismatch(column, "TEXT");
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st.handle(), column));
  out.assign(text, static_cast<std::size_t>(sqlite3_column_bytes(st.handle(), column)));
}
inline void read_value(const Statement& st, int column, std::vector<std::byte>& out) {
  if (sqlite3_column_type(st.handle(), column) != SQLITE_BLOB) [[unlikely]] st.type_mismatch(column, "BLOB");
  const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(st.handle(), column));
  out.assign(data, data + sqlite3_column_bytes(st.handle(), column));
}
template <class T>
inline void read_value(const Statement& st, int column, std::optional<T>& out) {
  if (sqlite3_column_type(st.handle(), column) == SQLITE_NULL) {
    out.reset();
    return;
  }
  if (!out) out.emplace();
  read_value(st, column, *out);
}

/// True for the C++ types dorm can bind and read (a model member's type).
template <class T>
concept StorableValue = requires(Statement& st, T& out, const T& in) {
  bind_value(st, 1, in);
  read_value(st, 0, out);
};

}  // namespace dorm
