// C++ functions as typed SQL functions (dorm/expr/sql_function.hpp): scalar functions in
// projections, where() and order_by(), aggregates, NULL handling, exceptions, the SQL they
// produce, the typing rules, and registration on every connection through OpenOptions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <dorm/core/connection_pool.hpp>

#include "blog_support.hpp"
#include "../temp_dir.hpp"

using blog::posts;
using blog::users;
using blog_test::add_post;
using blog_test::add_user;

namespace {

/// "Hello, World" -> "hello-world".
inline constexpr auto slug = dorm::scalar_function<"slug">([](std::string_view text) -> std::string {
  std::string out;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  if (!out.empty() && out.back() == '-') out.pop_back();
  return out;
});

/// A number function of two arguments: views weighted by a rating.
inline constexpr auto weighted = dorm::scalar_function<"weighted">(
    [](std::int64_t views, double rating) { return static_cast<double>(views) * rating; });

/// Takes a std::optional, so it sees NULL itself instead of returning NULL for it.
inline constexpr auto rating_or_zero =
    dorm::scalar_function<"rating_or_zero">([](std::optional<double> rating) { return rating.value_or(0.0); });

/// A bool-valued function: a condition in where().
inline constexpr auto is_even = dorm::scalar_function<"is_even">([](std::int64_t n) { return n % 2 == 0; });

/// Throws for an empty text.
inline constexpr auto first_letter = dorm::scalar_function<"first_letter">([](std::string_view text) {
  if (text.empty()) throw std::invalid_argument("first_letter() of an empty text");
  return std::string(1, text[0]);
});

/// The median of the numbers of a group (nullopt for no rows).
struct Median {
  std::vector<double> values;
  void step(double value) { values.push_back(value); }
  [[nodiscard]] std::optional<double> result() {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
};
inline constexpr dorm::AggregateFunction<"median", Median> median{};

/// Titles joined with '|', in the order the rows come; throws on a title "boom".
struct JoinTitles {
  std::string text;
  void step(std::string_view title) {
    if (title == "boom") throw std::runtime_error("join_titles() met a boom");
    text += (text.empty() ? "" : "|") + std::string(title);
  }
  [[nodiscard]] std::string result() const { return text; }
};
inline constexpr dorm::AggregateFunction<"join_titles", JoinTitles> join_titles{};

/// ann wrote "Hello, World" (10 views, rating 4) and "Second Post" (3 views, no rating); bob
/// wrote "Bob's Notes" (20 views, rating 2).
template <class Db>
void add_rows(Db& db) {
  const blog::User ann = add_user(db, "ann", 36);
  const blog::User bob = add_user(db, "bob", 20);
  add_post(db, ann, "Hello, World", 10, "published", 4.0);
  add_post(db, ann, "Second Post", 3, "draft");
  add_post(db, bob, "Bob's Notes", 20, "published", 2.0);
}

dorm::OpenOptions with_functions() {
  return dorm::OpenOptions{.functions = {slug, weighted, rating_or_zero, is_even, first_letter, median, join_titles}};
}

template <class F, class... Args>
concept callable_with = requires(const F& f, const Args&... args) { f(args...); };
/// The typing rule of a call (a wrong call is a hard error in a requires-expression for clang).
template <class F, class... Args>
concept takes = dorm::detail::CallableOn<typename F::parameters, Args...>;

}  // namespace

// ---- the typing rules, checked on every build ----

static_assert(std::is_same_v<decltype(slug(posts.title))::value_type, std::string>);
static_assert(std::is_same_v<decltype(weighted(posts.views, posts.rating))::value_type, std::optional<double>>,
              "a nullable column for a parameter that is not optional makes the result optional");
static_assert(std::is_same_v<decltype(rating_or_zero(posts.rating))::value_type, double>);
static_assert(std::is_same_v<decltype(median(posts.views))::value_type, std::optional<double>>);
static_assert(callable_with<decltype(slug), decltype(posts.title)>);
static_assert(!takes<decltype(slug), decltype(posts.views)>, "text parameter, INTEGER column");
static_assert(!takes<decltype(slug), decltype(posts.title), decltype(posts.body)>, "one parameter");
static_assert(!takes<decltype(slug)>, "no argument");
static_assert(!takes<decltype(slug), std::string>, "arguments are columns or expressions");
static_assert(!takes<decltype(is_even), decltype(posts.rating)>, "integer parameter, REAL column");
static_assert(callable_with<decltype(weighted), decltype(posts.views), decltype(posts.views)>,
              "an INTEGER column for a double parameter");
static_assert(!takes<decltype(median), decltype(posts.title)>, "number parameter, TEXT column");
static_assert(callable_with<decltype(slug), decltype(slug(posts.title))>, "calls nest");

// ---- scalar functions ----

TEST_CASE("a scalar function spells its SQL from its type, with its arguments' columns", "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  CHECK(db.select<blog::Post>().columns(slug(posts.title)).sql() ==
        R"(SELECT slug("posts"."title") FROM "posts" LIMIT ? OFFSET ?)");
  CHECK(db.select<blog::Post>().columns(weighted(posts.views, posts.rating)).sql() ==
        R"(SELECT weighted("posts"."views", "posts"."rating") FROM "posts" LIMIT ? OFFSET ?)");
}

TEST_CASE("a scalar function reads in a projection as its C++ result type", "[runtime][sql_function]") {
  auto db = blog_test::memory_db();
  db.create_function(slug);
  add_rows(db);
  const auto rows = db.select<blog::Post>().columns(posts.id, slug(posts.title)).order_by(posts.id).all();
  REQUIRE(rows.size() == 3);
  CHECK(std::get<1>(rows[0]) == "hello-world");
  CHECK(std::get<1>(rows[1]) == "second-post");
  CHECK(std::get<1>(rows[2]) == "bob-s-notes");
}

TEST_CASE("a scalar function works in where() and order_by() of a select of rows", "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  add_rows(db);
  const auto found = db.select<blog::Post>().where(slug(posts.title) == "second-post").all();
  REQUIRE(found.size() == 1);
  CHECK(found[0].title == "Second Post");

  const auto ordered = db.select<blog::Post>().order_by(slug(posts.title)).all();
  REQUIRE(ordered.size() == 3);
  CHECK(ordered[0].title == "Bob's Notes");
  CHECK(ordered[1].title == "Hello, World");
  CHECK(ordered[2].title == "Second Post");

  const auto descending = db.select<blog::Post>().order_by(slug(posts.title).desc()).first();
  REQUIRE(descending);
  CHECK(descending->title == "Second Post");
}

TEST_CASE("a bool-valued scalar function is a condition of its own", "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  add_rows(db);
  const auto even = db.select<blog::Post>().where(is_even(posts.views)).order_by(posts.views).all();
  REQUIRE(even.size() == 2);
  CHECK(even[0].views == 10);
  CHECK(even[1].views == 20);
}

TEST_CASE("a NULL for a parameter that is not optional gives NULL without calling the function",
          "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  add_rows(db);
  const auto rows =
      db.select<blog::Post>().columns(weighted(posts.views, posts.rating), rating_or_zero(posts.rating))
          .order_by(posts.id).all();
  REQUIRE(rows.size() == 3);
  CHECK(std::get<0>(rows[0]) == std::optional<double>(40.0));
  CHECK_FALSE(std::get<0>(rows[1]).has_value());
  CHECK(std::get<1>(rows[1]) == 0.0);
  CHECK(std::get<0>(rows[2]) == std::optional<double>(40.0));
}

TEST_CASE("nested calls compare with values of their result's kind", "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  add_rows(db);
  CHECK(db.select<blog::Post>().where(first_letter(slug(posts.title)) == "b").count() == 1);
  CHECK(db.select<blog::Post>().where(weighted(posts.views, posts.views) > 50.0).count() == 2);
}

TEST_CASE("an exception thrown by a scalar function fails the statement with its message",
          "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  add_rows(db);
  const blog::User ann = *db.select<blog::User>().where(users.name == "ann").first();
  add_post(db, ann, "!", 1);  // slug "" -> first_letter throws
  REQUIRE_THROWS_AS(db.select<blog::Post>().columns(first_letter(slug(posts.title))).all(), dorm::SqliteError);
  REQUIRE_THROWS_WITH(db.select<blog::Post>().columns(first_letter(slug(posts.title))).all(),
                      Catch::Matchers::Contains("first_letter() of an empty text"));
  // The connection stays usable.
  CHECK(db.select<blog::Post>().where(first_letter(posts.title) == "H").count() == 1);
}

TEST_CASE("a stored value of another storage class than the C++ parameter fails the statement saying which argument",
          "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  add_rows(db);
  db.execute("UPDATE posts SET views = 'many' WHERE title = 'Second Post'");  // TEXT in an INTEGER column
  REQUIRE_THROWS_AS(db.select<blog::Post>().where(is_even(posts.views)).count(), dorm::SqliteError);
  REQUIRE_THROWS_WITH(db.select<blog::Post>().where(is_even(posts.views)).count(),
                      Catch::Matchers::Contains("argument 1 of SQL function 'is_even' is not an INTEGER"));
}

TEST_CASE("a function used on a connection it was not registered on fails with SQLite's message",
          "[runtime][sql_function]") {
  auto db = blog_test::memory_db();
  add_rows(db);
  REQUIRE_THROWS_AS(db.select<blog::Post>().columns(slug(posts.title)).all(), dorm::SqliteError);
  REQUIRE_THROWS_WITH(db.select<blog::Post>().columns(slug(posts.title)).all(),
                      Catch::Matchers::Contains("no such function: slug"));
}

// ---- aggregates ----

TEST_CASE("a C++ aggregate computes per group and reads as its result type", "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  add_rows(db);
  const auto overall = db.select<blog::Post>().columns(median(posts.views)).first();
  REQUIRE(overall);
  CHECK(std::get<0>(*overall) == std::optional<double>(10.0));

  const auto per_author = db.select<blog::Post>()
                              .columns(posts.author_id, median(posts.views), join_titles(posts.title))
                              .group_by(posts.author_id)
                              .order_by(posts.author_id)
                              .all();
  REQUIRE(per_author.size() == 2);
  CHECK(std::get<1>(per_author[0]) == std::optional<double>(6.5));
  CHECK(std::get<2>(per_author[0]) == "Hello, World|Second Post");
  CHECK(std::get<1>(per_author[1]) == std::optional<double>(20.0));
}

TEST_CASE("a C++ aggregate skips rows whose argument is NULL and gives its empty result over no rows",
          "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  CHECK(std::get<0>(*db.select<blog::Post>().columns(median(posts.rating)).first()) == std::nullopt);
  add_rows(db);
  CHECK(std::get<0>(*db.select<blog::Post>().columns(median(posts.rating)).first()) == std::optional<double>(3.0));
  const auto none = db.select<blog::Post>().where(posts.views > 1000).columns(join_titles(posts.title)).first();
  REQUIRE(none);
  CHECK(std::get<0>(*none).empty());
}

TEST_CASE("a C++ aggregate works in having()", "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  add_rows(db);
  const auto rows = db.select<blog::Post>()
                        .columns(posts.author_id)
                        .group_by(posts.author_id)
                        .having(median(posts.views) > 10.0)
                        .all();
  REQUIRE(rows.size() == 1);
}

TEST_CASE("an exception thrown by an aggregate's step fails the statement with its message",
          "[runtime][sql_function]") {
  auto db = blog_test::memory_db(with_functions());
  add_rows(db);
  const blog::User ann = *db.select<blog::User>().where(users.name == "ann").first();
  add_post(db, ann, "boom", 1);
  REQUIRE_THROWS_AS(db.select<blog::Post>().columns(join_titles(posts.title)).all(), dorm::SqliteError);
  REQUIRE_THROWS_WITH(db.select<blog::Post>().columns(join_titles(posts.title)).all(),
                      Catch::Matchers::Contains("join_titles() met a boom"));
  CHECK(std::get<0>(*db.select<blog::Post>().columns(median(posts.views)).first()).has_value());
}

// ---- registration ----

TEST_CASE("OpenOptions::functions registers the functions on a database file as it opens",
          "[runtime][sql_function]") {
  const dorm_test::TempDir dir;
  {
    auto db = dorm::Database::open(dir.file("blog.db"), with_functions());
    blog::migrate(db);
    add_rows(db);
  }
  auto db = dorm::Database::open(dir.file("blog.db"), with_functions());
  const auto rows = db.select<blog::Post>().columns(slug(posts.title), median(posts.views)).group_by(posts.id)
                        .order_by(posts.id).all();
  REQUIRE(rows.size() == 3);
  CHECK(std::get<0>(rows[2]) == "bob-s-notes");
}

TEST_CASE("a ConnectionPool registers OpenOptions::functions on the writer and on every reader",
          "[runtime][sql_function]") {
  const dorm_test::TempDir dir;
  dorm::ConnectionPool pool(dorm::ConnectionPoolOptions{
      .path = dir.file("pool.db"), .readers = 2, .migrate = [](dorm::Database& db) { blog::migrate(db); },
      .open = with_functions()});
  pool.with_writer([](dorm::Database& db) { add_rows(db); });
  auto first = pool.read();
  auto second = pool.read();
  for (auto* lease : {&first, &second}) {
    const auto rows = (*lease)->select<blog::Post>().where(slug(posts.title) == "hello-world").all();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].views == 10);
  }
}
