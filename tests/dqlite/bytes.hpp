#pragma once
// Byte strings for the protocol tests: written out as numbers, so an expected message reads as
// the bytes on the wire.
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

namespace dqlite_test {

/// The bytes `values` (each 0..255).
inline std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

/// The bytes of `text` (without a terminator).
inline std::vector<std::byte> bytes_of(const std::string& text) {
  std::vector<std::byte> out;
  for (char c : text) out.push_back(static_cast<std::byte>(c));
  return out;
}

/// `a` followed by `b`.
inline std::vector<std::byte> concat(std::vector<std::byte> a, std::span<const std::byte> b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace dqlite_test
