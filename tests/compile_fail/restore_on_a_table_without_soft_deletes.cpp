// expect: dorm: restore\(\) needs a table with soft deletes
// restore() undoes a soft delete; a table without deleted_at has none to undo: it must not compile.
#include "blog/models.hpp"

void restore_on_a_table_without_soft_deletes(dorm::Database& db, blog::User& user) {
  (void)db.remove(user);
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.restore(user);
#endif
}
