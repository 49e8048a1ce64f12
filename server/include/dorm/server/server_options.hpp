#pragma once
// What a dorm::server::Server serves, where, and within which limits.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "dorm/tenancy/pool.hpp"
#include "dorm/server/rights.hpp"
#include "dorm/server/token_store.hpp"

namespace dorm::server {

/// The limits every request runs within (docs/server.md, "Limits").
struct ServerLimits {
  /// Largest request body accepted; a bigger one gets 413.
  std::size_t max_body_bytes = std::size_t{1} << 20;
  /// Most rows one statement may return in a JSON (non-streamed) response; more gets 400.
  std::size_t max_rows = 100'000;
  /// How long one statement may run before it is interrupted (503); zero for no limit.
  std::chrono::milliseconds statement_time_limit{5000};
  /// How long a statement waits for another connection's write lock before 503.
  std::chrono::milliseconds busy_timeout{2000};
  /// Worker threads, each with its own database connection: at most this many requests run at
  /// once, the others wait for a free worker.
  std::size_t workers = 8;
};

/// Where and what a Server serves.
struct ServerOptions {
  std::string address = "127.0.0.1";  ///< the address to listen on ("0.0.0.0": every interface)
  int port = 8080;                     ///< the TCP port; 0 picks a free one (Server::port() tells which)
  /// The routes' common prefix: "" serves POST /query/raw, "/db" serves POST /db/query/raw. Empty
  /// or "/" followed by [A-Za-z0-9_./-] without a trailing "/".
  std::string prefix{};
  /// The database file served at {prefix}/query/raw and /query (created when missing); empty
  /// for none.
  std::filesystem::path database{};
  /// With a folder, {prefix}/t/{tenant}/query/raw and /query serve each tenant's database
  /// through a dorm::Pool with these options: created and migrated (`migrate`) on first use,
  /// names checked as the Pool checks them (400 otherwise), mirrored when the hooks mirror
  /// (dorm::mirror_pool). Its `open.busy_timeout` is replaced by limits.busy_timeout.
  PoolOptions pool{};
  ServerLimits limits{};
  /// The tokens a request must carry in its Authorization header (docs/server.md, "Security
  /// model"): a missing or unknown one gets 401, SQL beyond the token's rights 403. Without
  /// tokens the server refuses to start, unless `unauthenticated` is set.
  std::optional<TokenStore> tokens{};
  /// Serves every request without a token, with these rights: for trying the server on one's
  /// own machine, so accepted only with a loopback `address` (127.0.0.1, ::1, localhost) and
  /// no `tokens`.
  std::optional<Rights> unauthenticated{};
  /// Receives one line per request (method, path, status, rows, duration; never a token nor a
  /// bound value). Writes to stderr unless replaced; an empty function logs nothing.
  std::function<void(const std::string& line)> log = default_log;

  /// Writes `line` and a newline to stderr.
  static void default_log(const std::string& line);
};

}  // namespace dorm::server
