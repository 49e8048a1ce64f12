#include "dorm/detail/base64.hpp"

#include <array>
#include <cstdint>

namespace dorm::detail {

namespace {
constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 0..63 for a character of the alphabet, 64 for anything else.
constexpr std::array<std::uint8_t, 256> sextets = [] {
  std::array<std::uint8_t, 256> table{};
  table.fill(64);
  for (std::size_t i = 0; i < alphabet.size(); ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
  return table;
}();
}  // namespace

std::string base64_encode(std::span<const std::byte> bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto n = std::to_integer<std::uint32_t>(bytes[i]) << 16 | std::to_integer<std::uint32_t>(bytes[i + 1]) << 8 |
                   std::to_integer<std::uint32_t>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) text += alphabet[n >> shift & 63U];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t n = std::to_integer<std::uint32_t>(bytes[i]) << 16;
    if (rest == 2) n |= std::to_integer<std::uint32_t>(bytes[i + 1]) << 8;
    text += alphabet[n >> 18 & 63U];
    text += alphabet[n >> 12 & 63U];
    text += rest == 2 ? alphabet[n >> 6 & 63U] : '=';
    text += '=';
  }
  return text;
}

std::optional<std::vector<std::byte>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<std::byte> bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    // Padding only at the end of the last quantum: "xx==" or "xxx=".
    const std::size_t padding = last ? (text[i + 3] == '=') + (text[i + 2] == '=' && text[i + 3] == '=') : 0;
    std::uint32_t n = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const std::uint8_t s = k >= 4 - padding ? 0 : sextets[static_cast<unsigned char>(text[i + k])];
      if (s == 64) return std::nullopt;
      n = n << 6 | s;
    }
    // The bits the padding drops must be zero, so every byte string has exactly one encoding.
    if ((padding == 1 && (n & 0xFFU) != 0) || (padding == 2 && (n & 0xFFFFU) != 0)) return std::nullopt;
    bytes.push_back(static_cast<std::byte>(n >> 16));
    if (padding < 2) bytes.push_back(static_cast<std::byte>(n >> 8 & 0xFFU));
    if (padding < 1) bytes.push_back(static_cast<std::byte>(n & 0xFFU));
  }
  return bytes;
}

}  // namespace dorm::detail
