#include "dorm/detail/sql_quote.hpp"

#include <algorithm>

namespace dorm::detail {

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

namespace {
bool is_control_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}
}  // namespace

bool literal_needs_expression(std::string_view text) {
  return std::any_of(text.begin(), text.end(), is_control_byte);
}

std::string quote_literal(std::string_view text) {
  std::string out;
  bool open = false;  // inside a quoted run
  for (char c : text) {
    if (is_control_byte(c)) {
      if (open) out += '\'';
      open = false;
      if (!out.empty()) out += " || ";
      out += "char(" + std::to_string(static_cast<unsigned char>(c)) + ')';
      continue;
    }
    if (!open) {
      if (!out.empty()) out += " || ";
      out += '\'';
      open = true;
    }
    if (c == '\'') out += '\'';
    out += c;
  }
  if (open) out += '\'';
  return out.empty() ? "''" : out;
}

}  // namespace dorm::detail
