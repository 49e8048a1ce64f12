// expect: where\(\) needs a condition
// where() takes a condition, not a bare column or value.
#include "blog/models.hpp"

void where_without_a_condition(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().where(users.age >= 18).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().where(users.age).all();
#endif
}
