#pragma once
// Lifecycle hooks: functions registered at run time for one model type, process-wide (like
// @roostjs/orm's and Laravel's static Model.on()), that Database runs around its model writes.
//
//   auto sub = dorm::hooks<Account>().on(dorm::Event::creating, [](Account& a) {
//     if (a.name.empty()) return false;  // cancels: insert() throws dorm::HookCancelled
//     a.name[0] = static_cast<char>(std::toupper(a.name[0]));
//     return true;
//   });
//
// Order: insert = saving, creating, INSERT, created, saved; update(row) = saving, updating,
// UPDATE, updated, saved; remove(row) and force_remove(row) = deleting, DELETE (or the soft
// delete), deleted; restore(row) = restoring, UPDATE, restored. The UPDATE and DELETE query
// builders (db.update_all<M>().set(...), db.remove_all<M>().where(...)) load no rows and fire no hooks.
//
// Registration is thread-safe. Hooks run on the thread doing the write, in registration order;
// a model without any hook pays one call and an atomic load per write. The registry's state
// (its mutex, the handler lists, the count) lives in the runtime library (detail::HookList), so
// this header includes neither <mutex> nor <atomic>.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "dorm/core/callback.hpp"
#include "dorm/core/error.hpp"
#include "dorm/core/model.hpp"
#include "dorm/query/rules.hpp"

namespace dorm {

/// The moments of a model's life a hook can attach to. The before-events (creating, updating,
/// saving, deleting, restoring) get the row as `M&` and may change it or cancel the write; the
/// after-events get `const M&` once the row is written.
enum class Event : unsigned char { creating, created, updating, updated, saving, saved, deleting, deleted, restoring, restored };

/// Number of Event values.
inline constexpr std::size_t event_count = 10;

/// The event's name as written in code: "creating", "saved", ...
[[nodiscard]] std::string_view event_name(Event event) noexcept;

/// True for the events that run before the write (and may cancel it).
[[nodiscard]] constexpr bool is_before_event(Event event) noexcept {
  switch (event) {
    case Event::creating:
    case Event::updating:
    case Event::saving:
    case Event::deleting:
    case Event::restoring: return true;
    default: return false;
  }
}

/// A before-hook returned false; nothing was written and the caller's row is unchanged.
/// what(): "[dorm.hook.cancelled] a creating hook cancelled the insert into 'accounts'".
class HookCancelled : public Error {
 public:
  /// `operation` names the write: "insert into", "update of", "delete from", "restore of".
  HookCancelled(Event event, std::string_view operation, std::string_view table);
  [[nodiscard]] Event event() const noexcept { return event_; }
  /// The SQL name of the table the write was for.
  [[nodiscard]] const std::string& table() const noexcept { return table_; }

 private:
  Event event_;
  std::string table_;
};

/// Keeps one registered hook alive; unregisters it when destroyed or on unsubscribe().
/// Movable, not copyable. A default-constructed subscription holds nothing.
class [[nodiscard]] HookSubscription {
 public:
  HookSubscription() noexcept = default;
  /// For ModelHooks: `remove` unregisters the hook numbered `id` of one model type.
  HookSubscription(void (*remove)(std::uint64_t) noexcept, std::uint64_t id) noexcept : remove_(remove), id_(id) {}
  HookSubscription(HookSubscription&& other) noexcept
      : remove_(std::exchange(other.remove_, nullptr)), id_(std::exchange(other.id_, 0)) {}
  HookSubscription& operator=(HookSubscription&& other) noexcept {
    if (this != &other) {
      unsubscribe();
      remove_ = std::exchange(other.remove_, nullptr);
      id_ = std::exchange(other.id_, 0);
    }
    return *this;
  }
  HookSubscription(const HookSubscription&) = delete;
  HookSubscription& operator=(const HookSubscription&) = delete;
  ~HookSubscription() { unsubscribe(); }

  /// Unregisters the hook now (a write already running its hooks may still call it once).
  void unsubscribe() noexcept {
    if (remove_ != nullptr) std::exchange(remove_, nullptr)(id_);
  }
  /// True while the hook is registered through this subscription.
  [[nodiscard]] bool active() const noexcept { return remove_ != nullptr; }

 private:
  void (*remove_)(std::uint64_t) noexcept = nullptr;
  std::uint64_t id_ = 0;
};

template <class M>
class ModelHooks;

namespace detail {
/// The registry of model type `M`: constant-initialized (no start-up order issues, no guard
/// on the write path) and destroyed after any subscription created at run time.
template <class M>
constinit inline ModelHooks<M> hook_registry{};

/// The hooks of one model type with the row type erased (`void*`), their state in the runtime
/// library (src/hooks.cpp): created at the first registration, so an unused list is one null
/// pointer. Thread-safe: registration copies the lists (copy-on-write) under a mutex, and a
/// write runs the lists it found without holding it, so a hook may (un)register hooks.
class HookList {
 public:
  /// A before-hook over the row's address: false cancels the write.
  using Before = Callback<bool(void* row)>;
  /// An after-hook over the row's address.
  using After = Callback<void(const void* row)>;

  constexpr HookList() noexcept = default;
  HookList(const HookList&) = delete;
  HookList& operator=(const HookList&) = delete;
  ~HookList();

  /// True when any hook is registered (one atomic load, out of line).
  [[nodiscard]] bool any() const noexcept;
  /// Number of hooks registered, over all events.
  [[nodiscard]] std::size_t size() const noexcept;
  /// Registers a hook of a before-event; returns its id, for remove().
  std::uint64_t add_before(Event event, Before hook);
  /// Registers a hook of an after-event; returns its id, for remove().
  std::uint64_t add_after(Event event, After hook);
  /// Unregisters hook `id`; nothing when there is none. Never throws: should the copy fail to
  /// allocate, the hook stays registered rather than terminating the program.
  void remove(std::uint64_t id) noexcept;
  /// Runs the hooks of before-event `event` on `row` in order; false as soon as one cancels.
  bool run_before(Event event, void* row) const;
  /// Runs the hooks of after-event `event` on `row` in order.
  void run_after(Event event, const void* row) const;

 private:
  struct State;
  State* loaded() const noexcept;
  State& created();
  // Owned (deleted by ~HookList); set once, read and written through std::atomic_ref.
  State* state_ = nullptr;
};
}  // namespace detail

/// The hooks of model type `M`. Get it with dorm::hooks<M>().
template <class M>
class ModelHooks {
  // The rule a hook of type `Fn` breaks, or rules::satisfied.
  template <class Fn>
  static auto hook_rule() {
    if constexpr (!std::is_invocable_v<Fn&, M&>) {
      return std::type_identity<error::hook_takes_the_row<M, Fn>>{};
    } else if constexpr (!std::is_void_v<std::invoke_result_t<Fn&, M&>> &&
                         !std::is_same_v<std::invoke_result_t<Fn&, M&>, bool>) {
      return std::type_identity<error::hook_returns_bool_or_void<M, std::invoke_result_t<Fn&, M&>>>{};
    } else {
      return std::type_identity<rules::satisfied>{};
    }
  }
  template <class Fn>
  using hook_check_t = typename decltype(hook_rule<Fn>())::type;

 public:
  constexpr ModelHooks() noexcept = default;
  ModelHooks(const ModelHooks&) = delete;
  ModelHooks& operator=(const ModelHooks&) = delete;
  ~ModelHooks() = default;

  /// Registers `hook` for `event`; it runs until the returned subscription is destroyed.
  /// Before-events: `hook(M&)` returning bool (false cancels the write) or void. After-events:
  /// `hook(const M&)` returning void; MisuseError otherwise, since it could cancel nothing.
  template <class F>
  [[nodiscard]] HookSubscription on(Event event, F&& hook, hook_check_t<std::decay_t<F>> = {}) {
    using Fn = std::decay_t<F>;
    if constexpr (std::is_same_v<hook_check_t<Fn>, rules::satisfied>) {
      using R = std::invoke_result_t<Fn&, M&>;
      std::uint64_t id = 0;
      if (is_before_event(event)) {
        id = list_.add_before(event, [fn = Fn(std::forward<F>(hook))](void* row) mutable -> bool {
          if constexpr (std::is_void_v<R>) {
            fn(*static_cast<M*>(row));
            return true;
          } else {
            return fn(*static_cast<M*>(row));
          }
        });
      } else if constexpr (!std::is_invocable_v<Fn&, const M&> || !std::is_void_v<R>) {
        throw_after_hook_misuse(event, std::is_void_v<R>);
      } else {
        id = list_.add_after(event, [fn = Fn(std::forward<F>(hook))](const void* row) mutable {
          fn(*static_cast<const M*>(row));
        });
      }
      return HookSubscription(&remove_hook, id);
    } else {
      return {};
    }
  }

  /// True when any hook is registered for M (a call and an atomic load: the cost of hooks when
  /// unused).
  [[nodiscard]] bool any() const noexcept { return list_.any(); }
  /// Number of hooks registered for M, over all events.
  [[nodiscard]] std::size_t size() const noexcept { return list_.size(); }

  /// Runs the hooks of before-event `event` on `row` in order; false as soon as one cancels.
  bool run_before(Event event, M& row) const { return list_.run_before(event, &row); }
  /// Runs the hooks of after-event `event` on `row` in order.
  void run_after(Event event, const M& row) const { list_.run_after(event, &row); }

 private:
  [[noreturn]] static void throw_after_hook_misuse(Event event, bool returns_void) {
    throw MisuseError(std::string("[dorm.misuse.hook] a ") + std::string(event_name(event)) + " hook runs after the write " +
                      (returns_void ? "and gets the row as const M&: take `const M&`"
                                    : "and cannot cancel it: return void"));
  }

  static void remove_hook(std::uint64_t id) noexcept { detail::hook_registry<M>.list_.remove(id); }

  detail::HookList list_;
};

/// The process-wide hooks of model type `M`: `dorm::hooks<Account>().on(Event::creating, fn)`.
template <class M>
[[nodiscard]] ModelHooks<std::remove_cvref_t<M>>& hooks() noexcept {
  static_assert(Model<M>, "dorm: hooks<M>() needs a generated model type, e.g. dorm::hooks<Account>()");
  return detail::hook_registry<std::remove_cvref_t<M>>;
}

namespace detail {

/// Runs before-event `event`'s hooks on `row`; throws HookCancelled when one returns false.
template <class M>
void run_before_hooks(Event event, M& row, std::string_view operation) {
  if (!hook_registry<M>.run_before(event, row)) throw HookCancelled(event, operation, table_of<M>::name);
}

/// Runs after-event `event`'s hooks on `row`.
template <class M>
void run_after_hooks(Event event, const M& row) {
  hook_registry<M>.run_after(event, row);
}

}  // namespace detail

}  // namespace dorm
