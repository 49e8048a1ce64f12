// expect: sql_argument_of_another_kind<Parameter, Argument>.*Argument = (dorm::)?Column<blog::posts_views_column>
// A typed SQL function takes columns of its C++ parameters' kinds: slug(text) of an INTEGER
// column must not compile.
#include <string>
#include <string_view>

#include "blog/models.hpp"

inline constexpr auto slug = dorm::scalar_function<"slug">([](std::string_view text) { return std::string(text); });

void sql_function_on_an_integer_column(dorm::Database& db) {
  using blog::posts;
  (void)db.select<blog::Post>().columns(slug(posts.title)).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::Post>().columns(slug(posts.views)).all();
#endif
}
