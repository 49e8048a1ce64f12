// expect: column_not_in_the_query<Column, QueryTables>.*\[with Column = (dorm::)?Column<blog::posts_id_column>; QueryTables = dorm::type_list<blog::users_table_info>\]
// A query on users cannot filter on a column of posts (that needs a join).
#include "blog/models.hpp"

void column_of_another_table_in_where(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().where(users.id == 1).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().where(blog::posts.id == 1).all();
#endif
}
