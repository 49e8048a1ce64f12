// What a generated table type describes about itself, as types the runtime folds over: its
// primary key's columns (row writes find a row by them).
#include <catch2/catch.hpp>

#include <type_traits>

#include "blog/models.hpp"

TEST_CASE("a generated table lists its primary key columns in key order", "[runtime]") {
  STATIC_REQUIRE(std::is_same_v<blog::users_table::primary_key, dorm::type_list<blog::users_id_column>>);
  STATIC_REQUIRE(std::is_same_v<blog::posts_tags_table::primary_key,
                                dorm::type_list<blog::posts_tags_post_id_column, blog::posts_tags_tag_id_column>>);
}
