#include "ir/value_rules.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <locale>
#include <regex>

#include <dorm/validation.hpp>

namespace dorm::ir {
namespace {

/// The length of the UTF-8 sequence starting at `text[i]`, or 0 when it is not a valid one
/// (a stray continuation byte, a truncated or overlong sequence, a surrogate, above U+10FFFF).
std::size_t sequence_length(std::string_view text, std::size_t i, char32_t& code_point) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  std::size_t n = 0;
  char32_t cp = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    n = 2;
    cp = lead & 0x1FU;
  } else if ((lead & 0xF0U) == 0xE0U) {
    n = 3;
    cp = lead & 0x0FU;
  } else if ((lead & 0xF8U) == 0xF0U) {
    n = 4;
    cp = lead & 0x07U;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) return 0;
    cp = (cp << 6U) | (byte(i + k) & 0x3FU);
  }
  static constexpr std::array<char32_t, 5> smallest{0, 0, 0x80, 0x800, 0x10000};
  if (cp < smallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  code_point = cp;
  return n;
}

/// `text` as UTF-32 code points (wchar_t is 32 bits where dorm runs); an invalid byte becomes
/// U+FFFD, as in dorm::Pattern.
std::wstring to_utf32(std::string_view text) {
  static_assert(sizeof(wchar_t) == 4, "dorm matches patterns over UTF-32 code points");
  std::wstring out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = sequence_length(text, i, cp);
    out += static_cast<wchar_t>(n == 0 ? U'\uFFFD' : cp);
    i += n == 0 ? 1 : n;
  }
  return out;
}

/// Compiled as dorm::Pattern compiles it: ECMAScript over UTF-32, in the classic locale.
void compile(std::string_view pattern) {
  std::wregex regex;
  regex.imbue(std::locale::classic());
  regex.assign(to_utf32(pattern), std::regex::ECMAScript);
}

bool is_string_column(const Column& c) { return c.cpp_type == CppType::string && !c.is_json; }

}  // namespace

std::size_t utf8_length(std::string_view text) noexcept { return dorm::utf8_length(text); }

std::string pattern_error(std::string_view pattern) {
  try {
    compile(pattern);
    return "";
  } catch (const std::regex_error& e) {
    return e.what();
  }
}

bool pattern_matches(std::string_view pattern, std::string_view text) { return dorm::Pattern(pattern).search(text); }

bool is_checked_format(std::string_view format) noexcept {
  return format == "email" || format == "uuid" || format == "date" || format == "date-time";
}

std::string_view checked_format(const Column& column) noexcept {
  if (!is_string_column(column) || column.time_point || !is_checked_format(column.format)) return "";
  return column.format;
}

bool matches_format(std::string_view value, std::string_view format) {
  if (format == "date") return dorm::matches_format(value, dorm::Format::date);
  if (format == "date-time") return dorm::matches_format(value, dorm::Format::date_time);
  if (format == "uuid") return dorm::matches_format(value, dorm::Format::uuid);
  if (format == "email") return dorm::matches_format(value, dorm::Format::email);
  return true;
}

dorm::Affinity affinity(Storage storage) noexcept {
  switch (storage) {
    case Storage::integer:
      return dorm::Affinity::integer;
    case Storage::real:
      return dorm::Affinity::real;
    case Storage::text:
      return dorm::Affinity::text;
    case Storage::blob:
      return dorm::Affinity::blob;
    case Storage::numeric:
      return dorm::Affinity::numeric;
  }
  return dorm::Affinity::text;
}

bool text_may_become_number(const Column& column) noexcept {
  return column.cpp_type == CppType::string &&
         (column.storage == Storage::numeric || column.storage == Storage::integer || column.storage == Storage::real);
}

std::string number_text(double value) {
  // Integral values that a double holds exactly print without a fraction or exponent.
  if (std::trunc(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(value));
  }
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return ec == std::errc{} ? std::string(buffer.data(), end) : std::to_string(value);
}

bool is_enum_member(const nlohmann::json& value, const std::vector<std::string>& enum_values) {
  for (const std::string& allowed : enum_values) {
    const auto a = nlohmann::json::parse(allowed, nullptr, false);
    if (a == value || (a.is_number() && value.is_number() && a.get<double>() == value.get<double>())) return true;
  }
  return false;
}

std::vector<BrokenRule> broken_rules(const Column& column, const nlohmann::json& value) {
  std::vector<BrokenRule> out;
  const Checks& k = column.checks;
  if (value.is_string() && is_string_column(column)) {
    const std::string text = value.get<std::string>();
    const auto length = static_cast<std::int64_t>(utf8_length(text));
    if (k.min_length && length < *k.min_length) {
      out.push_back({"minLength", "is shorter than " + std::to_string(*k.min_length) + " characters (" +
                                      std::to_string(length) + ")"});
    }
    if (k.max_length && length > *k.max_length) {
      out.push_back({"maxLength", "is longer than " + std::to_string(*k.max_length) + " characters (" +
                                      std::to_string(length) + ")"});
    }
    if (k.pattern && pattern_error(*k.pattern).empty() && !pattern_matches(*k.pattern, text)) {
      out.push_back({"pattern", "does not match " + nlohmann::json(*k.pattern).dump()});
    }
    if (const std::string_view format = checked_format(column); !format.empty() && !matches_format(text, format)) {
      out.push_back({"format", "is not a valid " + column.format});
    }
    if (text_may_become_number(column) && !dorm::keeps_text(text, affinity(column.storage))) {
      out.push_back({"x-dorm-affinity", "would be stored as a number and read back as " +
                                            nlohmann::json(dorm::stored_text(text, affinity(column.storage))).dump()});
    }
  }
  if (value.is_number() && (column.cpp_type == CppType::int64 || column.cpp_type == CppType::float64)) {
    const double x = value.get<double>();
    if (k.minimum && x < *k.minimum) out.push_back({"minimum", "is less than " + number_text(*k.minimum)});
    if (k.exclusive_minimum && x <= *k.exclusive_minimum) {
      out.push_back({"exclusiveMinimum", "is not greater than " + number_text(*k.exclusive_minimum)});
    }
    if (k.maximum && x > *k.maximum) out.push_back({"maximum", "is greater than " + number_text(*k.maximum)});
    if (k.exclusive_maximum && x >= *k.exclusive_maximum) {
      out.push_back({"exclusiveMaximum", "is not less than " + number_text(*k.exclusive_maximum)});
    }
  }
  if (!value.is_null() && !k.enum_values.empty() && !is_enum_member(value, k.enum_values)) {
    out.push_back({"enum", "is not one of the enum values"});
  }
  return out;
}

}  // namespace dorm::ir
