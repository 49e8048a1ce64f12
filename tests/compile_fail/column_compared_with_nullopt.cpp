// expect: comparing a column with std::nullopt is never true in SQL; use is_null
// `column == std::nullopt` is never true in SQL: it must not compile.
#include "blog/models.hpp"

void column_compared_with_nullopt(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().where(users.bio.is_null()).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().where(users.bio == std::nullopt).all();
#endif
}
