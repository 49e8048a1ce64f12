#include "dorm/core/affinity.hpp"

#include "dorm/core/connection.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>

namespace dorm {
namespace {

bool contains(std::string_view haystack, std::string_view upper_needle) noexcept {
  if (upper_needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + upper_needle.size() <= haystack.size(); ++i) {
    bool match = true;
    for (std::size_t k = 0; k < upper_needle.size() && match; ++k) {
      char c = haystack[i + k];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      match = c == upper_needle[k];
    }
    if (match) return true;
  }
  return false;
}

/// SQLite's sqlite3Isspace: space, \t, \n, \v, \f, \r.
bool is_space(char c) noexcept { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// How SQLite reads a text as a number (sqlite3AtoF in util.c): not at all, as an integer
/// literal (digits only), or as a real literal ('.' or an exponent).
struct NumberText {
  enum class Kind { none, integer, real };
  Kind kind = Kind::none;
  std::string_view mantissa;  ///< sign, digits and '.'; no white space
  std::string_view exponent;  ///< after 'e'/'E': sign and digits; empty when there is none
};

NumberText read_number(std::string_view t) noexcept {
  std::size_t i = 0;
  const std::size_t n = t.size();
  while (i < n && is_space(t[i])) ++i;
  if (i == n) return {};
  const std::size_t begin = i;
  if (t[i] == '-' || t[i] == '+') ++i;
  std::size_t digits = 0;
  while (i < n && is_digit(t[i])) ++i, ++digits;
  NumberText::Kind kind = NumberText::Kind::integer;
  if (i < n && t[i] == '.') {
    kind = NumberText::Kind::real;
    ++i;
    while (i < n && is_digit(t[i])) ++i, ++digits;
  }
  const std::size_t mantissa_end = i;
  std::size_t exponent_begin = i;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    kind = NumberText::Kind::real;
    ++i;
    exponent_begin = i;
    if (i < n && (t[i] == '-' || t[i] == '+')) ++i;
    std::size_t exponent_digits = 0;
    while (i < n && is_digit(t[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return {};  // "1e", "1e+": a prefix of a number, kept as text
  }
  const std::size_t exponent_end = i;
  while (i < n && is_space(t[i])) ++i;
  if (i != n || digits == 0) return {};
  return {kind, t.substr(begin, mantissa_end - begin), t.substr(exponent_begin, exponent_end - exponent_begin)};
}

/// The integer of a digits-only mantissa, when it fits 64 bits (sqlite3Atoi64).
bool to_int64(std::string_view mantissa, std::int64_t& out) noexcept {
  const bool negative = !mantissa.empty() && mantissa.front() == '-';
  if (!mantissa.empty() && (mantissa.front() == '-' || mantissa.front() == '+')) mantissa.remove_prefix(1);
  // Accumulate the magnitude as unsigned; -2^63 fits, +2^63 does not.
  constexpr std::uint64_t limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1U;
  std::uint64_t magnitude = 0;
  for (char c : mantissa) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  if (!negative && magnitude == limit) return false;
  out = negative ? static_cast<std::int64_t>(0U - magnitude) : static_cast<std::int64_t>(magnitude);
  return true;
}

/// The double of a number text. Out-of-range exponents give infinity or zero, as in SQLite.
double to_double(const NumberText& number) {
  std::string text(number.mantissa.front() == '+' ? number.mantissa.substr(1) : number.mantissa);
  if (!number.exponent.empty()) text.append(1, 'e').append(number.exponent);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  static_cast<void>(end);
  if (error == std::errc::result_out_of_range) {
    const bool negative = text.front() == '-';
    const bool huge = !number.exponent.empty() && number.exponent.front() != '-';
    value = huge ? std::numeric_limits<double>::infinity() : 0.0;
    if (negative) value = -value;
  }
  return value;
}

/// The engine's text of a REAL ("2024.0", "1.5", "1.0e+20", "Inf").
std::string real_text(double value) { return Connection::real_text(value); }

/// A REAL that SQLite stores as an INTEGER under NUMERIC/INTEGER affinity
/// (sqlite3VdbeIntegerAffinity): integral and strictly between -2^63 and 2^63.
bool integral_in_range(double value) noexcept {
  return std::isfinite(value) && value == std::trunc(value) && value > -9223372036854775808.0 &&
         value < 9223372036854775808.0;
}

}  // namespace

Affinity affinity_of(std::string_view declared) noexcept {
  if (contains(declared, "INT")) return Affinity::integer;
  if (contains(declared, "CHAR") || contains(declared, "CLOB") || contains(declared, "TEXT")) return Affinity::text;
  if (contains(declared, "BLOB") || declared.empty()) return Affinity::blob;
  if (contains(declared, "REAL") || contains(declared, "FLOA") || contains(declared, "DOUB")) return Affinity::real;
  return Affinity::numeric;
}

std::string_view affinity_name(Affinity affinity) noexcept {
  switch (affinity) {
    case Affinity::text:
      return "TEXT";
    case Affinity::numeric:
      return "NUMERIC";
    case Affinity::integer:
      return "INTEGER";
    case Affinity::real:
      return "REAL";
    case Affinity::blob:
      return "BLOB";
  }
  return "BLOB";
}

std::string stored_text(std::string_view text, Affinity affinity) {
  if (affinity == Affinity::text || affinity == Affinity::blob) return std::string(text);
  const NumberText number = read_number(text);
  if (number.kind == NumberText::Kind::none) return std::string(text);
  std::int64_t integer = 0;
  if (number.kind == NumberText::Kind::integer && to_int64(number.mantissa, integer)) {
    if (affinity == Affinity::real) return real_text(static_cast<double>(integer));
    return std::to_string(integer);
  }
  const double value = to_double(number);
  if (affinity != Affinity::real && integral_in_range(value)) return std::to_string(static_cast<std::int64_t>(value));
  return real_text(value);
}

bool keeps_text(std::string_view text, Affinity affinity) {
  if (affinity == Affinity::text || affinity == Affinity::blob) return true;
  const NumberText number = read_number(text);
  if (number.kind == NumberText::Kind::none) return true;
  if (number.kind == NumberText::Kind::real) {
    // Below DBL_MIN SQLite's own conversion may differ from the C library's in the last digits,
    // so such text is refused rather than guessed about.
    const double value = to_double(number);
    if (value != 0 && std::fabs(value) < std::numeric_limits<double>::min()) return false;
  }
  return stored_text(text, affinity) == text;
}

}  // namespace dorm
