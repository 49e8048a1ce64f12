#pragma once
// add_rest_routes<M...>(server): the typed REST routes of generated models on a Server
// (docs/server.md, "Typed REST routes"), opt-in from C++:
//
//   dorm::server::Server server(options);
//   dorm::server::add_rest_routes<blog::User, blog::Post>(server);
//   server.start();
#include <memory>

#include "dorm/core/model.hpp"
#include "dorm/server/rest_table.hpp"
#include "dorm/server/server.hpp"

namespace dorm::server {

/// Serves GET/POST {prefix}/api/{table} and GET/PATCH/DELETE {prefix}/api/{table}/{key} for each
/// model `M` (and under {prefix}/t/{tenant}/ with a pool folder). Call before start() or run().
template <Model... M>
void add_rest_routes(Server& server) {
  (server.add_rest_table(std::make_shared<const RestTableOf<M>>()), ...);
}

}  // namespace dorm::server
