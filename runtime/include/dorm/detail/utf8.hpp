#pragma once
// UTF-8 decoding and encoding shared by the runtime's validation (lengths, patterns, quoting),
// its JSON check and the factories' pattern sampler: one definition of which byte sequences are
// UTF-8 (RFC 3629).
#include <cstddef>
#include <string>
#include <string_view>

namespace dorm::detail {

/// One step of decoding: the code point, or `valid == false` for a byte that starts no valid
/// UTF-8 sequence (overlong forms, surrogates, truncated sequences, stray continuation bytes).
struct Decoded {
  char32_t code_point;
  std::size_t size;
  bool valid;
};

inline constexpr char32_t replacement_character = 0xFFFD;

/// Decodes the sequence starting at `text[i]` (i < text.size()); an invalid byte decodes as
/// U+FFFD of size 1.
inline Decoded decode_utf8(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  const Decoded invalid{replacement_character, 1, false};
  if (lead < 0x80U) return {lead, 1, true};
  std::size_t size = 0;
  char32_t code_point = 0;
  // The allowed range of the second byte excludes overlong forms, surrogates and > U+10FFFF.
  unsigned char low = 0x80U;
  unsigned char high = 0xBFU;
  if (lead >= 0xC2U && lead <= 0xDFU) {
    size = 2;
    code_point = lead & 0x1FU;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    size = 3;
    code_point = lead & 0x0FU;
    if (lead == 0xE0U) low = 0xA0U;
    if (lead == 0xEDU) high = 0x9FU;
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    size = 4;
    code_point = lead & 0x07U;
    if (lead == 0xF0U) low = 0x90U;
    if (lead == 0xF4U) high = 0x8FU;
  } else {
    return invalid;
  }
  if (text.size() - i < size) return invalid;
  if (byte(1) < low || byte(1) > high) return invalid;
  for (std::size_t k = 1; k < size; ++k) {
    if ((byte(k) & 0xC0U) != 0x80U) return invalid;
    code_point = (code_point << 6U) | (byte(k) & 0x3FU);
  }
  return {code_point, size, true};
}

/// Appends code point `cp` (at most U+10FFFF) to `out` as UTF-8.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80U) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800U) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else if (cp < 0x10000U) {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xF0U | (cp >> 18U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
}

}  // namespace dorm::detail
