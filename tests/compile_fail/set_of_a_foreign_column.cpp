// expect: set_assigns_a_column_of_another_table<Column, UpdatedTable>.*\[with Column = (dorm::)?Column<blog::posts_views_column>; UpdatedTable = blog::users_table_info\]
// set() with several assignments checks each of them: a column of another table than the
// updated one must not compile.
#include "blog/models.hpp"

void set_of_a_foreign_column(dorm::Database& db) {
  using blog::users;
  (void)db.update_all<blog::User>().set(users.name = "Ann", users.age = 36).where(users.id == 1).execute();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  using blog::posts;
  (void)db.update_all<blog::User>().set(users.name = "Ann", posts.views = 3).where(users.id == 1).execute();
#endif
}
