// expect: require_in_values.*Column = blog::users_id_column.*in\(\) needs values of the column's kind
// An IN list of strings on an INTEGER column must not compile.
#include <string>
#include <vector>

#include "blog/models.hpp"

void in_list_of_the_wrong_type(dorm::Database& db) {
  using blog::users;
  (void)db.select<blog::User>().where(users.id.in(std::vector<std::int64_t>{1, 2})).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().where(users.id.in(std::vector<std::string>{"1", "2"})).all();
#endif
}
