// expect: a factory takes relations of its own model
// for_parent() on factory<Post>() sets a parent of posts: comments.author, a relation of
// comments, must not compile even though its target (users) is right.
#include "blog/models.hpp"

void factory_for_parent_with_a_relation_of_another_model() {
  (void)dorm::factory<blog::Post>().for_parent(blog::posts.author, dorm::factory<blog::User>());
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)dorm::factory<blog::Post>().for_parent(blog::comments.author, dorm::factory<blog::User>());
#endif
}
