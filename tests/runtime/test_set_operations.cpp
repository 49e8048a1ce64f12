// Set operations: union_all(), union_(), intersect() and except() of projections and of whole
// rows, their typed rows, ORDER BY / LIMIT / OFFSET on the compound, the order parameters are
// bound in, nesting, and the SQL they run; each on :memory: and on a database file.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "../temp_dir.hpp"
#include "blog_support.hpp"

using blog::posts;
using blog::users;
using blog_test::add_post;
using blog_test::add_user;

namespace {

using TitleViews = std::tuple<std::string, std::int64_t>;

/// ann (36) wrote a1 (10 views, published), a2 (20 views, draft) and a3 (30 views,
/// published); bob (20) wrote b1 (5 views, published); cy (no age) wrote nothing. The database
/// is in memory or in a file, as the test's GENERATE chooses.
struct Blog {
  explicit Blog(bool on_file)
      : db(on_file ? dorm::Database::open(dir.file("blog.db")) : dorm::Database::open(":memory:")) {
    blog::migrate(db);
    ann = add_user(db, "ann", 36);
    bob = add_user(db, "bob", 20);
    cy = add_user(db, "cy");
    add_post(db, ann, "a1", 10, "published");
    add_post(db, ann, "a2", 20, "draft");
    add_post(db, ann, "a3", 30, "published");
    add_post(db, bob, "b1", 5, "published");
  }
  dorm_test::TempDir dir;
  dorm::Database db;
  blog::User ann, bob, cy;

  /// Titles and views of the posts with more than `views` views.
  [[nodiscard]] auto viewed_over(std::int64_t views) {
    return db.select<blog::Post>().where(posts.views > views).columns(posts.title, posts.views);
  }
  /// Titles and views of the posts of status `status`.
  [[nodiscard]] auto of_status(const std::string& status) {
    return db.select<blog::Post>().where(posts.status == status).columns(posts.title, posts.views);
  }
};

}  // namespace

TEST_CASE("union_all reads the rows of both selects, duplicates kept, as the selects' row type", "[runtime]") {
  Blog b(GENERATE(false, true));
  auto q = dorm::union_all(b.viewed_over(15), b.of_status("published")).order_by(posts.views);
  STATIC_REQUIRE(std::is_same_v<decltype(q)::row_type, TitleViews>);
  STATIC_REQUIRE(std::is_same_v<decltype(q.all()), std::vector<TitleViews>>);

  const auto rows = q.all();
  // a2, a3 (over 15 views), then a1, a3, b1 (published): a3 twice.
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] == TitleViews{"b1", 5});
  CHECK(rows[1] == TitleViews{"a1", 10});
  CHECK(rows[2] == TitleViews{"a2", 20});
  CHECK(rows[3] == TitleViews{"a3", 30});
  CHECK(rows[4] == TitleViews{"a3", 30});
}

TEST_CASE("union_ reads each distinct row of both selects once", "[runtime]") {
  Blog b(GENERATE(false, true));
  const auto rows = dorm::union_(b.viewed_over(15), b.of_status("published")).order_by(posts.title).all();
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == TitleViews{"a1", 10});
  CHECK(rows[1] == TitleViews{"a2", 20});
  CHECK(rows[2] == TitleViews{"a3", 30});
  CHECK(rows[3] == TitleViews{"b1", 5});
}

TEST_CASE("intersect reads the rows both selects read", "[runtime]") {
  Blog b(GENERATE(false, true));
  const auto rows = dorm::intersect(b.viewed_over(8), b.of_status("published")).order_by(posts.views.desc()).all();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == TitleViews{"a3", 30});
  CHECK(rows[1] == TitleViews{"a1", 10});
}

TEST_CASE("except reads the rows of the first select the second does not read", "[runtime]") {
  Blog b(GENERATE(false, true));
  const auto rows = dorm::except(b.of_status("published"), b.viewed_over(8)).all();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == TitleViews{"b1", 5});
  CHECK(dorm::except(b.viewed_over(25), b.of_status("published")).all().empty());
}

TEST_CASE("a set operation of whole rows of one model reads model rows", "[runtime]") {
  Blog b(GENERATE(false, true));
  auto q = dorm::union_all(b.db.select<blog::User>().where(users.name == "cy"),
                           b.db.select<blog::User>().where(users.age > 30));
  STATIC_REQUIRE(std::is_same_v<decltype(q)::row_type, blog::User>);
  const auto rows = q.order_by(users.name.desc()).all();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == b.cy.id);
  CHECK(rows[0].name == "cy");
  CHECK_FALSE(rows[0].age.has_value());
  CHECK(rows[1].id == b.ann.id);
  CHECK(rows[1].email == b.ann.email);
  CHECK(rows[1].age == std::optional<std::int64_t>(36));
}

TEST_CASE("limit, offset and first apply to the compound, each select keeps its own", "[runtime]") {
  Blog b(GENERATE(false, true));
  auto all_posts = dorm::union_all(b.viewed_over(15), b.of_status("published")).order_by(posts.views.desc(),
                                                                                           posts.title);
  const auto page = all_posts.limit(2).offset(1).all();
  REQUIRE(page.size() == 2);
  CHECK(page[0] == TitleViews{"a3", 30});
  CHECK(page[1] == TitleViews{"a2", 20});
  CHECK(all_posts.first() == std::optional<TitleViews>(TitleViews{"a3", 30}));
  CHECK_FALSE(dorm::intersect(b.viewed_over(100), b.of_status("draft")).first().has_value());

  // A select's own order and limit stay inside it: the two most viewed posts, then b1.
  auto top_two = b.db.select<blog::Post>().order_by(posts.views.desc()).limit(2).columns(posts.title, posts.views);
  const auto rows = dorm::union_all(top_two, b.of_status("draft")).order_by(posts.title).all();
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == TitleViews{"a2", 20});
  CHECK(rows[1] == TitleViews{"a2", 20});
  CHECK(rows[2] == TitleViews{"a3", 30});
}

TEST_CASE("the parameters of both selects are bound in order, the first select's first", "[runtime]") {
  Blog b(GENERATE(false, true));
  // Two parameters on the left, one on the right: each filter applies to its own side.
  auto left = b.db.select<blog::Post>()
                  .where(posts.views > std::int64_t{8} && posts.title != "a3")
                  .columns(posts.title, posts.views);
  const auto rows = dorm::union_all(left, b.of_status("draft")).order_by(posts.title).all();
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == TitleViews{"a1", 10});
  CHECK(rows[1] == TitleViews{"a2", 20});
  CHECK(rows[2] == TitleViews{"a2", 20});
}

TEST_CASE("set operations nest, and aggregates combine when they read the same types", "[runtime]") {
  Blog b(GENERATE(false, true));
  const auto rows =
      dorm::except(dorm::union_(b.of_status("draft"), b.viewed_over(25)), b.viewed_over(25)).all();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == TitleViews{"a2", 20});

  // Counts per post status, then per user name: both read (TEXT, COUNT).
  auto per_status = b.db.select<blog::Post>().columns(posts.status, dorm::count()).group_by(posts.status);
  auto per_name = b.db.select<blog::User>().where(users.age < 30).columns(users.name, dorm::count()).group_by(users.name);
  const auto counts = dorm::union_all(per_status, per_name).order_by(posts.status).all();
  REQUIRE(counts.size() == 3);
  CHECK(counts[0] == TitleViews{"bob", 1});
  CHECK(counts[1] == TitleViews{"draft", 1});
  CHECK(counts[2] == TitleViews{"published", 3});
}

TEST_CASE("a set operation's SQL runs each select as a subquery and is one text per C++ type", "[runtime]") {
  Blog b(false);
  auto q = dorm::union_all(b.viewed_over(15), b.of_status("published")).order_by(posts.views.desc()).limit(3);
  const std::string& sql = decltype(q)::sql();
  CHECK(sql == "SELECT * FROM (" + decltype(b.viewed_over(15))::sql() + ") UNION ALL SELECT * FROM (" +
                   decltype(b.of_status(""))::sql() + ") ORDER BY 2 DESC LIMIT ? OFFSET ?");
  CHECK(&decltype(q)::sql() == &decltype(dorm::union_all(b.viewed_over(1), b.of_status("x")).order_by(
                                   posts.views.desc()))::sql());
  CHECK(decltype(dorm::union_(b.viewed_over(1), b.viewed_over(1)))::sql().find(") UNION SELECT") != std::string::npos);
  CHECK(decltype(dorm::intersect(b.viewed_over(1), b.viewed_over(1)))::sql().find(") INTERSECT SELECT") !=
        std::string::npos);
  CHECK(decltype(dorm::except(b.viewed_over(1), b.viewed_over(1)))::sql().find(") EXCEPT SELECT") != std::string::npos);
}
