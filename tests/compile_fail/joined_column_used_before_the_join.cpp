// expect: require_tables_in_query.*TablesUsed = dorm::type_list<blog::users_table>.*TablesInQuery = dorm::type_list<blog::posts_table>.*not in this query
// A joined table's columns are usable only after join<Other>() added the table to the query.
#include "blog/models.hpp"

void joined_column_used_before_the_join(dorm::Database& db) {
  using blog::posts;
  using blog::users;
  (void)db.select<blog::Post>().join<blog::User>(posts.author_id == users.id).where(users.name == "ann").all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::Post>().where(users.name == "ann").join<blog::User>(posts.author_id == users.id).all();
#endif
}
