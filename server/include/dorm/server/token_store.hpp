#pragma once
// dorm-serve's tokens: loaded from a file or an environment variable (never the command line,
// where `ps` shows them), kept as SHA-256 digests, and checked in constant time.
//
// The format (docs/server.md, "Token file"): one token per line,
//
//     # name      rights      secret                                  [tenant]
//     reporting   read-only   3f9c0a6d52e14b7f8a1e2c4d6b8f0a1c
//     acme-app    read-write  sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  tenant=acme
//     ops         admin       Yk2x9QpL0vT7mN4rS8wZ1aB6cD3eF5gH
//
// fields separated by blanks; blank lines and lines starting with '#' are ignored. A name is
// 1-64 characters of [A-Za-z0-9._-], unique; rights are read-only, read-write or admin; a
// secret is 16-512 characters of [A-Za-z0-9._~+/=-], or "sha256:" and the 64 hex digits of the
// secret's SHA-256 digest (so the file need not hold the secret); no two tokens share a secret.
// "tenant=<name>" binds the token to one tenant (the name validated as dorm::Pool validates
// tenant names). In an environment variable, ';' also separates tokens.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dorm/core/error.hpp"
#include "dorm/server/token.hpp"

namespace dorm::server {

/// A token file or variable could not be used. The message starts with
/// `[dorm.server.tokens.<what>]` and names the file and line (or the variable and entry).
class TokenFileError : public Error {
 public:
  using Error::Error;
};

/// The tokens a server accepts.
class TokenStore {
 public:
  /// Reads the token file at `path`. Throws TokenFileError naming `path:line` for a bad line,
  /// when the file cannot be read, holds no token, or is readable or writable by its group or
  /// by others (the secrets would be: `chmod 600 <path>`).
  [[nodiscard]] static TokenStore from_file(const std::string& path);
  /// Reads the tokens in the environment variable `variable` (the file's format; ';' or a new
  /// line between tokens). Throws TokenFileError when it is unset, empty or has a bad entry.
  [[nodiscard]] static TokenStore from_environment(std::string_view variable);
  /// Reads tokens from `text` in the file's format; `origin` names it in errors ("tokens.txt").
  [[nodiscard]] static TokenStore parse(std::string_view text, std::string_view origin);

  /// The token an `Authorization` header value carries, or nullopt when it carries none the
  /// store knows. Accepts `Bearer <secret>` and `Basic <base64(name:secret)>` (the token's name
  /// as the user name), scheme names in any case. Compares with every stored token, each through
  /// constant_time_equal and without stopping at a match, so the time says nothing about which
  /// token matched or how close a guess was.
  [[nodiscard]] std::optional<Token> authenticate(std::string_view authorization) const;

  /// The number of tokens.
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    Token token;
    std::array<unsigned char, 32> digest{};  // SHA-256 of the secret
  };
  explicit TokenStore(std::vector<Entry> entries) : entries_(std::move(entries)) {}

  std::vector<Entry> entries_;
};

/// The value of the `WWW-Authenticate` header of a 401. Only Bearer is offered, though Basic is
/// accepted too: a Basic challenge makes a browser put its own login dialog over the data
/// explorer's login form whenever a token is refused.
inline constexpr std::string_view www_authenticate = "Bearer realm=\"dorm-serve\"";

}  // namespace dorm::server
