// expect: require_numeric_column.*Column = blog::posts_title_column.*need a numeric \(INTEGER or REAL\) column
// sum() and avg() add numbers: over a TEXT column they must not compile.
#include "blog/models.hpp"

void sum_over_a_text_column(dorm::Database& db) {
  using blog::posts;
  (void)db.select<blog::Post>().columns(dorm::sum(posts.views), dorm::max(posts.title)).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::Post>().columns(dorm::sum(posts.title)).all();
#endif
}
