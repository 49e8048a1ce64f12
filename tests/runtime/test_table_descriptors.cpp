// What a generated table type describes about itself, as data the runtime folds over (issue 15
// item 6): its columns in table order, its primary key's columns in key order (row writes find a
// row by them), its rowid key, and per column the names the library derives from the descriptor.
#include <catch2/catch.hpp>

#include <string>
#include <type_traits>

#include "blog/models.hpp"

TEST_CASE("a generated table lists its primary key columns in key order", "[runtime]") {
  STATIC_REQUIRE(std::is_same_v<dorm::table_of<blog::User>::primary_key, dorm::type_list<dorm::Column<blog::users_id_column>>>);
  STATIC_REQUIRE(std::is_same_v<dorm::table_of<blog::PostsTag>::primary_key,
                                dorm::type_list<dorm::Column<blog::posts_tags_post_id_column>,
                                                dorm::Column<blog::posts_tags_tag_id_column>>>);
}

TEST_CASE("a generated table lists every column in table order and names its rowid key", "[runtime]") {
  using tags = dorm::table_of<blog::Tag>;
  STATIC_REQUIRE(std::is_same_v<tags::columns, dorm::type_list<dorm::Column<blog::tags_id_column>, dorm::Column<blog::tags_name_column>,
                                                               dorm::Column<blog::tags_color_column>>>);
  STATIC_REQUIRE(std::is_same_v<tags::rowid_key, dorm::Column<blog::tags_id_column>>);
  STATIC_REQUIRE_FALSE(dorm::detail::rowid_table<dorm::table_of<blog::PostsTag>>);
}

TEST_CASE("the table object is the one table type: its members are the columns and relations", "[runtime]") {
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(blog::tags)>, blog::tags_table>);
  STATIC_REQUIRE(std::is_base_of_v<dorm::table_of<blog::Tag>, blog::tags_table>);
  // tags.name is the column, though the table's SQL name is `name` of its base too.
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(blog::tags.name)>, dorm::Column<blog::tags_name_column>>);
  CHECK(dorm::table_of<blog::Tag>::name == "tags");
  CHECK(blog::tags.name.name == "name");
}

TEST_CASE("a column descriptor's quoted and qualified names come from its SQL name", "[runtime]") {
  CHECK(blog::users_created_at_column::name == "created_at");
  CHECK(blog::users_created_at_column::quoted_name == R"("created_at")");
  CHECK(blog::users_created_at_column::qualified_name == R"("users"."created_at")");
  STATIC_REQUIRE(std::is_same_v<blog::users_age_column::value_type, std::optional<std::int64_t>>);
  STATIC_REQUIRE(blog::users_age_column::nullable);
  STATIC_REQUIRE_FALSE(blog::users_email_column::nullable);
}
