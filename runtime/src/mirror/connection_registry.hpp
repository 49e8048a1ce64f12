#pragma once
// The mirror's per-connection state: the SQL functions its triggers call (dorm_mirror_pack,
// dorm_mirror_skipping) and the SkipMirror count behind dorm_mirror_skipping, found again from a
// Database through a registry keyed by the SQLite handle.
#include <atomic>
#include <memory>
#include <string_view>

#include "dorm/mirror.hpp"

struct sqlite3;

namespace dorm::detail {

struct MirrorConnection {
  explicit MirrorConnection(sqlite3* h) noexcept : handle(h) {}
  sqlite3* handle;
  std::atomic<int> skipping{0};
};

}  // namespace dorm::detail

namespace dorm::detail::mirror {

/// `db`'s SQLite handle; MisuseError naming `what` when `db` is closed (or moved from).
sqlite3* open_handle(Database& db, std::string_view what);

/// The state of connection `h`, registering the mirror's SQL functions on it the first time.
std::shared_ptr<MirrorConnection> connection_state(sqlite3* h);

}  // namespace dorm::detail::mirror
