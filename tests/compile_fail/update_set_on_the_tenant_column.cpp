// expect: set_may_not_assign_the_tenant_column<Column>.*\[with Column = (dorm::)?Column<tenancy::projects_org_id_column>\]
// The update builder must not move rows to another tenant: set() of the tenant column does not
// compile while the tenant scope applies; after without_tenant_scope() it does.
#include "tenancy/models.hpp"

void update_set_on_the_tenant_column(dorm::Database& db) {
  using tenancy::projects;
  (void)db.update_all<tenancy::Project>().without_tenant_scope().set(projects.org_id = "b").where(projects.id == 1).execute();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.update_all<tenancy::Project>().set(projects.org_id = "b").where(projects.id == 1).execute();
#endif
}
