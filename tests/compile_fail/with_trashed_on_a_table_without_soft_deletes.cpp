// expect: require_soft_deletes.*Model = blog::User.*need a table with soft deletes; add "x-dorm-soft-delete": true
// with_trashed() on a table without soft deletes has no trashed rows to show: it must not compile.
#include "blog/models.hpp"

void with_trashed_on_a_table_without_soft_deletes(dorm::Database& db) {
  (void)db.select<blog::User>().all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().with_trashed().all();
#endif
}
