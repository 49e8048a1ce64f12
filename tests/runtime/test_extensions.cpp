// OpenOptions::extensions: SQLite extensions loaded at open, with loading enabled only during
// that call. The extension is tests/runtime/extension/reverse_extension.c, a shared library
// built beside this test (its path comes in as DORM_TEST_EXTENSION).
#include <catch2/catch.hpp>

#include <cstddef>
#include <filesystem>
#include <iterator>
#include <string>

#include "blog_support.hpp"
#include "../temp_dir.hpp"

using blog::posts;
using blog_test::add_post;
using blog_test::add_user;

namespace {

/// The extension's reverse(text), typed: nothing is registered by dorm.
inline constexpr dorm::DeclaredFunction<"reverse", std::string(std::string_view)> reverse{};

const std::string extension_path = DORM_TEST_EXTENSION;

/// How many files this process has open.
std::ptrdiff_t open_files() {
  return std::distance(std::filesystem::directory_iterator("/proc/self/fd"), std::filesystem::directory_iterator());
}

}  // namespace

TEST_CASE("an extension listed in OpenOptions is loaded and usable from a typed query", "[runtime][extension]") {
  auto db = blog_test::memory_db(dorm::OpenOptions{.extensions = {extension_path}});
  const blog::User ann = add_user(db, "ann");
  add_post(db, ann, "abc", 1);
  add_post(db, ann, "xyz", 2);
  const auto rows = db.select<blog::Post>().columns(reverse(posts.title)).order_by(posts.id).all();
  REQUIRE(rows.size() == 2);
  CHECK(std::get<0>(rows[0]) == "cba");
  CHECK(std::get<0>(rows[1]) == "zyx");
  CHECK(db.select<blog::Post>().where(reverse(posts.title) == "zyx").count() == 1);
}

TEST_CASE("an extension is loaded into a database file through a named entry point", "[runtime][extension]") {
  const dorm_test::TempDir dir;
  auto db = dorm::Database::open(dir.file("ext.db"),
                                 dorm::OpenOptions{.extensions = {{extension_path, "dorm_reverse_init"}}});
  CHECK(db.query_value<std::string>("SELECT reverse('file')") == "elif");
}

TEST_CASE("the SQL function load_extension() stays refused after extensions were loaded", "[runtime][extension]") {
  auto db = dorm::Database::open(":memory:", dorm::OpenOptions{.extensions = {extension_path}});
  REQUIRE_THROWS_AS(db.query_value<std::int64_t>("SELECT load_extension(?)", extension_path), dorm::SqliteError);
  REQUIRE_THROWS_WITH(db.query_value<std::int64_t>("SELECT load_extension(?)", extension_path),
                      Catch::Matchers::Contains("not authorized"));
}

TEST_CASE("a missing extension fails the open with an error naming the file", "[runtime][extension]") {
  const dorm_test::TempDir dir;
  const std::string missing = dir.file("no_such_extension.so");
  REQUIRE_THROWS_AS(dorm::Database::open(dir.file("db.sqlite"), dorm::OpenOptions{.extensions = {missing}}),
                    dorm::SqliteError);
  REQUIRE_THROWS_WITH(dorm::Database::open(dir.file("db.sqlite"), dorm::OpenOptions{.extensions = {missing}}),
                      Catch::Matchers::StartsWith("[dorm.sqlite.extension] cannot load extension '" + missing + "'"));
  // The failed open closed the database handle: no file descriptor stays open (Linux shows them).
  if (std::filesystem::exists("/proc/self/fd")) {
    const auto before = open_files();
    CHECK_THROWS_AS(dorm::Database::open(dir.file("db.sqlite"), dorm::OpenOptions{.extensions = {missing}}),
                    dorm::SqliteError);
    CHECK(open_files() == before);
  }
}

TEST_CASE("an extension whose entry point fails gives SQLite's message", "[runtime][extension]") {
  const dorm::OpenOptions refusing{.extensions = {{extension_path, "dorm_refusing_init"}}};
  REQUIRE_THROWS_AS(dorm::Database::open(":memory:", refusing), dorm::SqliteError);
  REQUIRE_THROWS_WITH(dorm::Database::open(":memory:", refusing),
                      Catch::Matchers::Contains("the test extension refuses to load"));
  const dorm::OpenOptions missing_entry{.extensions = {{extension_path, "no_such_entry_point"}}};
  REQUIRE_THROWS_AS(dorm::Database::open(":memory:", missing_entry), dorm::SqliteError);
  REQUIRE_THROWS_WITH(dorm::Database::open(":memory:", missing_entry), Catch::Matchers::Contains("no_such_entry_point"));
}
