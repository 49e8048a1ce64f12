// dorm::server::tenant_refusal: a tenant-bound token reaches its tenant's database and no other.
#include <catch2/catch.hpp>

#include <dorm/server/token.hpp>

using dorm::server::Rights;
using dorm::server::tenant_refusal;
using dorm::server::Token;

TEST_CASE("an unbound token reaches every tenant and the server's own database", "[server][auth]") {
  const Token token{"ops", Rights::admin, std::nullopt};
  CHECK_FALSE(tenant_refusal(token, "acme"));
  CHECK_FALSE(tenant_refusal(token, "globex"));
  CHECK_FALSE(tenant_refusal(token, std::nullopt));
}

TEST_CASE("a tenant-bound token reaches exactly its tenant, byte for byte", "[server][auth]") {
  const Token token{"acme-app", Rights::read_write, std::string("acme")};
  CHECK_FALSE(tenant_refusal(token, "acme"));
  for (const char* other : {"globex", "ACME", "Acme", "acme/", "acme ", " acme", "%61cme", "acme%00", "..", "acme/..",
                            "acm", "acmee", ""}) {
    INFO(other);
    CHECK(tenant_refusal(token, other) == "token 'acme-app' is bound to tenant 'acme' and cannot reach another tenant");
  }
}

TEST_CASE("a tenant-bound token cannot reach the server's database outside the tenant routes", "[server][auth]") {
  const Token token{"acme-app", Rights::read_only, std::string("acme")};
  CHECK(tenant_refusal(token, std::nullopt) ==
        "token 'acme-app' is bound to tenant 'acme' and reaches only its routes (/t/acme/...)");
}
