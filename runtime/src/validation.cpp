#include "dorm/lifecycle/validation.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>

#include "dorm/detail/pattern_backtrack.hpp"
#include "dorm/detail/pattern_pike.hpp"
#include "dorm/detail/pattern_program.hpp"
#include "dorm/detail/pattern_syntax.hpp"
#include "dorm/detail/utf8.hpp"

namespace dorm {

namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8

using detail::Decoded;

Decoded decode(std::string_view text, std::size_t i) noexcept { return detail::decode_utf8(text, i); }

// ---------------------------------------------------------------------------------------------
// Values as text

constexpr std::size_t max_shown_code_points = 64;

/// `text` as a JSON string; after `limit` code points the rest is replaced by "…" outside the
/// quotes, so a cut value never looks like a complete one. Invalid bytes show as U+FFFD, so
/// the message stays valid UTF-8 for logs.
std::string quote(std::string_view text, std::size_t limit = max_shown_code_points) {
  std::string out = "\"";
  std::size_t shown = 0;
  std::size_t i = 0;
  for (; i < text.size() && shown < limit; ++shown) {
    const Decoded d = decode(text, i);
    i += d.size;
    switch (d.code_point) {
      case U'"': out += "\\\""; break;
      case U'\\': out += "\\\\"; break;
      case U'\n': out += "\\n"; break;
      case U'\r': out += "\\r"; break;
      case U'\t': out += "\\t"; break;
      case U'\b': out += "\\b"; break;
      case U'\f': out += "\\f"; break;
      default:
        if (d.code_point < 0x20U || d.code_point == 0x7FU) {
          constexpr std::string_view hex = "0123456789abcdef";
          out += "\\u00";
          out.push_back(hex[d.code_point >> 4U]);
          out.push_back(hex[d.code_point & 0xFU]);
        } else {
          detail::append_utf8(out, d.code_point);
        }
    }
  }
  out += '"';
  if (i < text.size()) out += "…";
  return out;
}

/// Shortest text that reads back as `value`; integral values without ".0" or an exponent
/// ("1000000", not "1e+06"), since bounds are usually whole numbers.
std::string number_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  std::to_chars_result result{};
  if (value == std::trunc(value) && std::fabs(value) < 1e16) {
    result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(value));
  } else {
    result = std::to_chars(buffer, buffer + sizeof buffer, value);
  }
  return {buffer, result.ptr};
}

std::string number_text(std::int64_t value) { return std::to_string(value); }

std::string characters(std::size_t n) { return std::to_string(n) + (n == 1 ? " character" : " characters"); }

// ---------------------------------------------------------------------------------------------
// Formats. Each checker returns why `value` is not valid, or nothing when it is.

using Reason = std::optional<std::string>;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/// The `n` ASCII digits at `text[at]` as a number, or -1.
int digits(std::string_view text, std::size_t at, std::size_t n) noexcept {
  if (at + n > text.size()) return -1;
  int value = 0;
  for (std::size_t k = at; k < at + n; ++k) {
    if (!is_digit(text[k])) return -1;
    value = value * 10 + (text[k] - '0');
  }
  return value;
}

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

bool is_leap_year(int year) noexcept { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(int year, int month) noexcept {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/// RFC 3339 full-date at the start of `text` (exactly 10 characters).
Reason full_date_problem(std::string_view text) {
  const int year = digits(text, 0, 4);
  const int month = digits(text, 5, 2);
  const int day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0 || text.size() < 10 || text[4] != '-' || text[7] != '-')
    return "expected YYYY-MM-DD";
  if (month < 1 || month > 12) return "month " + two_digits(month) + " does not exist";
  if (day < 1 || day > days_in_month(year, month)) {
    return "day " + two_digits(day) + " does not exist in " + std::string(text.substr(0, 7)) + " (" +
           std::to_string(days_in_month(year, month)) + " days)";
  }
  return std::nullopt;
}

Reason date_problem(std::string_view value) {
  if (value.size() != 10) return "expected YYYY-MM-DD";
  return full_date_problem(value);
}

Reason date_time_problem(std::string_view value) {
  constexpr std::string_view shape = "expected YYYY-MM-DDTHH:MM:SS[.fraction] followed by Z or +HH:MM/-HH:MM";
  if (value.size() < 10) return std::string(shape);
  if (auto problem = full_date_problem(value.substr(0, 10))) return problem;
  if (value.size() < 19 || (value[10] != 'T' && value[10] != 't' && value[10] != ' ')) return std::string(shape);
  const int hour = digits(value, 11, 2);
  const int minute = digits(value, 14, 2);
  const int second = digits(value, 17, 2);
  if (hour < 0 || minute < 0 || second < 0 || value[13] != ':' || value[16] != ':') return std::string(shape);
  if (hour > 23) return "hour " + two_digits(hour) + " is not in 00-23";
  if (minute > 59) return "minute " + two_digits(minute) + " is not in 00-59";
  if (second > 60) return "second " + two_digits(second) + " is not in 00-60";
  std::size_t at = 19;
  if (at < value.size() && value[at] == '.') {
    const std::size_t first = ++at;
    while (at < value.size() && is_digit(value[at])) ++at;
    if (at == first) return "the fraction of a second after '.' has no digits";
  }
  if (at == value.size()) return "the time zone offset (Z or +HH:MM/-HH:MM) is missing";
  int offset_minutes = 0;
  if (value[at] == 'Z' || value[at] == 'z') {
    ++at;
  } else if (value[at] == '+' || value[at] == '-') {
    const int offset_hour = digits(value, at + 1, 2);
    const int offset_minute = digits(value, at + 4, 2);
    if (offset_hour < 0 || offset_minute < 0 || value[at + 3] != ':')
      return "the time zone offset must be Z or +HH:MM/-HH:MM";
    if (offset_hour > 23 || offset_minute > 59) return "the time zone offset is out of range";
    offset_minutes = (offset_hour * 60 + offset_minute) * (value[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return "the time zone offset must be Z or +HH:MM/-HH:MM";
  }
  if (at != value.size()) return "unexpected text after the time zone offset";
  // Leap seconds are inserted at the end of a UTC day, so :60 is only valid at 23:59 UTC.
  if (second == 60) {
    const int utc_minute = ((hour * 60 + minute - offset_minutes) % 1440 + 1440) % 1440;
    if (utc_minute != 23 * 60 + 59) return "second 60 (a leap second) is only valid at 23:59 UTC";
  }
  return std::nullopt;
}

Reason uuid_problem(std::string_view value) {
  constexpr std::string_view shape = "expected 8-4-4-4-12 hexadecimal digits";
  if (value.size() != 36) return std::string(shape);
  for (std::size_t i = 0; i < value.size(); ++i) {
    const bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_here ? value[i] != '-' : !is_hex(value[i])) return std::string(shape);
  }
  return std::nullopt;
}

/// The characters RFC 5322 allows in an unquoted local part besides letters and digits.
bool is_atext_symbol(char c) noexcept { return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos; }

/// A valid multi-byte UTF-8 sequence at `text[i]` (RFC 6531 internationalized addresses).
std::size_t non_ascii_size(std::string_view text, std::size_t i) noexcept {
  const Decoded d = decode(text, i);
  return d.valid && d.size > 1 ? d.size : 0;
}

Reason local_part_problem(std::string_view local) {
  if (local.empty()) return "the part before '@' is empty";
  if (local.size() > 64) return "the part before '@' is longer than 64 bytes";
  if (local.front() == '"') {
    // quoted-string: printable ASCII and spaces, '\' escaping '"' or '\' (or any printable).
    if (local.size() < 2 || local.back() != '"') return "the quoted part before '@' is not closed";
    for (std::size_t i = 1; i + 1 < local.size(); ++i) {
      const char c = local[i];
      if (c == '\\') {
        if (i + 2 >= local.size() || local[i + 1] < ' ' || local[i + 1] > '~')
          return "the quoted part before '@' ends in a lone '\\'";
        ++i;
      } else if (c == '"') {
        return "the quoted part before '@' has an unescaped '\"'";
      } else if (const std::size_t n = non_ascii_size(local, i); n > 0) {
        i += n - 1;
      } else if (c < ' ' || c > '~') {
        return "the quoted part before '@' has a character not allowed there";
      }
    }
    return std::nullopt;
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return "the part before '@' starts or ends with a dot, or has two dots in a row";
  for (std::size_t i = 0; i < local.size(); ++i) {
    const char c = local[i];
    if (is_alpha(c) || is_digit(c) || is_atext_symbol(c) || c == '.') continue;
    if (const std::size_t n = non_ascii_size(local, i); n > 0) {
      i += n - 1;
      continue;
    }
    if (c == '@') return "there is more than one '@'";
    return "the part before '@' has a character not allowed there";
  }
  return std::nullopt;
}

Reason domain_problem(std::string_view domain) {
  if (domain.empty()) return "the domain after '@' is empty";
  if (domain.size() > 253) return "the domain is longer than 253 bytes";
  if (domain.find('.') == std::string_view::npos) return "the domain has no dot (like example.com)";
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty()) return "the domain starts or ends with a dot, or has two dots in a row";
    if (label.size() > 63) return "a domain label is longer than 63 bytes";
    if (label.front() == '-' || label.back() == '-') return "a domain label starts or ends with '-'";
    bool all_digits = true;
    for (std::size_t i = 0; i < label.size(); ++i) {
      const char c = label[i];
      all_digits = all_digits && is_digit(c);
      if (is_alpha(c) || is_digit(c) || c == '-') continue;
      if (const std::size_t n = non_ascii_size(label, i); n > 0) {
        i += n - 1;
        continue;
      }
      return "the domain has a character other than letters, digits, '-' and '.'";
    }
    if (end == domain.size()) {
      if (all_digits) return "the top-level domain is all digits";
      return std::nullopt;
    }
    start = end + 1;
  }
}

Reason email_problem(std::string_view value) {
  const std::size_t at = value.rfind('@');
  if (at == std::string_view::npos) return "there is no '@'";
  // An '@' in the local part is only allowed inside quotes; local_part_problem rejects others.
  if (auto problem = local_part_problem(value.substr(0, at))) return problem;
  return domain_problem(value.substr(at + 1));
}

Reason format_problem(std::string_view value, Format format) {
  switch (format) {
    case Format::email: return email_problem(value);
    case Format::uuid: return uuid_problem(value);
    case Format::date: return date_problem(value);
    case Format::date_time: return date_time_problem(value);
  }
  return std::nullopt;
}

std::string_view format_name(Format format) noexcept {
  switch (format) {
    case Format::email: return "email";
    case Format::uuid: return "uuid";
    case Format::date: return "date";
    case Format::date_time: return "date-time";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------------
// Checks

std::string prefix(std::string_view column, const std::string& value_text) {
  std::string out(column);
  out += ": ";
  out += value_text;
  return out;
}

/// Shared by the four bound checks: `passes` is the comparison, with NaN failing every bound.
template <class Number>
void bound(ValidationErrors& errors, std::string_view column, Number value, double limit, bool passes,
           std::string_view rule, std::string_view relation) {
  if (passes) return;
  std::string shown = number_text(value);
  std::string limit_text = number_text(limit);
  std::string message = prefix(column, shown);
  if (value != value) {  // NaN
    message += " is not a number, so it cannot satisfy ";
  } else {
    message += ' ';
    message += relation;
    message += ' ';
  }
  message += rule;
  message += ' ';
  message += limit_text;
  errors.add(column, rule, std::move(limit_text), std::move(shown), std::move(message));
}

/// `enum`: the rejected value is shown like any other, the allowed list in full as JSON.
template <class T, class Show, class ShowAllowed>
void one_of_impl(ValidationErrors& errors, std::string_view column, const T& value, std::span<const T> allowed,
                 Show show, ShowAllowed show_allowed) {
  for (const T& candidate : allowed)
    if (candidate == value) return;
  std::string list = "[";
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) list += ',';
    list += show_allowed(allowed[i]);
  }
  list += ']';
  std::string shown = show(value);
  std::string message = prefix(column, shown) + " is not one of enum " + list;
  errors.add(column, "enum", std::move(list), std::move(shown), std::move(message));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ValidationErrors, ValidationError

void ValidationErrors::add(std::string_view column, std::string_view rule, std::string expected, std::string value,
                           std::string message) {
  errors_.push_back(FieldError{table_, std::string(column), std::string(rule), std::move(expected), std::move(value),
                               std::move(message)});
}

namespace {
std::string describe(const ValidationErrors& errors) {
  std::string text = "[dorm.validation] ";
  text += errors.table();
  text += ": ";
  text += std::to_string(errors.size());
  text += errors.size() == 1 ? " rule failed: " : " rules failed: ";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) text += "; ";
    text += errors.errors()[i].message;
  }
  return text;
}
}  // namespace

ValidationError::ValidationError(ValidationErrors errors)
    : Error(describe(errors)), errors_(std::move(errors).release()) {}

// ---------------------------------------------------------------------------------------------
// utf8_length, Pattern

std::size_t utf8_length(std::string_view text) noexcept {
  // SQLite's length() rule (func.c, SQLITE_SKIP_UTF8), so validate() and the CHECK count alike:
  // a byte from 0xC0 up takes the continuation bytes after it; any other byte is one character.
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    if (static_cast<unsigned char>(text[i++]) < 0xC0U) continue;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U) ++i;
  }
  return count;
}

struct Pattern::Compiled {
  // dorm's own matcher (dorm/detail/pattern_program.hpp): libstdc++'s std::regex recursed once
  // per character on back-references and overflowed the stack on values of some ten thousand
  // characters.
  detail::pattern::Program program;
};

Pattern::Pattern(std::string_view source) : source_(source), compiled_(std::make_unique<Compiled>()) {
  const std::u32string text = detail::pattern::code_points(source_);
  detail::pattern::Tree tree;
  const std::uint32_t root = detail::pattern::parse(source_, text, tree, detail::pattern::Dialect::matcher);
  compiled_->program = detail::pattern::compile(source_, tree, root);
}

Pattern::Pattern(Pattern&&) noexcept = default;
Pattern& Pattern::operator=(Pattern&&) noexcept = default;
Pattern::~Pattern() = default;

bool Pattern::search(std::string_view text) const {
  if (!compiled_) throw MisuseError("[dorm.misuse.moved_from] a dorm::Pattern was used after being moved from");
  const detail::pattern::Program& program = compiled_->program;
  if (!program.backtracks) return detail::pattern::nfa_search(program, text);
  return detail::pattern::backtrack_search(program, detail::pattern::code_points(text), source_);
}

// ---------------------------------------------------------------------------------------------
// check::*

namespace check {

void min_length(ValidationErrors& errors, std::string_view column, std::string_view value, std::int64_t min) {
  const std::size_t length = utf8_length(value);
  if (min <= 0 || length >= static_cast<std::uint64_t>(min)) return;
  std::string shown = quote(value);
  std::string message = prefix(column, shown) + " is " + characters(length) + ", less than minLength " + std::to_string(min);
  errors.add(column, "minLength", std::to_string(min), std::move(shown), std::move(message));
}

void max_length(ValidationErrors& errors, std::string_view column, std::string_view value, std::int64_t max) {
  const std::size_t length = utf8_length(value);
  if (max >= 0 && length <= static_cast<std::uint64_t>(max)) return;
  std::string shown = quote(value);
  std::string message = prefix(column, shown) + " is " + characters(length) + ", more than maxLength " + std::to_string(max);
  errors.add(column, "maxLength", std::to_string(max), std::move(shown), std::move(message));
}

namespace {
// An integer against a double bound, exactly (SQLite's sqlite3IntFloatCompare does the same):
// a bound at or past 2^63 is above every integer, one below -2^63 under every integer, and any
// other bound lies between two integers that a double and an int64 both hold exactly.
constexpr double two_to_63 = 9223372036854775808.0;
bool at_least(std::int64_t value, double limit) {  // value >= limit
  if (limit >= two_to_63) return false;
  if (limit < -two_to_63) return true;
  return value >= static_cast<std::int64_t>(std::ceil(limit));
}
bool at_most(std::int64_t value, double limit) {  // value <= limit
  if (limit >= two_to_63) return true;
  if (limit < -two_to_63) return false;
  return value <= static_cast<std::int64_t>(std::floor(limit));
}
}  // namespace

// A real is compared as a double: every comparison with NaN is false, so NaN (which SQLite
// would store as NULL) fails every bound.
void minimum(ValidationErrors& errors, std::string_view column, BoundValue value, double limit) {
  if (value.is_integer()) {
    bound(errors, column, value.integer(), limit, at_least(value.integer(), limit), "minimum", "is less than");
  } else {
    bound(errors, column, value.real(), limit, value.real() >= limit, "minimum", "is less than");
  }
}

void maximum(ValidationErrors& errors, std::string_view column, BoundValue value, double limit) {
  if (value.is_integer()) {
    bound(errors, column, value.integer(), limit, at_most(value.integer(), limit), "maximum", "is more than");
  } else {
    bound(errors, column, value.real(), limit, value.real() <= limit, "maximum", "is more than");
  }
}

void exclusive_minimum(ValidationErrors& errors, std::string_view column, BoundValue value, double limit) {
  if (value.is_integer()) {
    bound(errors, column, value.integer(), limit, !at_most(value.integer(), limit), "exclusiveMinimum",
          "is not more than");
  } else {
    bound(errors, column, value.real(), limit, value.real() > limit, "exclusiveMinimum", "is not more than");
  }
}

void exclusive_maximum(ValidationErrors& errors, std::string_view column, BoundValue value, double limit) {
  if (value.is_integer()) {
    bound(errors, column, value.integer(), limit, !at_least(value.integer(), limit), "exclusiveMaximum",
          "is not less than");
  } else {
    bound(errors, column, value.real(), limit, value.real() < limit, "exclusiveMaximum", "is not less than");
  }
}

void one_of(ValidationErrors& errors, std::string_view column, std::string_view value,
            std::span<const std::string_view> allowed) {
  one_of_impl(
      errors, column, value, allowed, [](std::string_view v) { return quote(v); },
      [](std::string_view v) { return quote(v, static_cast<std::size_t>(-1)); });
}

void one_of(ValidationErrors& errors, std::string_view column, std::int64_t value,
            std::span<const std::int64_t> allowed) {
  const auto show = [](std::int64_t v) { return number_text(v); };
  one_of_impl(errors, column, value, allowed, show, show);
}

void one_of(ValidationErrors& errors, std::string_view column, double value, std::span<const double> allowed) {
  const auto show = [](double v) { return number_text(v); };
  one_of_impl(errors, column, value, allowed, show, show);
}

void one_of(ValidationErrors& errors, std::string_view column, bool value, std::span<const bool> allowed) {
  const auto show = [](bool v) { return std::string(v ? "true" : "false"); };
  one_of_impl(errors, column, value, allowed, show, show);
}

void pattern(ValidationErrors& errors, std::string_view column, std::string_view value, const Pattern& pattern) {
  if (pattern.search(value)) return;
  std::string shown = quote(value);
  std::string message = prefix(column, shown) + " does not match pattern '" + pattern.source() + "'";
  errors.add(column, "pattern", pattern.source(), std::move(shown), std::move(message));
}

void format(ValidationErrors& errors, std::string_view column, std::string_view value, Format format) {
  const Reason problem = format_problem(value, format);
  if (!problem) return;
  std::string shown = quote(value);
  std::string message = prefix(column, shown) + " is not a valid " + std::string(format_name(format)) + ": " + *problem;
  errors.add(column, "format", std::string(format_name(format)), std::move(shown), std::move(message));
}

void keeps_text(ValidationErrors& errors, std::string_view column, std::string_view value, Affinity affinity) {
  if (dorm::keeps_text(value, affinity)) [[likely]] return;
  std::string shown = quote(value);
  std::string message = prefix(column, shown) + " would be stored by SQLite as a number (" +
                        std::string(affinity_name(affinity)) + " affinity) and read back as " +
                        quote(stored_text(value, affinity));
  errors.add(column, "x-dorm-affinity", std::string(affinity_name(affinity)), std::move(shown), std::move(message));
}

void json(ValidationErrors& errors, std::string_view column, std::string_view value, JsonType type) {
  const std::optional<JsonProblem> problem = json_problem(value, type);
  if (!problem) [[likely]] return;
  const std::string expected = type == JsonType::object ? "object" : "array";
  std::string shown = quote(value);
  std::string message = prefix(column, shown);
  if (problem->wrong_type) {
    message += " is JSON, but " + problem->reason;
  } else {
    message += " is not JSON: " + problem->reason + " at byte " + std::to_string(problem->offset);
  }
  errors.add(column, "type", expected, std::move(shown), std::move(message));
}

}  // namespace check

bool matches_format(std::string_view value, Format format) { return !format_problem(value, format).has_value(); }

}  // namespace dorm
