// The order a unit of work writes tables in (dorm/session/commit_order.hpp, issue 16 item 3):
// from the generated foreign keys, parents are inserted first and deleted last; a cycle through a
// nullable foreign key is broken there (insert NULL, then UPDATE); a cycle of NOT NULL foreign
// keys is an error naming its tables.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "blog/models.hpp"
#include "dorm/session/commit_order.hpp"

using Names = std::vector<std::string_view>;

TEST_CASE("a generated table lists its foreign keys as ForeignKey descriptors in column order", "[runtime][commit_order]") {
  STATIC_REQUIRE(std::is_same_v<dorm::foreign_keys_of_t<dorm::table_of<blog::Comment>>,
                                dorm::type_list<dorm::ForeignKey<dorm::Column<blog::comments_post_id_column>, dorm::Column<blog::posts_id_column>>,
                                                dorm::ForeignKey<dorm::Column<blog::comments_author_id_column>,
                                                                 dorm::Column<blog::users_id_column>>>>);
  STATIC_REQUIRE(std::is_same_v<dorm::foreign_keys_of_t<dorm::table_of<blog::User>>, dorm::type_list<>>);
}

TEST_CASE("table_links names each foreign key's column, parent and whether it may be NULL", "[runtime][commit_order]") {
  const dorm::TableLinks comments = dorm::table_links<blog::Comment>();
  CHECK(comments.table == "comments");
  REQUIRE(comments.foreign_keys.size() == 2);
  CHECK(comments.foreign_keys[0].column == "post_id");
  CHECK(comments.foreign_keys[0].parent_table == "posts");
  CHECK(comments.foreign_keys[0].parent_column == "id");
  CHECK_FALSE(comments.foreign_keys[0].nullable);
  CHECK(comments.foreign_keys[1].column == "author_id");
  CHECK(comments.foreign_keys[1].parent_table == "users");
  CHECK(comments.foreign_keys[1].nullable);
  CHECK(dorm::table_links<blog::User>().foreign_keys.empty());
}

TEST_CASE("commit order inserts parents before children and deletes children before parents", "[runtime][commit_order]") {
  // Given children first, so that the list's order alone would be wrong.
  const dorm::TableLinks tables[] = {dorm::table_links<blog::PostsTag>(), dorm::table_links<blog::Comment>(),
                                     dorm::table_links<blog::Post>(), dorm::table_links<blog::Tag>(),
                                     dorm::table_links<blog::User>()};
  const dorm::CommitOrder order = dorm::commit_order(tables);
  // Each step takes the first table of the list whose parents are all in.
  CHECK(order.inserts == Names{"tags", "users", "posts", "posts_tags", "comments"});
  CHECK(order.deletes == Names{"comments", "posts_tags", "posts", "users", "tags"});
  CHECK(order.deferred.empty());
  CHECK(order.ordered_within.empty());
}

TEST_CASE("commit order ignores foreign keys to tables it is not given", "[runtime][commit_order]") {
  const dorm::TableLinks tables[] = {dorm::table_links<blog::Comment>(), dorm::table_links<blog::User>()};
  const dorm::CommitOrder order = dorm::commit_order(tables);
  CHECK(order.inserts == Names{"users", "comments"});
  CHECK(order.deletes == Names{"comments", "users"});
}

namespace {

// Hand-written links for shapes the blog has not: a cycle, self-references.
constexpr dorm::ForeignKeyLink departments_links[] = {{"head_id", "employees", "id", true}};
constexpr dorm::ForeignKeyLink employees_links[] = {{"department_id", "departments", "id", false},
                                                    {"manager_id", "employees", "id", true},
                                                    {"mentor_id", "employees", "id", false}};
constexpr dorm::ForeignKeyLink a_links[] = {{"b_id", "b", "id", false}};
constexpr dorm::ForeignKeyLink b_links[] = {{"c_id", "c", "id", false}};
constexpr dorm::ForeignKeyLink c_links[] = {{"a_id", "a", "id", false}};

}  // namespace

TEST_CASE("commit order breaks a cycle at its nullable foreign key, which is written after the inserts",
          "[runtime][commit_order]") {
  // departments.head_id -> employees (nullable), employees.department_id -> departments (NOT NULL).
  const dorm::TableLinks tables[] = {{"departments", departments_links}, {"employees", employees_links}};
  const dorm::CommitOrder order = dorm::commit_order(tables);
  CHECK(order.inserts == Names{"departments", "employees"});
  CHECK(order.deletes == Names{"employees", "departments"});
  REQUIRE(order.deferred.size() == 2);
  // The nullable self-reference first (found while reading the links), then the cycle's key.
  CHECK(order.deferred[0].table == "employees");
  CHECK(order.deferred[0].column == "manager_id");
  CHECK(order.deferred[0].parent_table == "employees");
  CHECK(order.deferred[1].table == "departments");
  CHECK(order.deferred[1].column == "head_id");
  CHECK(order.deferred[1].parent_table == "employees");
  CHECK(order.deferred[1].parent_column == "id");
}

TEST_CASE("commit order lists a NOT NULL self-reference as rows to order within their table", "[runtime][commit_order]") {
  const dorm::TableLinks tables[] = {{"employees", employees_links}, {"departments", departments_links}};
  const dorm::CommitOrder order = dorm::commit_order(tables);
  REQUIRE(order.ordered_within.size() == 1);
  CHECK(order.ordered_within[0].table == "employees");
  CHECK(order.ordered_within[0].column == "mentor_id");
}

TEST_CASE("a cycle of NOT NULL foreign keys is an error naming its tables in reference order", "[runtime][commit_order]") {
  const dorm::TableLinks tables[] = {{"users", {}}, {"b", b_links}, {"a", a_links}, {"c", c_links}};
  try {
    (void)dorm::commit_order(tables);
    FAIL("commit_order accepted a cycle");
  } catch (const dorm::ForeignKeyCycle& e) {
    CHECK(e.tables() == std::vector<std::string>{"b", "c", "a"});
    CHECK(std::string(e.what()) ==
          "[dorm.commit_order.cycle] tables 'b' -> 'c' -> 'a' -> 'b' reference each other through NOT NULL foreign keys: "
          "no insert order puts every parent first; make one of these foreign keys nullable (it is then inserted NULL "
          "and set by an UPDATE)");
  }
  // A ForeignKeyCycle is a dorm::Error.
  CHECK_THROWS_AS(dorm::commit_order(tables), dorm::Error);
}
