#pragma once
// dorm::Milliseconds: the type of OpenOptions' timeouts. Built from and converted to any
// std::chrono::duration, recognised by its members (rep, period, count()), so that the public
// headers need not include <chrono>, which in C++20 brings <sstream> and the calendar into every
// translation unit (docs/performance.md, "The baseline every translation unit pays").
#include <compare>
#include <concepts>
#include <cstdint>
#include <type_traits>

namespace dorm {

namespace detail {
/// A std::chrono::duration, by its members: `rep`, a `period` ratio and `count()`.
template <class D>
concept chrono_duration = requires(const D& d) {
  typename D::rep;
  typename D::period;
  { D::period::num } -> std::convertible_to<std::intmax_t>;
  { D::period::den } -> std::convertible_to<std::intmax_t>;
  { d.count() } -> std::same_as<typename D::rep>;
};

/// `a / b` of two positive numbers, as a reduced fraction.
struct Fraction {
  std::intmax_t num;
  std::intmax_t den;
};
constexpr Fraction reduced(std::intmax_t a, std::intmax_t b) noexcept {
  std::intmax_t x = a;
  std::intmax_t y = b;
  while (y != 0) {
    const std::intmax_t r = x % y;
    x = y;
    y = r;
  }
  return {a / x, b / x};
}
}  // namespace detail

/// A duration in whole milliseconds. Assign it a std::chrono duration (`250ms`,
/// `std::chrono::seconds(2)`: truncated toward zero, as duration_cast does) and read it back as
/// one (`std::chrono::milliseconds t = options.busy_timeout;`) or as a count.
class Milliseconds {
 public:
  constexpr Milliseconds() noexcept = default;
  /// `count` milliseconds.
  constexpr explicit Milliseconds(std::int64_t count) noexcept : count_(count) {}
  /// The duration `d`, in whole milliseconds.
  template <detail::chrono_duration D>
  constexpr Milliseconds(const D& d) noexcept  // NOLINT(google-explicit-constructor): `= 250ms` must compile
      : count_(from(d)) {}

  /// The number of milliseconds.
  [[nodiscard]] constexpr std::int64_t count() const noexcept { return count_; }

  /// This duration as std::chrono duration `D` (truncated toward zero when `D` is coarser).
  template <detail::chrono_duration D>
  constexpr operator D() const noexcept {  // NOLINT(google-explicit-constructor): reads as the old member did
    constexpr detail::Fraction f = detail::reduced(D::period::den, D::period::num * 1000);
    return D(static_cast<typename D::rep>(count_ * f.num / f.den));
  }

  friend constexpr bool operator==(Milliseconds, Milliseconds) noexcept = default;
  friend constexpr auto operator<=>(Milliseconds, Milliseconds) noexcept = default;

 private:
  template <class D>
  static constexpr std::int64_t from(const D& d) noexcept {
    constexpr detail::Fraction f = detail::reduced(D::period::num * 1000, D::period::den);
    if constexpr (std::is_floating_point_v<typename D::rep>) {
      return static_cast<std::int64_t>(d.count() * f.num / f.den);
    } else {
      return static_cast<std::int64_t>(d.count()) * f.num / f.den;
    }
  }

  std::int64_t count_ = 0;
};

}  // namespace dorm
