// expect: sql_function_called_with_arguments_it_does_not_take<.*Column<blog::posts_views_column>
// A typed SQL function takes columns of its C++ parameters' kinds: slug(text) of an INTEGER
// column must not compile.
#include <string>
#include <string_view>

#include "blog/models.hpp"

namespace {
inline constexpr auto slug = dorm::scalar_function<"slug">([](std::string_view text) { return std::string(text); });
}

void sql_function_called_with_a_column_of_another_kind(dorm::Database& db) {
  using blog::posts;
  (void)db.select<blog::Post>().columns(slug(posts.title)).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::Post>().columns(slug(posts.views)).all();
#endif
}
