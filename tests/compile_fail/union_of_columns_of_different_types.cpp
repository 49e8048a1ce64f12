// expect: set_operation_column_types_differ<Column, Left, Right>::set_operation_column_types_differ\(\) \[with (long )?(unsigned int|long unsigned int|std::size_t) Column = 2; Left = std::(__cxx11::)?basic_string<char>; Right = long int\]
// A set operation reads one row type: the second columns (TEXT title, INTEGER views) differ.
#include "blog/models.hpp"

void union_of_columns_of_different_types(dorm::Database& db) {
  using blog::posts;
  auto titles = db.select<blog::Post>().columns(posts.id, posts.title);
  (void)dorm::union_all(titles, db.select<blog::Post>().columns(posts.author_id, posts.body)).all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)dorm::union_all(titles, db.select<blog::Post>().columns(posts.id, posts.views)).all();
#endif
}
