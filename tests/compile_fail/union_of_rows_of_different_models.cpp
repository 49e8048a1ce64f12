// expect: set_operation_of_selects_of_different_rows<Left, Right>::set_operation_of_selects_of_different_rows\(\) \[with Left = blog::User; Right = blog::Post\]
// A set operation of whole rows takes rows of one model.
#include "blog/models.hpp"

void union_of_rows_of_different_models(dorm::Database& db) {
  (void)dorm::union_(db.select<blog::User>(), db.select<blog::User>()).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)dorm::union_(db.select<blog::User>(), db.select<blog::Post>()).all();
#endif
}
