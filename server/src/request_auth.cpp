#include "dorm/server/request_auth.hpp"

#include <stdexcept>
#include <string>

#include "dorm/server/http_error.hpp"

namespace dorm::server {

namespace {

bool loopback(const std::string& address) {
  return address == "localhost" || address == "::1" || address == "[::1]" || address.rfind("127.", 0) == 0;
}

}  // namespace

void check_auth_options(const ServerOptions& options) {
  if (options.tokens && options.unauthenticated) {
    throw std::invalid_argument("give tokens or unauthenticated rights, not both (ServerOptions::tokens, "
                                "ServerOptions::unauthenticated)");
  }
  if (!options.tokens && !options.unauthenticated) {
    throw std::invalid_argument("no tokens: give ServerOptions::tokens (dorm-serve: --tokens-file PATH, or the "
                                "environment variable DORM_SERVE_TOKENS); to serve without tokens on this machine only, "
                                "set ServerOptions::unauthenticated (dorm-serve: --unauthenticated RIGHTS)");
  }
  if (options.unauthenticated && !loopback(options.address)) {
    throw std::invalid_argument("serving without tokens is only for a loopback address (127.0.0.1, ::1, localhost), not '" +
                                options.address + "'; give tokens to listen there");
  }
}

Token request_token(const ServerOptions& options, std::string_view authorization) {
  if (!options.tokens) return Token{"unauthenticated", *options.unauthenticated, std::nullopt};
  if (authorization.empty()) {
    throw HttpError(401, "this server needs a token: send 'Authorization: Bearer <token>' (or Basic with the "
                         "token's name and secret)");
  }
  if (auto token = options.tokens->authenticate(authorization)) return std::move(*token);
  throw HttpError(401, "the Authorization header carries no token this server knows");
}

}  // namespace dorm::server
