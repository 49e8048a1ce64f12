// expect: tenant_scope_is_dropped_only_by_without_tenant_scope<Model>.*\[with Model = tenancy::Project\]
// A query drops its tenant conditions through without_tenant_scope() only, the one greppable
// bypass: the builder's internal tenant_unscoped() is not part of the API.
#include "tenancy/models.hpp"

void tenant_unscoped_is_not_the_api(dorm::Database& db) {
  (void)db.select<tenancy::Project>().without_tenant_scope().all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<tenancy::Project>().tenant_unscoped().all();
#endif
}
