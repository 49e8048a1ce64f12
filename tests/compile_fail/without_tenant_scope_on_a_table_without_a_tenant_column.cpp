// expect: require_tenant_scoped_query.*without_tenant_scope\(\) needs a query over \(or joining\) a table with a tenant column
// without_tenant_scope() on a query that applies no tenant condition is a mistake (the wrong
// model, or a table whose schema lacks x-dorm-tenant-column): it must not compile.
#include "blog/models.hpp"

void without_tenant_scope_on_a_table_without_a_tenant_column(dorm::Database& db) {
  (void)db.select<blog::User>().all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().without_tenant_scope().all();
#endif
}
