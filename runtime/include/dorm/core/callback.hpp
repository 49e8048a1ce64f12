#pragma once
// dorm::Callback<R(Args...)>: the function type of dorm's public API (the statement hook, SQL
// functions, lifecycle hooks, factory states) instead of std::function, whose header
// (<functional>, with <bits/stl_algo.h> and <unordered_map>) every translation unit including
// <dorm/dorm.hpp> would otherwise pay for (docs/performance.md, "The baseline every translation
// unit pays"). Move-only, so a callback may own move-only state.
#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

namespace dorm {

template <class Signature>
class Callback;

/// A callable object taking `Args...` and returning `R` (any result for `R` = void), or
/// nothing. Built implicitly from a lambda, a function object or a function pointer; a null
/// function pointer or an empty std::function gives an empty Callback, as `{}` and `nullptr` do.
template <class R, class... Args>
class Callback<R(Args...)> {
 public:
  /// An empty callback.
  Callback() noexcept = default;
  /// An empty callback.
  Callback(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor): `hook = nullptr` reads well
  /// Takes `function` (moved or copied in).
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, Callback> && !std::is_member_pointer_v<std::decay_t<F>> &&
             std::is_invocable_r_v<R, std::decay_t<F>&, Args...>)
  Callback(F&& function) {  // NOLINT(google-explicit-constructor): a lambda converts, as to std::function
    using Fn = std::decay_t<F>;
    // A function pointer may be null; a function reference or a lambda never is.
    if constexpr (std::is_pointer_v<std::remove_cvref_t<F>> || requires(const Fn& f) { f.operator bool(); }) {
      if (!static_cast<bool>(function)) return;
    }
    target_ = std::make_unique<Target<Fn>>(std::forward<F>(function));
  }

  Callback(Callback&&) noexcept = default;
  Callback& operator=(Callback&&) noexcept = default;
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;
  ~Callback() = default;

  /// True when the callback holds a function.
  explicit operator bool() const noexcept { return target_ != nullptr; }

  /// Calls the function; the callback must not be empty.
  R operator()(Args... args) const { return target_->call(std::forward<Args>(args)...); }

 private:
  struct Callable {
    Callable() = default;
    Callable(const Callable&) = delete;
    Callable& operator=(const Callable&) = delete;
    virtual ~Callable() = default;
    virtual R call(Args... args) = 0;
  };
  template <class Fn>
  struct Target final : Callable {
    template <class F>
    explicit Target(F&& f) : function(std::forward<F>(f)) {}
    R call(Args... args) override {
      if constexpr (std::is_void_v<R>) {
        function(std::forward<Args>(args)...);
      } else {
        return function(std::forward<Args>(args)...);
      }
    }
    Fn function;
  };

  std::unique_ptr<Callable> target_;
};

}  // namespace dorm
