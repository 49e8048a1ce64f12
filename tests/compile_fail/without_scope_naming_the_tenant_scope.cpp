// expect: require_not_tenant_scope.*Scope = dorm::TenantScopeOf<tenancy::Project>.*without_scope<S>\(\) cannot drop the tenant scope
// The tenant scope has one greppable bypass, without_tenant_scope(): without_scope<S>() naming
// it must not compile.
#include "tenancy/models.hpp"

void without_scope_naming_the_tenant_scope(dorm::Database& db) {
  (void)db.select<tenancy::Project>().without_tenant_scope().all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<tenancy::Project>().without_scope<dorm::TenantScopeOf<tenancy::Project>>().all();
#endif
}
