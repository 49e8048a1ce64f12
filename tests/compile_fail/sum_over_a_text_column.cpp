// expect: sum_and_avg_need_a_numeric_column<C> dorm::sum.*\[with C = (dorm::)?Column<blog::posts_title_column>\]
// sum() and avg() add numbers: over a TEXT column they must not compile.
#include "blog/models.hpp"

void sum_over_a_text_column(dorm::Database& db) {
  using blog::posts;
  (void)db.select<blog::Post>().columns(dorm::sum(posts.views), dorm::max(posts.title)).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::Post>().columns(dorm::sum(posts.title)).all();
#endif
}
