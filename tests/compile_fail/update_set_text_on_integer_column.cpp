// expect: cannot_assign_value_to_column<Self, V>.*operator=.*\[with V = char ?\[3\]; Self = (dorm::)?Column<blog::users_age_column>\]
// users.age is an INTEGER column: setting it to text must not compile.
#include "blog/models.hpp"

void update_set_text_on_integer_column(dorm::Database& db) {
  using blog::users;
  (void)db.update_all<blog::User>().set(users.age = 36).where(users.id == 1).execute();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.update_all<blog::User>().set(users.age = "36").where(users.id == 1).execute();
#endif
}
