#pragma once
// The one auth check of dorm-serve's request pipeline: who a request runs as.
#include <string_view>

#include "dorm/server/server_options.hpp"
#include "dorm/server/token.hpp"

namespace dorm::server {

/// Throws std::invalid_argument, naming the fix, when `options` give no tokens and no
/// `unauthenticated` rights, give both, or give `unauthenticated` with an address other than a
/// loopback one.
void check_auth_options(const ServerOptions& options);

/// The token a request with the `Authorization` header value `authorization` runs as: the one
/// options.tokens finds for it (TokenStore::authenticate), or, on a server without tokens, a
/// token named "unauthenticated" with options.unauthenticated rights. Throws HttpError 401 when
/// the header is missing or carries no known token.
[[nodiscard]] Token request_token(const ServerOptions& options, std::string_view authorization);

}  // namespace dorm::server
