// expect: update_without_where_would_change_every_row<Model>.*\[with Model = blog::User\]
// An UPDATE without a WHERE changes every row: execute() refuses it; execute_all_rows() says so.
#include "blog/models.hpp"

void update_without_where(dorm::Database& db) {
  using blog::users;
  (void)db.update_all<blog::User>().set(users.bio = std::nullopt).execute_all_rows();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.update_all<blog::User>().set(users.bio = std::nullopt).execute();
#endif
}
