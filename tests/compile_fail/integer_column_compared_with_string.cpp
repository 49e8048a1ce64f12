// expect: cannot_compare_column_with_value<C, V> dorm::operator==.*\[with C = (dorm::)?Column<blog::users_age_column>; V = char ?\[3\]\]
// users.age is an INTEGER column: comparing it with text must not compile.
#include "blog/models.hpp"

void integer_column_compared_with_string(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().where(users.age == 36).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().where(users.age == "36").all();
#endif
}
