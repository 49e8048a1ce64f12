// expect: has\(\) takes a has_many or has_one relation
// A factory's has() creates children through has_many/has_one; a belongs_to names a parent
// (for_parent()), so has(posts.author, ...) must not compile.
#include "blog/models.hpp"

void factory_has_through_a_belongs_to_relation() {
  (void)dorm::factory<blog::User>().has(blog::users.posts, dorm::factory<blog::Post>().count(2));
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)dorm::factory<blog::Post>().has(blog::posts.author, dorm::factory<blog::User>());
#endif
}
