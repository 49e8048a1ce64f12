// expect: tenant_unscoped.*(private|protected)|(private|protected).*tenant_unscoped
// A query drops its tenant conditions through without_tenant_scope() only, the one greppable
// bypass: the builder's internal tenant_unscoped() is not part of the API.
#include "tenancy/models.hpp"

void select_tenant_unscoped_is_private(dorm::Database& db) {
  (void)db.select<tenancy::Project>().without_tenant_scope().all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<tenancy::Project>().tenant_unscoped().all();
#endif
}
