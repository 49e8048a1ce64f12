// expect: null_check_on_a_not_null_column<Column>.*\[with Column = dorm::IsNull<(dorm::)?Column<blog::users_email_column> ?>\]
// The DELETE builder's where_null() obeys the rule select's does: a NOT NULL column is never NULL.
#include "blog/models.hpp"

void where_null_on_a_not_null_column_in_a_delete(dorm::Database& db) {
  using blog::users;
  (void)db.remove_all<blog::User>().where_null(users.bio).execute();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.remove_all<blog::User>().where_null(users.email).execute();
#endif
}
