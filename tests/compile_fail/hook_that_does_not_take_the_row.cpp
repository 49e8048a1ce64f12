// expect: hook_takes_the_row<Model, Hook>.*\[with Model = blog::User; Hook = .*lambda\(const blog::Post&\)>\]
// A hook is called with the row being written; one that cannot take it must not compile.
#include "blog/models.hpp"

void hook_that_does_not_take_the_row() {
  auto ok = dorm::hooks<blog::User>().on(dorm::Event::creating, [](blog::User&) {});
#ifdef DORM_EXPECT_COMPILE_FAILURE
  auto bad = dorm::hooks<blog::User>().on(dorm::Event::creating, [](const blog::Post&) {});
#endif
}
