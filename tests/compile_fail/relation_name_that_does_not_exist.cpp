// expect: has no member named 'nonexistent'
// with() names relations as members of the table object: a relation the schema does not
// declare is a compile error, not a runtime lookup.
#include "blog/models.hpp"

void relation_name_that_does_not_exist(dorm::Database& db) {
  using blog::posts;
  (void)db.select<blog::Post>().with(posts.author).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::Post>().with(posts.nonexistent).all();
#endif
}
