#include "mirror/connection_registry.hpp"

#include <map>
#include <mutex>
#include <span>
#include <string>

#include "dorm/core/database.hpp"
#include "dorm/detail/mirror_codec.hpp"

namespace dorm::detail::mirror {

namespace {

// ---- the per-connection SQL functions ----

/// dorm_mirror_pack(prefix, v1, v2, ...): `prefix` (a packed BLOB, or NULL) with v1... appended.
/// The prefix lets a table wider than SQLite's function argument limit be packed in chunks.
Connection::FunctionResult pack(std::span<const ColumnValue> arguments) {
  std::string out;
  if (!arguments.empty() && arguments[0].storage_class() == StorageClass::blob) {
    const auto* prefix = reinterpret_cast<const char*>(arguments[0].blob_data());
    out.append(prefix, arguments[0].size());
  }
  for (std::size_t i = 1; i < arguments.size(); ++i) append_mirror_value(out, arguments[i]);
  return out;
}

/// Which connections have the functions, so SkipMirror finds the state its triggers read.
/// Entries leave when SQLite drops the function (the connection closes), before the handle's
/// address can be reused.
struct Registry {
  std::mutex mutex;
  std::map<const void*, std::weak_ptr<MirrorConnection>> states;
};

// Never destroyed: connections closed during static destruction (a Pool or Database held in a
// static) still reach it through forget_state, after a function-local static would be gone.
Registry& registry() {
  static Registry* const r = new Registry;
  return *r;
}

/// Deletes the connection's own reference to its state (when the engine drops the SQL function
/// holding it, as the connection closes) and the registry's entry for it.
void forget_state(std::shared_ptr<MirrorConnection>* p) {
  std::unique_ptr<std::shared_ptr<MirrorConnection>> owner(p);
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  auto it = r.states.find((*owner)->identity);
  if (it != r.states.end() && !it->second.owner_before(*owner) && !owner->owner_before(it->second))
    r.states.erase(it);
}

}  // namespace

Connection& open_connection(Database& db, std::string_view what) {
  if (!db.is_open())
    throw MisuseError("[dorm.misuse.closed] " + std::string(what) + " on a closed database (or one moved from)");
  return db.connection();
}

std::shared_ptr<MirrorConnection> connection_state(Connection& connection) {
  const void* h = connection.identity();
  Registry& r = registry();
  {
    std::lock_guard lock(r.mutex);
    auto it = r.states.find(h);
    if (it != r.states.end()) {
      if (auto state = it->second.lock()) return state;
    }
  }
  auto state = std::make_shared<MirrorConnection>(h);
  // SQLite owns this copy from here on, and frees it through destroy_state (also when the
  // call fails), so it is released to the C API.
  const std::shared_ptr<std::shared_ptr<MirrorConnection>> owner(
      std::make_unique<std::shared_ptr<MirrorConnection>>(state).release(), forget_state);
  connection.create_function("dorm_mirror_skipping", 0, false, [owner](std::span<const ColumnValue>) {
    return Connection::FunctionResult(std::int64_t{(*owner)->skipping.load(std::memory_order_relaxed) > 0 ? 1 : 0});
  });
  connection.create_function("dorm_mirror_pack", -1, true, pack);
  std::lock_guard lock(r.mutex);
  r.states[h] = state;
  return state;
}

}  // namespace dorm::detail::mirror

namespace dorm {

// ---- SkipMirror ----

SkipMirror::SkipMirror(Database& db)
    : state_(detail::mirror::connection_state(detail::mirror::open_connection(db, "SkipMirror"))) {
  state_->skipping.fetch_add(1, std::memory_order_relaxed);
}

SkipMirror::~SkipMirror() { state_->skipping.fetch_sub(1, std::memory_order_relaxed); }

}  // namespace dorm
