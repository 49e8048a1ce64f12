#include "dorm/lifecycle/hooks.hpp"

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace dorm {

std::string_view event_name(Event event) noexcept {
  switch (event) {
    case Event::creating: return "creating";
    case Event::created: return "created";
    case Event::updating: return "updating";
    case Event::updated: return "updated";
    case Event::saving: return "saving";
    case Event::saved: return "saved";
    case Event::deleting: return "deleting";
    case Event::deleted: return "deleted";
    case Event::restoring: return "restoring";
    case Event::restored: return "restored";
  }
  return "?";
}

namespace {
std::string cancelled_message(Event event, std::string_view operation, std::string_view table) {
  const std::string_view name = event_name(event);
  const bool vowel = !name.empty() && std::string_view("aeiou").find(name.front()) != std::string_view::npos;
  std::string message = "[dorm.hook.cancelled] ";
  message += vowel ? "an " : "a ";
  message += name;
  message += " hook cancelled the ";
  message += operation;
  message += " '";
  message += table;
  message += '\'';
  return message;
}
}  // namespace

HookCancelled::HookCancelled(Event event, std::string_view operation, std::string_view table)
    : Error(cancelled_message(event, operation, table)), event_(event), table_(table) {}

namespace detail {

namespace {
// Next hook id, shared by every model type (ids are never reused).
std::uint64_t next_hook_id() noexcept {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// Serializes the creation of HookList states (registration only: a write never takes it).
std::mutex& creation_mutex() {
  static std::mutex mutex;
  return mutex;
}

struct Handler {
  std::uint64_t id = 0;
  // shared: the copy-on-write lists copy handlers, and a Callback is move-only.
  std::shared_ptr<const HookList::Before> before;
  std::shared_ptr<const HookList::After> after;
};
using Handlers = std::array<std::vector<Handler>, event_count>;

constexpr std::size_t index(Event event) noexcept { return static_cast<std::size_t>(event); }
}  // namespace

struct HookList::State {
  // Copy-on-write: writers replace the whole lists under the mutex; a write takes a reference
  // to the current lists and runs them without the lock, so a hook may (un)register hooks.
  std::shared_ptr<const Handlers> snapshot() const {
    const std::lock_guard lock(mutex);
    return handlers;
  }

  void add(Event event, Handler handler) {
    const std::lock_guard lock(mutex);
    auto next = handlers ? std::make_shared<Handlers>(*handlers) : std::make_shared<Handlers>();
    (*next)[index(event)].push_back(std::move(handler));
    handlers = std::move(next);
    count.fetch_add(1, std::memory_order_release);
  }

  mutable std::mutex mutex;
  std::shared_ptr<const Handlers> handlers;
  std::atomic<std::size_t> count{0};
};

HookList::~HookList() { const std::unique_ptr<State> owned(state_); }

HookList::State* HookList::loaded() const noexcept {
  // state_ is written once, by created(), through an atomic_ref too.
  return std::atomic_ref<State*>(const_cast<State*&>(state_)).load(std::memory_order_acquire);
}

HookList::State& HookList::created() {
  if (State* state = loaded()) return *state;
  const std::lock_guard lock(creation_mutex());
  if (State* state = loaded()) return *state;
  auto fresh = std::make_unique<State>();
  std::atomic_ref<State*>(state_).store(fresh.get(), std::memory_order_release);
  return *fresh.release();  // owned by state_ from here on
}

bool HookList::any() const noexcept { return size() != 0; }

std::size_t HookList::size() const noexcept {
  const State* state = loaded();
  return state == nullptr ? 0 : state->count.load(std::memory_order_acquire);
}

std::uint64_t HookList::add_before(Event event, Before hook) {
  Handler handler;
  handler.id = next_hook_id();
  handler.before = std::make_shared<const Before>(std::move(hook));
  const std::uint64_t id = handler.id;
  created().add(event, std::move(handler));
  return id;
}

std::uint64_t HookList::add_after(Event event, After hook) {
  Handler handler;
  handler.id = next_hook_id();
  handler.after = std::make_shared<const After>(std::move(hook));
  const std::uint64_t id = handler.id;
  created().add(event, std::move(handler));
  return id;
}

void HookList::remove(std::uint64_t id) noexcept {
  State* state = loaded();
  if (state == nullptr) return;
  // Unregistering runs in destructors: should the copy fail to allocate, the hook stays
  // registered rather than terminating the program.
  try {
    const std::lock_guard lock(state->mutex);
    if (!state->handlers) return;
    auto next = std::make_shared<Handlers>(*state->handlers);
    for (auto& list : *next) {
      for (auto it = list.begin(); it != list.end(); ++it) {
        if (it->id == id) {
          list.erase(it);
          state->handlers = std::move(next);
          state->count.fetch_sub(1, std::memory_order_release);
          return;
        }
      }
    }
  } catch (...) {
  }
}

bool HookList::run_before(Event event, void* row) const {
  const State* state = loaded();
  if (state == nullptr) return true;
  const auto handlers = state->snapshot();
  if (!handlers) return true;
  for (const Handler& h : (*handlers)[index(event)]) {
    if (!(*h.before)(row)) return false;
  }
  return true;
}

void HookList::run_after(Event event, const void* row) const {
  const State* state = loaded();
  if (state == nullptr) return;
  const auto handlers = state->snapshot();
  if (!handlers) return;
  for (const Handler& h : (*handlers)[index(event)]) (*h.after)(row);
}

}  // namespace detail

}  // namespace dorm
