#pragma once
// The mirror's per-connection state: the SQL functions its triggers call (dorm_mirror_pack,
// dorm_mirror_skipping) and the SkipMirror count behind dorm_mirror_skipping, found again from a
// Database through a registry keyed by the connection's identity.
#include <atomic>
#include <memory>
#include <string_view>

#include "dorm/core/connection.hpp"
#include "dorm/tenancy/mirror.hpp"

namespace dorm::detail {

struct MirrorConnection {
  explicit MirrorConnection(const void* id) noexcept : identity(id) {}
  const void* identity;  ///< Connection::identity() of its connection
  std::atomic<int> skipping{0};
};

}  // namespace dorm::detail

namespace dorm::detail::mirror {

/// `db`'s connection; MisuseError naming `what` when `db` is closed (or moved from).
Connection& open_connection(Database& db, std::string_view what);

/// The state of `connection`, registering the mirror's SQL functions on it the first time.
std::shared_ptr<MirrorConnection> connection_state(Connection& connection);

}  // namespace dorm::detail::mirror
