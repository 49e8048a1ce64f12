// expect: std::optional<std::__cxx11::basic_string<char> >.*to non-scalar type 'std::string'
// After a LEFT JOIN the joined table's columns may be NULL, so they read as std::optional:
// taking one as a plain std::string must not compile.
#include <string>

#include "blog/models.hpp"

void left_joined_column_read_as_non_optional(dorm::Database& db) {
  using blog::posts;
  using blog::users;
  for (const auto& row : db.select<blog::User>()
                             .left_join<blog::Post>(posts.author_id == users.id)
                             .columns(users.name, posts.title)
                             .all()) {
    std::string name = std::get<0>(row);
    std::optional<std::string> title = std::get<1>(row);
    (void)name;
    (void)title;
#ifdef DORM_EXPECT_COMPILE_FAILURE
    std::string plain_title = std::get<1>(row);
    (void)plain_title;
#endif
  }
}
