#pragma once
// Binding C++ values to a Statement and reading them back: one overload per supported type,
// over the connection seam (dorm/core/connection.hpp). Binding and reading are inline and
// non-template per type, so a row costs what hand-written engine calls cost; only error paths
// leave the header.
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

#include "dorm/core/connection.hpp"
#include "dorm/core/error.hpp"
#include "dorm/core/type_mapping.hpp"

namespace dorm {

namespace detail {
/// Throws Error "[dorm.bind.nan] NaN cannot be stored in column 'scores.value' ..." for a NaN
/// bound to parameter `index` of `st`, naming the column the SQL writes or compares it with
/// (else the parameter and the SQL). Error path only.
[[noreturn]] void refuse_nan(const Statement& st, int index);
}  // namespace detail

// ---- binding: one overload per supported C++ type; parameters are 1-based ----

inline void bind_value(Statement& st, int index, std::int64_t v) { st.bind_int64(index, v); }
template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, std::int64_t> && !std::same_as<I, char>)
inline void bind_value(Statement& st, int index, I v) {
  if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t)) {
    if (v > static_cast<I>(std::numeric_limits<std::int64_t>::max())) [[unlikely]]
      throw Error("[dorm.bind.range] unsigned value does not fit SQLite's 64-bit integer", 0, 0,
                  std::string(st.sql()));
  }
  st.bind_int64(index, static_cast<std::int64_t>(v));
}
inline void bind_value(Statement& st, int index, bool v) {
  st.bind_int64(index, v ? 1 : 0);
}
/// NaN is refused: SQLite would store NULL instead, which a nullable column reads back as empty
/// and a NOT NULL column reports as a misleading NOT NULL failure. +-infinity is stored as a REAL
/// and reads back; -0.0 reads back from a REAL column as 0.0 (its records keep no sign of zero).
inline void bind_value(Statement& st, int index, double v) {
  if (v != v) [[unlikely]] detail::refuse_nan(st, index);  // NaN is the only value unequal to itself
  st.bind_double(index, v);
}
/// Text is bound without a copy: callers keep the value alive until the statement is reset.
inline void bind_value(Statement& st, int index, std::string_view v) { st.bind_text(index, v); }
inline void bind_value(Statement& st, int index, const std::string& v) { bind_value(st, index, std::string_view(v)); }
inline void bind_value(Statement& st, int index, const char* v) { bind_value(st, index, std::string_view(v)); }
inline void bind_value(Statement& st, int index, const std::vector<std::byte>& v) {
  // An empty vector is an empty BLOB, not NULL (data() may be null).
  static constexpr std::byte empty{};
  const void* data = v.empty() ? &empty : static_cast<const void*>(v.data());
  st.bind_blob(index, data, v.size());
}
inline void bind_value(Statement& st, int index, std::nullopt_t) { st.bind_null(index); }
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
// Each column is fetched once (Statement::column) and then checked and read: the SQLite
// backend's Value explains why that matters.

namespace detail {
inline void read_from(const Statement& st, int column, const ColumnValue& v, std::int64_t& out) {
  if (v.storage_class() != StorageClass::integer) [[unlikely]] st.type_mismatch(column, "INTEGER");
  out = v.integer();
}
template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, std::int64_t> && !std::same_as<I, char>)
inline void read_from(const Statement& st, int column, const ColumnValue& v, I& out) {
  std::int64_t wide = 0;
  read_from(st, column, v, wide);
  if (std::in_range<I>(wide)) [[likely]] out = static_cast<I>(wide);
  else st.type_mismatch(column, "an INTEGER in the range of the member's type");
}
inline void read_from(const Statement& st, int column, const ColumnValue& v, bool& out) {
  if (v.storage_class() != StorageClass::integer) [[unlikely]] st.type_mismatch(column, "INTEGER 0 or 1");
  out = v.integer() != 0;
}
inline void read_from(const Statement& st, int column, const ColumnValue& v, double& out) {
  const StorageClass type = v.storage_class();
  if (type != StorageClass::real && type != StorageClass::integer) [[unlikely]] st.type_mismatch(column, "REAL");
  out = v.real();
}
/// A number read into a string member: the engine's text of it ("2024", "1.5"). A column whose
/// affinity is not TEXT (an introspected DATETIME, a NUMERIC) stores text that looks like a
/// number as that number, and this is how such a value reads back as the text written; NULL
/// and BLOB are a TypeMismatch. Out of line: the common case, TEXT, never gets here.
void read_number_as_text(const Statement& st, int column, const ColumnValue& v, std::string& out);

inline void read_from(const Statement& st, int column, const ColumnValue& v, std::string& out) {
  if (v.storage_class() != StorageClass::text) [[unlikely]] return read_number_as_text(st, column, v, out);
  const std::string_view text = v.text();
  out.assign(text.data(), text.size());
}
inline void read_from(const Statement& st, int column, const ColumnValue& v, std::vector<std::byte>& out) {
  if (v.storage_class() != StorageClass::blob) [[unlikely]] st.type_mismatch(column, "BLOB");
  const std::byte* data = v.blob_data();
  out.assign(data, data + v.size());
}
template <class T>
concept ReadableFromValue = requires(const Statement& st, const ColumnValue& v, T& out) { read_from(st, 0, v, out); };
}  // namespace detail

inline void read_value(const Statement& st, int column, std::int64_t& out) {
  detail::read_from(st, column, st.column(column), out);
}
template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, std::int64_t> && !std::same_as<I, char>)
inline void read_value(const Statement& st, int column, I& out) {
  detail::read_from(st, column, st.column(column), out);
}
inline void read_value(const Statement& st, int column, bool& out) {
  detail::read_from(st, column, st.column(column), out);
}
inline void read_value(const Statement& st, int column, double& out) {
  detail::read_from(st, column, st.column(column), out);
}
inline void read_value(const Statement& st, int column, std::string& out) {
  detail::read_from(st, column, st.column(column), out);
}
inline void read_value(const Statement& st, int column, std::vector<std::byte>& out) {
  detail::read_from(st, column, st.column(column), out);
}
template <class T>
inline void read_value(const Statement& st, int column, std::optional<T>& out) {
  if constexpr (detail::ReadableFromValue<T>) {
    const ColumnValue v = st.column(column);
    if (v.storage_class() == StorageClass::null) {
      out.reset();
      return;
    }
    if (!out) out.emplace();
    detail::read_from(st, column, v, *out);
  } else {
    if (st.column(column).storage_class() == StorageClass::null) {
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
    const ColumnValue v = st.column(column);
    if (v.storage_class() != StorageClass::text) [[unlikely]] st.type_mismatch(column, "TEXT");
    const std::string_view text = v.text();
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
  st.bind_text_copy(index, text);
}
template <SystemTimePoint T>
inline void read_value(const Statement& st, int column, T& out) {
  using P = typename T::duration::period;
  const ColumnValue v = st.column(column);
  if (v.storage_class() != StorageClass::text) [[unlikely]] st.type_mismatch(column, "TEXT");
  const std::string_view text = v.text();
  std::int64_t seconds = 0;
  std::int64_t fraction = 0;
  if (!detail::parse_utc(text, P::num == 1 ? detail::fraction_digits(P::den) : 0, seconds, fraction)) [[unlikely]]
    st.type_mismatch(column, "TEXT holding a UTC time \"YYYY-MM-DD HH:MM:SS\"");
  const std::int64_t count = P::num == 1 ? seconds * P::den + fraction : detail::floor_div(seconds, P::num);
  out = T(typename T::duration(count));
}

// ---- user types with a dorm::type_mapping (dorm/core/type_mapping.hpp): stored as their
// storage_type, converted on the way in and out ----

template <MappedValue T>
inline void bind_value(Statement& st, int index, const T& v) {
  using S = mapping_storage_t<T>;
  const S stored = type_mapping<T>::to_storage(v);
  // Copies: `stored` is a temporary the statement outlives.
  if constexpr (std::is_same_v<S, std::string>) {
    st.bind_text_copy(index, stored);
  } else if constexpr (std::is_same_v<S, std::vector<std::byte>>) {
    st.bind_blob_copy(index, stored.data(), stored.size());
  } else {
    bind_value(st, index, stored);
  }
}
template <MappedValue T>
inline void read_value(const Statement& st, int column, T& out) {
  mapping_storage_t<T> stored{};
  read_value(st, column, stored);
  out = type_mapping<T>::from_storage(stored);
}

/// True for the C++ types dorm can bind and read (a model member's type).
template <class T>
concept StorableValue = requires(Statement& st, T& out, const T& in) {
  bind_value(st, 1, in);
  read_value(st, 0, out);
};

}  // namespace dorm
