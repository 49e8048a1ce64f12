#pragma once
// Who a request's credentials belong to, once TokenStore::authenticate accepted them.
#include <optional>
#include <string>
#include <string_view>

#include "dorm/server/rights.hpp"

namespace dorm::server {

/// An authenticated token: its name (for logs; never the secret, which the store keeps only as
/// a digest), its rights, and the one tenant it is bound to, if any.
struct Token {
  std::string name;
  Rights rights = Rights::read_only;
  std::optional<std::string> tenant;  ///< bound: may reach this tenant's database and no other
};

/// Why `token` may not reach `tenant` (nullopt for the server's own database, outside the
/// tenant routes), or nullopt when it may. A token bound to a tenant reaches exactly that
/// tenant's database: the names are compared byte for byte, after the server decoded and
/// validated the path's name as dorm::Pool does, so "ACME", "acme/", "%61cme" or ".." never
/// match "acme". An unbound token reaches every tenant.
[[nodiscard]] std::optional<std::string> tenant_refusal(const Token& token, std::optional<std::string_view> tenant);

}  // namespace dorm::server
