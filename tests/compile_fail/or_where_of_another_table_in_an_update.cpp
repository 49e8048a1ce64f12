// expect: column_not_in_the_query<Column, QueryTables>.*\[with Column = (dorm::)?Column<blog::posts_id_column>; QueryTables = dorm::type_list<blog::users_table_info>\]
// The UPDATE builder's or_where() takes conditions on the updated table only, as its where() does.
#include "blog/models.hpp"

void or_where_of_another_table_in_an_update(dorm::Database& db) {
  using blog::users;
  (void)db.update_all<blog::User>().set(users.bio = "x").where(users.id == 1).or_where(users.id == 2).execute();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.update_all<blog::User>().set(users.bio = "x").where(users.id == 1).or_where(blog::posts.id == 2).execute();
#endif
}
