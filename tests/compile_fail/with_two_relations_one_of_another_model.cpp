// expect: with_relation_of_another_model<Relation, Model>.*\[with Relation = blog::users_posts_relation; Model = blog::Post\]
// with() of several relations checks each of them: a relation of another model (users.posts
// on select<Post>()) must not compile.
#include "blog/models.hpp"

void with_two_relations_one_of_another_model(dorm::Database& db) {
  using blog::posts;
  using blog::users;
  (void)db.select<blog::Post>().with(posts.author, posts.comments).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::Post>().with(posts.author, users.posts).all();
#endif
}
