// dorm::Callback: the move-only function type of the public API (statement hook, SQL
// functions, lifecycle hooks, factory states).
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <dorm/core/callback.hpp>

namespace {
int twice(int x) { return 2 * x; }
}  // namespace

TEST_CASE("a callback calls the lambda it was built from with its arguments", "[runtime][callback]") {
  std::string seen;
  dorm::Callback<void(std::string_view)> hook = [&](std::string_view sql) { seen += sql; };
  REQUIRE(static_cast<bool>(hook));
  hook("SELECT 1");
  hook("; SELECT 2");
  CHECK(seen == "SELECT 1; SELECT 2");
}

TEST_CASE("a callback returns what its function returns, converted to its result type", "[runtime][callback]") {
  dorm::Callback<long(int)> doubled = twice;
  CHECK(doubled(21) == 42L);
  dorm::Callback<void(int)> discarding = twice;  // a result is dropped for void
  discarding(1);
  CHECK(static_cast<bool>(discarding));
}

TEST_CASE("a callback keeps a move-only function and its state across calls", "[runtime][callback]") {
  auto counter = std::make_unique<int>(0);
  dorm::Callback<int()> next = [counter = std::move(counter)]() mutable { return ++*counter; };
  CHECK(next() == 1);
  CHECK(next() == 2);
  dorm::Callback<int()> moved = std::move(next);
  CHECK_FALSE(static_cast<bool>(next));  // NOLINT(bugprone-use-after-move): a moved-from callback is empty
  CHECK(moved() == 3);
}

TEST_CASE("braces, nullptr, a null function pointer and an empty std::function give an empty callback",
          "[runtime][callback]") {
  const dorm::Callback<void(int)> braces = {};
  const dorm::Callback<void(int)> null = nullptr;
  int (*no_function)(int) = nullptr;
  const dorm::Callback<void(int)> null_pointer = no_function;
  const dorm::Callback<void(int)> empty_function = std::function<void(int)>();
  CHECK_FALSE(static_cast<bool>(braces));
  CHECK_FALSE(static_cast<bool>(null));
  CHECK_FALSE(static_cast<bool>(null_pointer));
  CHECK_FALSE(static_cast<bool>(empty_function));
  const dorm::Callback<void(int)> function = std::function<void(int)>([](int) {});
  CHECK(static_cast<bool>(function));
}

TEST_CASE("a callback is built only from functions of its signature", "[runtime][callback]") {
  STATIC_REQUIRE(std::is_constructible_v<dorm::Callback<bool(int&)>, bool (*)(int&)>);
  STATIC_REQUIRE_FALSE(std::is_constructible_v<dorm::Callback<bool(int&)>, bool (*)(const std::string&)>);
  STATIC_REQUIRE_FALSE(std::is_constructible_v<dorm::Callback<std::string()>, int (*)()>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<dorm::Callback<void()>>);
}
