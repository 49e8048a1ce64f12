// dorm::TenantScope itself: the per-thread current tenant, nesting, the bypass region and its
// RAII form, restoring on exceptions, threads with different scopes at once, and the errors.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <dorm/dorm.hpp>

#include "tenancy_support.hpp"

using tenancy::Project;
using tenancy::projects;
using tenancy_test::TwoTenants;

namespace {

std::string tenant_text() {
  const dorm::TenantId* t = dorm::current_tenant();
  return t == nullptr ? "<none>" : t->to_string();
}

}  // namespace

TEST_CASE("without a TenantScope a thread has no current tenant and no bypass", "[tenant_scope][tenant][scope]") {
  CHECK(dorm::current_tenant() == nullptr);
  CHECK_FALSE(dorm::tenant_scope_bypassed());
}

TEST_CASE("a TenantScope sets the current tenant until the end of its block", "[tenant_scope][tenant][scope]") {
  {
    dorm::TenantScope scope{"acme"};
    REQUIRE(dorm::current_tenant() != nullptr);
    CHECK(dorm::current_tenant()->is_text());
    CHECK(dorm::current_tenant()->text() == "acme");
    CHECK(scope.tenant() == dorm::TenantId("acme"));
  }
  CHECK(dorm::current_tenant() == nullptr);
}

TEST_CASE("a TenantScope holds an integer or a text tenant", "[tenant_scope][tenant][scope]") {
  dorm::TenantScope integer{std::int64_t{42}};
  CHECK(dorm::current_tenant()->is_integer());
  CHECK(dorm::current_tenant()->integer() == 42);
  CHECK(tenant_text() == "42");
  dorm::TenantScope zero{0};  // not ambiguous with a null pointer
  CHECK(dorm::current_tenant()->integer() == 0);
  dorm::TenantScope text{std::string("globex")};
  CHECK(tenant_text() == "\"globex\"");
}

TEST_CASE("nested TenantScopes restore the outer tenant when they end", "[tenant_scope][tenant][scope]") {
  dorm::TenantScope outer{"acme"};
  {
    dorm::TenantScope inner{"globex"};
    CHECK(tenant_text() == "\"globex\"");
    {
      dorm::TenantScope innermost{std::int64_t{7}};
      CHECK(tenant_text() == "7");
    }
    CHECK(tenant_text() == "\"globex\"");
  }
  CHECK(tenant_text() == "\"acme\"");
}

TEST_CASE("without_tenant_scope bypasses for the region and returns what the function returns", "[tenant_scope][tenant][bypass]") {
  dorm::TenantScope scope{"acme"};
  const int result = dorm::without_tenant_scope([] {
    CHECK(dorm::tenant_scope_bypassed());
    CHECK(tenant_text() == "\"acme\"");  // the enclosing scope's tenant is still readable
    return 7;
  });
  CHECK(result == 7);
  CHECK_FALSE(dorm::tenant_scope_bypassed());
  CHECK(tenant_text() == "\"acme\"");
}

TEST_CASE("an exception leaving a bypass region or a scope restores the previous state", "[tenant_scope][tenant][bypass]") {
  dorm::TenantScope scope{"acme"};
  CHECK_THROWS_AS(dorm::without_tenant_scope([]() -> void { throw std::runtime_error("boom"); }), std::runtime_error);
  CHECK_FALSE(dorm::tenant_scope_bypassed());
  try {
    dorm::TenantScope inner{"globex"};
    dorm::TenantScopeBypass bypass;
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  CHECK_FALSE(dorm::tenant_scope_bypassed());
  CHECK(tenant_text() == "\"acme\"");
}

TEST_CASE("a TenantScope opened inside a bypass region scopes again until it ends", "[tenant_scope][tenant][bypass]") {
  TwoTenants t;
  dorm::without_tenant_scope([&] {
    CHECK(t.db.select<Project>().count() == 3);
    for (std::string_view org : {tenancy_test::acme, tenancy_test::globex}) {
      dorm::TenantScope scope{org};
      CHECK_FALSE(dorm::tenant_scope_bypassed());
      for (const auto& p : t.db.select<Project>().all()) CHECK(p.org_id == org);
    }
    CHECK(dorm::tenant_scope_bypassed());
    CHECK(t.db.select<Project>().count() == 3);
  });
}

TEST_CASE("a TenantScopeBypass bypasses until the end of its block", "[tenant_scope][tenant][bypass]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  {
    dorm::TenantScopeBypass bypass;
    CHECK(t.db.select<Project>().count() == 3);
  }
  CHECK(t.db.select<Project>().count() == 2);
}

TEST_CASE("threads with different tenant scopes at once each see only their tenant's rows", "[tenant_scope][tenant][threads]") {
  const auto path = std::filesystem::temp_directory_path() / "dorm_tenant_scope_threads.db";
  std::filesystem::remove(path);
  {
    auto db = dorm::Database::open(path.string());
    tenancy::migrate(db);
    dorm::without_tenant_scope([&] {
      for (int i = 0; i < 20; ++i) {
        auto a = tenancy_test::make_project(tenancy_test::acme, "A-" + std::to_string(i), i);
        auto b = tenancy_test::make_project(tenancy_test::globex, "B-" + std::to_string(i), i);
        db.insert(a);
        db.insert(b);
      }
    });
  }
  std::latch start(2);
  std::vector<std::string> failures(2);
  auto work = [&](int index, std::string_view org) {
    auto db = dorm::Database::open(path.string());
    dorm::TenantScope scope{org};
    start.arrive_and_wait();  // both scopes are open before either thread queries
    for (int round = 0; round < 50; ++round) {
      const auto rows = db.select<Project>().all();
      if (rows.size() != 20) failures[index] = "saw " + std::to_string(rows.size()) + " rows";
      for (const auto& p : rows) {
        if (p.org_id != org) failures[index] = "saw a row of " + p.org_id;
      }
      if (dorm::current_tenant()->text() != org) failures[index] = "lost its scope";
    }
  };
  std::thread a(work, 0, tenancy_test::acme);
  std::thread b(work, 1, tenancy_test::globex);
  a.join();
  b.join();
  CHECK(failures[0].empty());
  CHECK(failures[1].empty());
  CHECK(dorm::current_tenant() == nullptr);  // the threads' scopes never reached this one
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

TEST_CASE("a query of a tenant table without a scope names the table and both ways out", "[tenant_scope][tenant][errors]") {
  TwoTenants t;
  try {
    (void)t.db.select<Project>().all();
    FAIL("no TenantScopeError");
  } catch (const dorm::TenantScopeError& e) {
    CHECK(std::string(e.what()) ==
          "[dorm.tenant.no_scope] query on table 'projects' needs a tenant scope: open a dorm::TenantScope, or "
          "bypass with dorm::without_tenant_scope");
  }
}

TEST_CASE("a scope of the wrong kind for a table's tenant column is an error at the query", "[tenant_scope][tenant][errors]") {
  TwoTenants t;
  {
    dorm::TenantScope scope{std::int64_t{1}};
    try {
      (void)t.db.select<Project>().count();
      FAIL("no TenantScopeError");
    } catch (const dorm::TenantScopeError& e) {
      CHECK(std::string(e.what()) ==
            "[dorm.tenant.value_kind] table 'projects' has a text tenant column 'org_id', but the active "
            "dorm::TenantScope holds the integer 1");
    }
    CHECK(t.db.select<tenancy::Counter>().count() == 1);  // right for counters.team_id
  }
  dorm::TenantScope scope{"acme"};
  CHECK_THROWS_WITH(t.db.select<tenancy::Counter>().count(),
                    "[dorm.tenant.value_kind] table 'counters' has an integer tenant column 'team_id', but the "
                    "active dorm::TenantScope holds the text \"acme\"");
  tenancy::Counter c{0, 1, "x", 0};
  CHECK_THROWS_AS(t.db.insert(c), dorm::TenantScopeError);
}

TEST_CASE("TenantScopeError is a dorm::Error", "[tenant_scope][tenant][errors]") {
  TwoTenants t;
  CHECK_THROWS_AS(t.db.select<Project>().count(), dorm::Error);
}
