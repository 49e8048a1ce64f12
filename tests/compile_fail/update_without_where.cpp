// expect: update\(\) without where\(\) would change every row; call execute_all_rows\(\) if that is what you mean
// An UPDATE without a WHERE changes every row: execute() refuses it; execute_all_rows() says so.
#include "blog/models.hpp"

void update_without_where(dorm::Database& db) {
  using blog::users;
  (void)db.update<blog::User>().set(users.bio = std::nullopt).execute_all_rows();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.update<blog::User>().set(users.bio = std::nullopt).execute();
#endif
}
