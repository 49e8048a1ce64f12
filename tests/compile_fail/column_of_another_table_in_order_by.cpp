// expect: require_tables_in_query.*TablesUsed = dorm::type_list<blog::posts_table>.*not in this query
// Ordering users by a column of posts must not compile.
#include "blog/models.hpp"

void column_of_another_table_in_order_by(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().order_by(users.name.desc()).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().order_by(blog::posts.title.desc()).all();
#endif
}
