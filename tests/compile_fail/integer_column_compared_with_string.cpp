// expect: require_comparable.*Column = blog::users_age_column.*ColumnType = std::optional<long int>.*Value = char ?\[3\].*cannot compare this column with a value of this type
// users.age is an INTEGER column: comparing it with text must not compile.
#include "blog/models.hpp"

void integer_column_compared_with_string(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().where(users.age == 36).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().where(users.age == "36").all();
#endif
}
