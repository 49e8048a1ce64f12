#pragma once
// A prepared statement (RAII over sqlite3_stmt) and the typed binding/reading of C++ values.
// Binding and reading are inline and non-template per type, so a row costs what hand-written
// sqlite3_bind_*/sqlite3_column_* calls cost; only error paths leave the header.
#include <sqlite3.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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
  /// Throws TypeMismatch naming the result column `column` (as table.column when it comes from
  /// a table), the storage class it holds, what was expected and, when the row's primary key
  /// columns are among the results, the key: "[dorm.type_mismatch] column 'users.age' holds
  /// TEXT but the C++ member expects INTEGER (row id = 7)". Reads the catalog: error path only.
  [[noreturn]] void type_mismatch(int column, std::string_view expected) const;
  /// Throws Error "[dorm.bind.nan] NaN cannot be stored in column 'scores.value' ..." for a NaN
  /// bound to parameter `index`, naming the column the SQL writes or compares it with (else the
  /// parameter and the SQL). Error path only.
  [[noreturn]] void refuse_nan(int index) const;

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
/// NaN is refused: SQLite would store NULL instead, which a nullable column reads back as empty
/// and a NOT NULL column reports as a misleading NOT NULL failure. +-infinity is stored as a REAL
/// and reads back; -0.0 reads back from a REAL column as 0.0 (its records keep no sign of zero).
inline void bind_value(Statement& st, int index, double v) {
  if (v != v) [[unlikely]] st.refuse_nan(index);  // NaN is the only value unequal to itself
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
//
// Each column is fetched once with sqlite3_column_value() and then checked and read with the
// sqlite3_value_* accessors. Every sqlite3_column_* call enters and leaves the connection's
// mutex and error state (~50 instructions on SQLite 3.40), so checking the storage class with
// sqlite3_column_type() before reading cost two or three such calls per column, ~20% of
// materializing a 5-column row (docs/performance.md). The value is "unprotected": SQLite calls
// reading it unsafe only while another thread uses the same connection, and a Database is used
// by one thread at a time.

namespace detail {
inline sqlite3_value* column_value(const Statement& st, int column) noexcept {
  return sqlite3_column_value(st.handle(), column);
}

inline void read_from(const Statement& st, int column, sqlite3_value* v, std::int64_t& out) {
  if (sqlite3_value_type(v) != SQLITE_INTEGER) [[unlikely]] st.type_mismatch(column, "INTEGER");
  out = sqlite3_value_int64(v);
}
template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, std::int64_t> && !std::same_as<I, char>)
inline void read_from(const Statement& st, int column, sqlite3_value* v, I& out) {
  std::int64_t wide = 0;
  read_from(st, column, v, wide);
  if (std::in_range<I>(wide)) [[likely]] out = static_cast<I>(wide);
  else st.type_mismatch(column, "an INTEGER in the range of the member's type");
}
inline void read_from(const Statement& st, int column, sqlite3_value* v, bool& out) {
  if (sqlite3_value_type(v) != SQLITE_INTEGER) [[unlikely]] st.type_mismatch(column, "INTEGER 0 or 1");
  out = sqlite3_value_int64(v) != 0;
}
inline void read_from(const Statement& st, int column, sqlite3_value* v, double& out) {
  int type = sqlite3_value_type(v);
  if (type != SQLITE_FLOAT && type != SQLITE_INTEGER) [[unlikely]] st.type_mismatch(column, "REAL");
  out = sqlite3_value_double(v);
}
/// A number read into a string member: SQLite's text of it ("2024", "1.5"). A column whose
/// affinity is not TEXT (an introspected DATETIME, a NUMERIC) stores text that looks like a
/// number as that number, and this is how such a value reads back as the text written; NULL
/// and BLOB are a TypeMismatch. Out of line: the common case, TEXT, never gets here.
void read_number_as_text(const Statement& st, int column, sqlite3_value* v, std::string& out);

inline void read_from(const Statement& st, int column, sqlite3_value* v, std::string& out) {
  if (sqlite3_value_type(v) != SQLITE_TEXT) [[unlikely]] return read_number_as_text(st, column, v, out);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));
  out.assign(text, static_cast<std::size_t>(sqlite3_value_bytes(v)));
}
inline void read_from(const Statement& st, int column, sqlite3_value* v, std::vector<std::byte>& out) {
  if (sqlite3_value_type(v) != SQLITE_BLOB) [[unlikely]] st.type_mismatch(column, "BLOB");
  const auto* data = static_cast<const std::byte*>(sqlite3_value_blob(v));
  out.assign(data, data + sqlite3_value_bytes(v));
}
template <class T>
concept ReadableFromValue = requires(const Statement& st, sqlite3_value* v, T& out) { read_from(st, 0, v, out); };
}  // namespace detail

inline void read_value(const Statement& st, int column, std::int64_t& out) {
  detail::read_from(st, column, detail::column_value(st, column), out);
}
template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, std::int64_t> && !std::same_as<I, char>)
inline void read_value(const Statement& st, int column, I& out) {
  detail::read_from(st, column, detail::column_value(st, column), out);
}
inline void read_value(const Statement& st, int column, bool& out) {
  detail::read_from(st, column, detail::column_value(st, column), out);
}
inline void read_value(const Statement& st, int column, double& out) {
  detail::read_from(st, column, detail::column_value(st, column), out);
}
inline void read_value(const Statement& st, int column, std::string& out) {
  detail::read_from(st, column, detail::column_value(st, column), out);
}
inline void read_value(const Statement& st, int column, std::vector<std::byte>& out) {
  detail::read_from(st, column, detail::column_value(st, column), out);
}
template <class T>
inline void read_value(const Statement& st, int column, std::optional<T>& out) {
  if constexpr (detail::ReadableFromValue<T>) {
    sqlite3_value* v = detail::column_value(st, column);
    if (sqlite3_value_type(v) == SQLITE_NULL) {
      out.reset();
      return;
    }
    if (!out) out.emplace();
    detail::read_from(st, column, v, *out);
  } else {
    if (sqlite3_column_type(st.handle(), column) == SQLITE_NULL) {
      out.reset();
      return;
    }
    if (!out) out.emplace();
    read_value(st, column, *out);
  }
}

/// float members (annotated structs): REAL, read through double.
inline void read_value(const Statement& st, int column, float& out) {
  double wide = 0;
  read_value(st, column, wide);
  out = static_cast<float>(wide);
}

// ---- enums (annotated structs): INTEGER holding the value, or TEXT holding the enumerator's
// name for an enum declared `enum class DORM_AS_TEXT E`, for which dorm-gen specializes enum_names ----

/// `static constexpr E values[]` and `static constexpr std::string_view names[]`, same order.
template <class E>
struct enum_names;
template <class E>
concept TextEnum = std::is_enum_v<E> && requires {
  enum_names<E>::values;
  enum_names<E>::names;
};

template <class E>
  requires std::is_enum_v<E>
inline void bind_value(Statement& st, int index, E v) {
  if constexpr (TextEnum<E>) {
    for (std::size_t i = 0; i < std::size(enum_names<E>::values); ++i) {
      if (enum_names<E>::values[i] == v) return bind_value(st, index, enum_names<E>::names[i]);  // static text
    }
    throw Error("[dorm.bind.enum] the value is none of the enum's named enumerators", 0, 0, std::string(st.sql()));
  } else {
    bind_value(st, index, static_cast<std::int64_t>(v));
  }
}
template <class E>
  requires std::is_enum_v<E>
inline void read_value(const Statement& st, int column, E& out) {
  if constexpr (TextEnum<E>) {
    if (sqlite3_column_type(st.handle(), column) != SQLITE_TEXT) [[unlikely]] st.type_mismatch(column, "TEXT");
    const std::string_view text(reinterpret_cast<const char*>(sqlite3_column_text(st.handle(), column)),
                                static_cast<std::size_t>(sqlite3_column_bytes(st.handle(), column)));
    for (std::size_t i = 0; i < std::size(enum_names<E>::names); ++i) {
      if (enum_names<E>::names[i] == text) {
        out = enum_names<E>::values[i];
        return;
      }
    }
    st.type_mismatch(column, "the name of an enumerator");
  } else {
    std::underlying_type_t<E> value{};
    read_value(st, column, value);
    out = static_cast<E>(value);
  }
}

// ---- std::chrono::system_clock time points (annotated structs): TEXT "YYYY-MM-DD HH:MM:SS" in
// UTC, SQLite's datetime() format (what CURRENT_TIMESTAMP stores), with ".fff" digits for finer
// durations. Matched by shape, so this header need not include <chrono>. ----

/// A std::chrono::time_point of system_clock (only that clock has to_time_t) with an integer
/// duration of whole seconds or more, or of 1/10^n seconds.
template <class T>
concept SystemTimePoint = requires(const T& t) {
  typename T::clock;
  T::clock::to_time_t(t);
  { t.time_since_epoch().count() } -> std::integral;
  requires T::duration::period::num == 1 || T::duration::period::den == 1;
};

namespace detail {
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
/// Digits after the decimal point of 1/den seconds (den a power of 10), else -1.
constexpr int fraction_digits(std::int64_t den) {
  int digits = 0;
  for (; den > 1 && den % 10 == 0; den /= 10) ++digits;
  return den == 1 ? digits : -1;
}
/// "YYYY-MM-DD HH:MM:SS[.fff]" for `seconds` since 1970 UTC (days to civil date: H. Hinnant's algorithm).
inline std::string format_utc(std::int64_t seconds, std::int64_t fraction, int digits) {
  const std::int64_t days = floor_div(seconds, 86400);
  std::int64_t rest = seconds - days * 86400;
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2);
  const std::int64_t parts[] = {year, month, day, rest / 3600, rest / 60 % 60, rest % 60};
  std::string out;
  const char separators[] = {'-', '-', ' ', ':', ':', '.'};
  for (int i = 0; i < 6; ++i) {
    std::string number = std::to_string(parts[i] < 0 ? -parts[i] : parts[i]);
    if (parts[i] < 0) out += '-';
    out.append((i == 0 ? 4 : 2) > number.size() ? (i == 0 ? 4 : 2) - number.size() : 0, '0') += number;
    if (i < 5) out += separators[i];
  }
  if (digits > 0) {
    const std::string number = std::to_string(fraction);
    out.append(1, '.').append(static_cast<std::size_t>(digits) - number.size(), '0') += number;
  }
  return out;
}

/// Parses "YYYY-MM-DD[( |T)HH:MM[:SS[.f*]]][Z]" (UTC) into seconds since 1970 and a fraction of
/// `digits` digits (extra digits are cut, missing ones are zeros). False when it is not such a time.
inline bool parse_utc(std::string_view text, int digits, std::int64_t& seconds, std::int64_t& fraction) {
  std::size_t at = 0;
  auto number = [&](std::size_t width, std::int64_t& value) {
    value = 0;
    for (std::size_t i = 0; i < width; ++i, ++at) {
      if (at >= text.size() || text[at] < '0' || text[at] > '9') return false;
      value = value * 10 + (text[at] - '0');
    }
    return true;
  };
  auto expect = [&](char c) { return at < text.size() && text[at] == c ? (++at, true) : false; };
  std::int64_t y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
  if (!number(4, y) || !expect('-') || !number(2, m) || !expect('-') || !number(2, d)) return false;
  if (at < text.size() && (text[at] == ' ' || text[at] == 'T')) {
    ++at;
    if (!number(2, hh) || !expect(':') || !number(2, mm)) return false;
    if (expect(':') && !number(2, ss)) return false;
  }
  fraction = 0;
  int read = 0;
  if (expect('.')) {
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
      if (read < digits) fraction = fraction * 10 + (text[at] - '0'), ++read;
    }
  }
  for (; read < digits; ++read) fraction *= 10;
  expect('Z');
  if (at != text.size() || m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return false;
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  seconds = (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mm * 60 + ss;
  return true;
}
}  // namespace detail

template <SystemTimePoint T>
inline void bind_value(Statement& st, int index, const T& v) {
  using P = typename T::duration::period;
  static_assert(P::num != 1 || detail::fraction_digits(P::den) >= 0, "dorm stores time points of 1/10^n seconds");
  const std::int64_t count = v.time_since_epoch().count();
  const std::int64_t seconds = P::num == 1 ? detail::floor_div(count, P::den) : count * P::num;
  const std::string text = detail::format_utc(seconds, P::num == 1 ? count - seconds * P::den : 0,
                                              P::num == 1 ? detail::fraction_digits(P::den) : 0);
  check_bind(st, sqlite3_bind_text64(st.handle(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}
template <SystemTimePoint T>
inline void read_value(const Statement& st, int column, T& out) {
  using P = typename T::duration::period;
  if (sqlite3_column_type(st.handle(), column) != SQLITE_TEXT) [[unlikely]] st.type_mismatch(column, "TEXT");
  const std::string_view text(reinterpret_cast<const char*>(sqlite3_column_text(st.handle(), column)),
                              static_cast<std::size_t>(sqlite3_column_bytes(st.handle(), column)));
  std::int64_t seconds = 0;
  std::int64_t fraction = 0;
  if (!detail::parse_utc(text, P::num == 1 ? detail::fraction_digits(P::den) : 0, seconds, fraction)) [[unlikely]]
    st.type_mismatch(column, "TEXT holding a UTC time \"YYYY-MM-DD HH:MM:SS\"");
  const std::int64_t count = P::num == 1 ? seconds * P::den + fraction : detail::floor_div(seconds, P::num);
  out = T(typename T::duration(count));
}

/// True for the C++ types dorm can bind and read (a model member's type).
template <class T>
concept StorableValue = requires(Statement& st, T& out, const T& in) {
  bind_value(st, 1, in);
  read_value(st, 0, out);
};

}  // namespace dorm
