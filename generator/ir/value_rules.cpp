#include "ir/value_rules.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

#include <dorm/lifecycle/validation.hpp>

namespace dorm::ir {
namespace {

bool is_string_column(const Column& c) { return c.cpp_type == CppType::string && !c.is_json; }

}  // namespace

std::size_t utf8_length(std::string_view text) noexcept { return dorm::utf8_length(text); }

std::string pattern_error(std::string_view pattern) {
  try {
    // The runtime's own parser and compiler: one definition of a valid pattern.
    const dorm::Pattern compiled(pattern);
    return "";
  } catch (const dorm::Error& e) {
    // "[dorm.validation.pattern] pattern '<p>' is not a valid regular expression: <why>", or
    // "... pattern '<p>' is too large: <why>": the caller names the pattern and says the first.
    std::string_view why = e.what();
    const std::string head = "[dorm.validation.pattern] pattern '" + std::string(pattern) + "' ";
    if (why.substr(0, head.size()) == head) why.remove_prefix(head.size());
    constexpr std::string_view invalid = "is not a valid regular expression: ";
    if (why.substr(0, invalid.size()) == invalid) return std::string(why.substr(invalid.size()));
    return "it " + std::string(why);
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

std::string storage_keyword(Storage storage) { return std::string(dorm::affinity_name(affinity(storage))); }

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
    if (k.pattern && pattern_error(*k.pattern).empty()) {
      try {
        if (!pattern_matches(*k.pattern, text)) out.push_back({"pattern", "does not match " + nlohmann::json(*k.pattern).dump()});
      } catch (const dorm::Error& e) {
        // Past the backtracking step budget: every insert of this value would throw it too.
        out.push_back({"pattern", "cannot be matched against " + nlohmann::json(*k.pattern).dump() +
                                      " (every insert of it would fail): " + e.what()});
      }
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
