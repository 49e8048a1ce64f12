#pragma once
// The HTTP side of the typed REST routes (docs/server.md, "Typed REST routes"): httplib routes
// that run a RestTable's handlers through the request pipeline of /query/raw (token, tenant
// binding, rights, the request's guarded connection, the time limit) and turn their results
// and refusals into responses.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "database_slots.hpp"
#include "dorm/server/server_options.hpp"
#include "dorm/tenancy/pool.hpp"

namespace httplib {
class Server;
struct Request;
}  // namespace httplib

namespace dorm::server {

class RestTable;

/// What the REST routes need from the Server: where they are, who may call them, which
/// databases they reach, and the request log. The pointers outlive the routes (the Server's).
struct RestRouteContext {
  std::string prefix;                       ///< the routes' prefix as a regular expression
  const ServerOptions* options = nullptr;   ///< tokens, limits
  DatabaseSlots* slots = nullptr;           ///< the single database; routes {prefix}/api/... when served
  Pool* pool = nullptr;                     ///< the tenants' databases; routes {prefix}/t/{tenant}/api/... when set
  /// Logs one answered request (method, path, status, rows, duration).
  std::function<void(const httplib::Request&, int status, std::int64_t rows, std::chrono::steady_clock::time_point)> log;
};

/// Registers the routes of `table` on `http`: GET and POST {prefix}/api/{table}, GET, PATCH and
/// DELETE {prefix}/api/{table}/{key} on the single database (when served) and the same under
/// {prefix}/t/{tenant}/ on the pool's (when there is one).
void add_rest_table_routes(httplib::Server& http, std::shared_ptr<const RestTable> table, const RestRouteContext& context);

}  // namespace dorm::server
