// expect: null_check_on_a_not_null_column<Column>.*\[with Column = dorm::IsNull<(dorm::)?Column<blog::users_email_column> ?>\]
// is_null() on a NOT NULL column is always false: it must not compile.
#include "blog/models.hpp"

void is_null_on_not_null_column(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().where(users.bio.is_null()).count();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().where(users.email.is_null()).count();
#endif
}
