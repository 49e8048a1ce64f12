// expect: like_needs_a_text_column<Column, Pattern>.*\[with Column = (dorm::)?Column<blog::posts_views_column>; Pattern = char ?\[3\]\]
// like() is for text: on an INTEGER column it must not compile.
#include "blog/models.hpp"

void like_on_integer_column(dorm::Database& db) {
  using blog::posts;
  (void)db.select<blog::Post>().where(posts.title.like("A%")).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::Post>().where(posts.views.like("1%")).all();
#endif
}
