// expect: require_comparable.*Column = blog::users_name_column.*ColumnType = std::(__cxx11::)?basic_string<char>.*Value = int.*cannot compare
// users.name is TEXT: `users.name > 3` must not compile.
#include "blog/models.hpp"

void text_column_compared_with_number(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().where(users.name > "M").all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().where(users.name > 3).all();
#endif
}
