// expect: this relation was not loaded; add it to with\(\)
// An eager row gives access to the relations its query loaded, and only those: reading
// posts.tags from a query that loaded posts.author must not compile.
#include "blog/models.hpp"

void relation_not_loaded_with_with(dorm::Database& db) {
  using blog::posts;
  for (auto post : db.select<blog::Post>().with(posts.author).all()) {
    (void)post[posts.author];
#ifdef DORM_EXPECT_COMPILE_FAILURE
    (void)post[posts.tags];
#endif
  }
}
