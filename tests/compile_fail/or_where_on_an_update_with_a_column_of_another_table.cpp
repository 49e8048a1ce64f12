// expect: require_tables_in_query.*TablesUsed = dorm::type_list<blog::posts_table>.*TablesInQuery = dorm::type_list<blog::users_table>.*not in this query
// The UPDATE builder's or_where() takes conditions on the updated table only, as its where() does.
#include "blog/models.hpp"

void or_where_on_an_update_with_a_column_of_another_table(dorm::Database& db) {
  using blog::users;
  (void)db.update<blog::User>().set(users.bio = "x").where(users.id == 1).or_where(users.id == 2).execute();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.update<blog::User>().set(users.bio = "x").where(users.id == 1).or_where(blog::posts.id == 2).execute();
#endif
}
