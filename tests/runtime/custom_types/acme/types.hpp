#pragma once
// User types stored in columns through dorm::type_mapping (tests/runtime/test_custom_types.cpp,
// schema custom_types/products.json): money as integer cents, a UUID as a 16-byte BLOB, a
// calendar date as ISO text, and a strong id over an integer.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <dorm/core/type_mapping.hpp>

namespace acme {

/// An amount of money in cents.
struct Money {
  std::int64_t cents = 0;
  friend bool operator==(const Money&, const Money&) = default;
};

/// A UUID's 16 bytes.
struct Uuid {
  std::array<std::byte, 16> bytes{};
  friend bool operator==(const Uuid&, const Uuid&) = default;
  /// The UUID whose bytes are all `b`.
  static Uuid filled(unsigned char b) {
    Uuid u;
    u.bytes.fill(static_cast<std::byte>(b));
    return u;
  }
};

/// A supplier's id: an integer that does not compare with other integers.
struct SupplierId {
  std::int64_t value = 0;
  friend bool operator==(const SupplierId&, const SupplierId&) = default;
};

}  // namespace acme

template <>
struct dorm::type_mapping<acme::Money> {
  using storage_type = std::int64_t;
  static std::int64_t to_storage(const acme::Money& m) { return m.cents; }
  static acme::Money from_storage(std::int64_t cents) { return acme::Money{cents}; }
};

template <>
struct dorm::type_mapping<acme::Uuid> {
  using storage_type = std::vector<std::byte>;
  static std::vector<std::byte> to_storage(const acme::Uuid& u) { return {u.bytes.begin(), u.bytes.end()}; }
  static acme::Uuid from_storage(const std::vector<std::byte>& bytes) {
    if (bytes.size() != 16) throw std::invalid_argument("a UUID is 16 bytes");
    acme::Uuid u;
    for (std::size_t i = 0; i < 16; ++i) u.bytes[i] = bytes[i];
    return u;
  }
};

/// std::chrono::year_month_day as ISO text "YYYY-MM-DD", which sorts as the dates do.
template <>
struct dorm::type_mapping<std::chrono::year_month_day> {
  using storage_type = std::string;
  static std::string to_storage(const std::chrono::year_month_day& d) {
    const auto two = [](unsigned n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
    return std::to_string(static_cast<int>(d.year())) + "-" + two(static_cast<unsigned>(d.month())) + "-" +
           two(static_cast<unsigned>(d.day()));
  }
  static std::chrono::year_month_day from_storage(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw std::invalid_argument("not a date: " + text);
    return std::chrono::year_month_day{std::chrono::year{std::stoi(text.substr(0, 4))},
                                       std::chrono::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                       std::chrono::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
  }
};

template <>
struct dorm::type_mapping<acme::SupplierId> {
  using storage_type = std::int64_t;
  static std::int64_t to_storage(const acme::SupplierId& id) { return id.value; }
  static acme::SupplierId from_storage(std::int64_t value) { return acme::SupplierId{value}; }
};
