// expect: dorm: a hook returns bool \(false cancels the write\) or void
// A before-hook cancels by returning false; any other return type is a mistake: it must not compile.
#include "blog/models.hpp"

void hook_that_returns_neither_bool_nor_void() {
  auto ok = dorm::hooks<blog::User>().on(dorm::Event::creating, [](blog::User&) { return true; });
#ifdef DORM_EXPECT_COMPILE_FAILURE
  auto bad = dorm::hooks<blog::User>().on(dorm::Event::creating, [](blog::User&) { return 1; });
#endif
}
