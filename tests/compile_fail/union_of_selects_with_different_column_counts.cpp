// expect: set_operation_column_counts_differ<Left, Right>::set_operation_column_counts_differ\(\) \[with (long )?(unsigned int|long unsigned int|std::size_t) Left = 2; (long )?(unsigned int|long unsigned int|std::size_t) Right = 1\]
// A set operation reads one row type: two columns on the left, one on the right.
#include "blog/models.hpp"

void union_of_selects_with_different_column_counts(dorm::Database& db) {
  using blog::posts;
  auto titles = db.select<blog::Post>().columns(posts.id, posts.title);
  (void)dorm::except(titles, db.select<blog::Post>().columns(posts.id, posts.body)).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)dorm::except(titles, db.select<blog::Post>().columns(posts.id)).all();
#endif
}
