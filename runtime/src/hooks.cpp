#include "dorm/lifecycle/hooks.hpp"

#include <atomic>

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
std::uint64_t next_hook_id() noexcept {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace detail

}  // namespace dorm
