// A FilteredSelect (dorm/query/filtered_select.hpp) runs through the executor, so the tenant
// scope applies to it as to db.select<M>(): a filter on the tenant column cannot reach another
// tenant, no scope is an error before any statement runs, and without_tenant_scope() bypasses it.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <dorm/dorm.hpp>
#include <dorm/query/filtered_select.hpp>

#include "tenancy_support.hpp"

using tenancy::Project;
using tenancy::projects;
using tenancy_test::TwoTenants;

TEST_CASE("a filtered select sees only the active tenant's rows, even filtering on the tenant column", "[tenant_scope][tenant][filtered_select]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  auto q = dorm::filtered(t.db.select<Project>());
  CHECK(q.count() == 2);
  q.order_by(projects.budget, true);
  REQUIRE(q.all().size() == 2);
  CHECK(q.all().front().code == "A-1");
  auto other = dorm::filtered(t.db.select<Project>());
  other.where_equal(projects.org_id, std::string("globex"));
  CHECK(other.count() == 0);
  CHECK(other.all().empty());
  CHECK(other.paginate(1, 10).total == 0);
  auto by_code = dorm::filtered(t.db.select<Project>());
  by_code.where_equal(projects.code, std::string("B-1"));
  CHECK(by_code.count() == 0);
}

TEST_CASE("a filtered select of a tenant table without a tenant scope is refused, and bypassed explicitly", "[tenant_scope][tenant][filtered_select]") {
  TwoTenants t;
  auto q = dorm::filtered(t.db.select<Project>());
  q.where_equal(projects.code, std::string("B-1"));
  CHECK_THROWS_AS(q.count(), dorm::TenantScopeError);
  CHECK(dorm::without_tenant_scope([&] { return q.count(); }) == 1);
  const auto rows = dorm::without_tenant_scope([&] { return q.all(); });
  REQUIRE(rows.size() == 1);
  CHECK(rows.front().org_id == "globex");
  dorm::TenantScope scope{"globex"};
  CHECK(q.count() == 1);
}
