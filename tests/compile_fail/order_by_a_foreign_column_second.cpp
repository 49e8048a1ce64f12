// expect: column_not_in_the_query<Column, QueryTables>.*\[with Column = (dorm::)?Column<blog::posts_title_column>; QueryTables = dorm::type_list<blog::users_table_info>\]
// order_by() with several terms checks each of them: a column of a table the query does not
// select from must not compile.
#include "blog/models.hpp"

void order_by_a_foreign_column_second(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().order_by(users.name, users.age.desc()).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  using blog::posts;
  (void)db.select<blog::User>().order_by(users.name, posts.title.desc()).all();
#endif
}
