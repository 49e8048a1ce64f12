#include "mirror/connection_registry.hpp"

#include <sqlite3.h>

#include <map>
#include <mutex>
#include <string>

#include "dorm/backends/sqlite/error.hpp"
#include "dorm/database.hpp"
#include "dorm/detail/mirror_codec.hpp"

namespace dorm::detail::mirror {

namespace {

// ---- the per-connection SQL functions ----

/// dorm_mirror_pack(prefix, v1, v2, ...): `prefix` (a packed BLOB, or NULL) with v1... appended.
/// The prefix lets a table wider than SQLite's function argument limit be packed in chunks.
void pack_function(sqlite3_context* context, int argc, sqlite3_value** argv) {
  try {
    std::string out;
    if (argc > 0 && sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
      out.append(static_cast<const char*>(sqlite3_value_blob(argv[0])),
                 static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
    }
    for (int i = 1; i < argc; ++i) append_mirror_value(out, argv[i]);
    sqlite3_result_blob64(context, out.data(), out.size(), SQLITE_TRANSIENT);
  } catch (...) {
    sqlite3_result_error_nomem(context);
  }
}

/// dorm_mirror_skipping(): 1 while a SkipMirror of this connection lives.
void skipping_function(sqlite3_context* context, int, sqlite3_value**) {
  auto* state = static_cast<std::shared_ptr<MirrorConnection>*>(sqlite3_user_data(context));
  sqlite3_result_int(context, (*state)->skipping.load(std::memory_order_relaxed) > 0 ? 1 : 0);
}

/// Which connections have the functions, so SkipMirror finds the state its triggers read.
/// Entries leave when SQLite drops the function (the connection closes), before the handle's
/// address can be reused.
struct Registry {
  std::mutex mutex;
  std::map<sqlite3*, std::weak_ptr<MirrorConnection>> states;
};

// Never destroyed: connections closed during static destruction (a Pool or Database held in a
// static) still reach it through destroy_state, after a function-local static would be gone.
Registry& registry() {
  static Registry* const r = new Registry;
  return *r;
}

void destroy_state(void* p) {
  std::unique_ptr<std::shared_ptr<MirrorConnection>> owner(static_cast<std::shared_ptr<MirrorConnection>*>(p));
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  auto it = r.states.find((*owner)->handle);
  if (it != r.states.end() && !it->second.owner_before(*owner) && !owner->owner_before(it->second))
    r.states.erase(it);
}

}  // namespace

sqlite3* open_handle(Database& db, std::string_view what) {
  if (!db.is_open())
    throw MisuseError("[dorm.misuse.closed] " + std::string(what) + " on a closed database (or one moved from)");
  return db.connection().handle();
}

std::shared_ptr<MirrorConnection> connection_state(sqlite3* h) {
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
  auto* owner = std::make_unique<std::shared_ptr<MirrorConnection>>(state).release();
  int rc = sqlite3_create_function_v2(h, "dorm_mirror_skipping", 0, SQLITE_UTF8, owner, skipping_function, nullptr,
                                      nullptr, destroy_state);
  if (rc != SQLITE_OK) sqlite::throw_error(h, rc, "");
  rc = sqlite3_create_function_v2(h, "dorm_mirror_pack", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                  pack_function, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) sqlite::throw_error(h, rc, "");
  std::lock_guard lock(r.mutex);
  r.states[h] = state;
  return state;
}

}  // namespace dorm::detail::mirror

namespace dorm {

// ---- SkipMirror ----

SkipMirror::SkipMirror(Database& db)
    : state_(detail::mirror::connection_state(detail::mirror::open_handle(db, "SkipMirror"))) {
  state_->skipping.fetch_add(1, std::memory_order_relaxed);
}

SkipMirror::~SkipMirror() { state_->skipping.fetch_sub(1, std::memory_order_relaxed); }

}  // namespace dorm
