// expect: with\(\) takes relations of the selected model
// with() on select<Post>() loads relations of posts: a relation of users must not compile.
#include "blog/models.hpp"

void relation_of_another_model_in_with(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().with(users.posts).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::Post>().with(users.posts).all();
#endif
}
