// The WHERE component (dorm/query/where.hpp): update_all<T>() and remove_all<T>() take the same
// vocabulary as select<T>() (or_where, where_in, where_not_in, where_null, where_not_null,
// where_between), render it the same way and change exactly the rows select<T>() finds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "support.hpp"

using rt::users;

namespace {

using Names = std::vector<std::string>;

/// ann 20, bob 30, cy (no age), dee 40, eve 50; bob and dee have a bio.
dorm::Database people() {
  auto db = rt_test::memory_db();
  for (auto [name, age] : {std::pair<const char*, std::int64_t>{"ann", 20}, {"bob", 30}, {"cy", -1}, {"dee", 40},
                           {"eve", 50}}) {
    auto user = rt_test::make_user(name, age < 0 ? std::nullopt : std::optional<std::int64_t>(age));
    if (user.name == "bob" || user.name == "dee") user.bio = "has a bio";
    db.insert(user);
  }
  return db;
}

template <class Query>
Names names_of(const Query& query) {
  Names names;
  for (const auto& user : query.all()) names.push_back(user.name);
  std::sort(names.begin(), names.end());
  return names;
}

/// Who is left after a delete.
Names remaining(dorm::Database& db) { return names_of(db.select<rt::User>()); }

}  // namespace

TEST_CASE("update and remove take or_where: (conditions so far) OR condition", "[runtime]") {
  auto db = people();
  auto update = db.update_all<rt::User>().set(users.name = "x").where(users.age >= 40).or_where(users.name == "ann");
  CHECK(decltype(update)::sql() ==
        R"(UPDATE "users" SET "name" = ? WHERE ("users"."age" >= ? OR "users"."name" = ?))");
  CHECK(db.update_all<rt::User>()
            .set(users.bio = "chosen")
            .where(users.age >= 40)
            .or_where(users.name == "ann")
            .execute() == 3);
  CHECK(names_of(db.select<rt::User>().where(users.bio == "chosen")) == Names{"ann", "dee", "eve"});

  auto remove = db.remove_all<rt::User>().where(users.age >= 40).or_where(users.name == "ann");
  CHECK(decltype(remove)::sql() == R"(DELETE FROM "users" WHERE ("users"."age" >= ? OR "users"."name" = ?))");
  CHECK(remove.execute() == 3);
  CHECK(remaining(db) == Names{"bob", "cy"});
}

TEST_CASE("or_where as the first condition of an update or a remove is a plain where", "[runtime]") {
  auto db = people();
  auto update = db.update_all<rt::User>().set(users.age = 21).or_where(users.name == "ann");
  CHECK(decltype(update)::sql() == R"(UPDATE "users" SET "age" = ? WHERE "users"."name" = ?)");
  CHECK(update.execute() == 1);
  CHECK(db.select<rt::User>().where(users.age == 21).count() == 1);
  CHECK(db.remove_all<rt::User>().or_where(users.name == "ann").execute() == 1);
  CHECK(remaining(db) == Names{"bob", "cy", "dee", "eve"});
}

TEST_CASE("update and remove take where_in and where_not_in, one bound parameter for the list", "[runtime]") {
  auto db = people();
  const std::vector<std::string> chosen{"ann", "cy", "zed"};
  auto update = db.update_all<rt::User>().set(users.name = "x").where_in(users.name, chosen);
  CHECK(decltype(update)::sql() ==
        R"(UPDATE "users" SET "name" = ? WHERE "users"."name" IN (SELECT value FROM json_each(?)))");
  CHECK(db.update_all<rt::User>().set(users.bio = "chosen").where_in(users.name, chosen).execute() == 2);
  CHECK(names_of(db.select<rt::User>().where(users.bio == "chosen")) == Names{"ann", "cy"});
  // SQL's NULL rule holds in a write too: cy's NULL age is neither in nor not in the list.
  CHECK(db.update_all<rt::User>().set(users.bio = "old").where_not_in(users.age, std::vector<std::int64_t>{20, 30}).execute() ==
        2);
  CHECK(names_of(db.select<rt::User>().where(users.bio == "old")) == Names{"dee", "eve"});

  CHECK(db.remove_all<rt::User>().where_in(users.age, std::vector<std::int64_t>{}).execute() == 0);
  CHECK(db.remove_all<rt::User>().where_not_in(users.name, std::vector<std::string>{"ann", "bob"}).execute() == 3);
  CHECK(remaining(db) == Names{"ann", "bob"});
  CHECK(db.remove_all<rt::User>().where_in(users.name, std::vector<std::string>{"bob"}).execute() == 1);
  CHECK(remaining(db) == Names{"ann"});
}

TEST_CASE("update and remove take where_null and where_not_null on nullable columns", "[runtime]") {
  auto db = people();
  auto update = db.update_all<rt::User>().set(users.age = 0).where_null(users.age);
  CHECK(decltype(update)::sql() == R"(UPDATE "users" SET "age" = ? WHERE "users"."age" IS NULL)");
  CHECK(update.execute() == 1);
  CHECK(names_of(db.select<rt::User>().where(users.age == 0)) == Names{"cy"});
  CHECK(db.update_all<rt::User>().set(users.name = "x").where_not_null(users.bio).where(users.age > 35).execute() == 1);
  CHECK(names_of(db.select<rt::User>().where(users.name == "x")) == Names{"x"});
  CHECK(db.select<rt::User>().where(users.name == "x").first()->age == 40);

  auto remove = db.remove_all<rt::User>().where_not_null(users.bio);
  CHECK(decltype(remove)::sql() == R"(DELETE FROM "users" WHERE "users"."bio" IS NOT NULL)");
  CHECK(remove.execute() == 2);
  CHECK(db.remove_all<rt::User>().where_null(users.bio).where(users.age == 0).execute() == 1);
  CHECK(remaining(db) == Names{"ann", "eve"});
}

TEST_CASE("update and remove take where_between, both ends included", "[runtime]") {
  auto db = people();
  auto update = db.update_all<rt::User>().set(users.name = "x").where_between(users.age, 30, 40);
  CHECK(decltype(update)::sql() == R"(UPDATE "users" SET "name" = ? WHERE "users"."age" BETWEEN ? AND ?)");
  CHECK(db.update_all<rt::User>().set(users.bio = "middle").where_between(users.age, 30, 40).execute() == 2);
  CHECK(names_of(db.select<rt::User>().where(users.bio == "middle")) == Names{"bob", "dee"});

  CHECK(db.remove_all<rt::User>().where_between(users.name, std::string("b"), std::string("d")).execute() == 2);
  CHECK(remaining(db) == Names{"ann", "dee", "eve"});
}

TEST_CASE("the where vocabulary of update and remove changes the rows select finds with it", "[runtime]") {
  auto db = people();
  const Names selected =
      names_of(db.select<rt::User>().where(users.age < 25).or_where(users.name == "eve").where_not_null(users.age));
  REQUIRE(selected == Names{"ann", "eve"});
  CHECK(db.update_all<rt::User>()
            .set(users.bio = "hit")
            .where(users.age < 25)
            .or_where(users.name == "eve")
            .where_not_null(users.age)
            .execute() == 2);
  CHECK(names_of(db.select<rt::User>().where(users.bio == "hit")) == selected);
  CHECK(db.remove_all<rt::User>().where(users.age < 25).or_where(users.name == "eve").where_not_null(users.age).execute() ==
        2);
  CHECK(remaining(db) == Names{"bob", "cy", "dee"});
}

TEST_CASE("a NaN in where_between of an update or a remove is refused naming the column, and nothing changes", "[runtime]") {
  auto db = rt_test::memory_db();
  rt::Sample sample;
  sample.flag = true;
  sample.ratio = 0.5;
  sample.text = "sample";
  db.insert(sample);
  const double nan_value = std::numeric_limits<double>::quiet_NaN();
  const auto message = [](auto&& run) -> std::string {
    try {
      run();
    } catch (const dorm::Error& e) {
      return e.what();
    }
    return "";
  };
  CHECK(message([&] {
    db.update_all<rt::Sample>().set(rt::samples.text = "changed").where_between(rt::samples.ratio, 0.0, nan_value).execute();
  }) == "[dorm.bind.nan] NaN cannot be stored in column 'samples.ratio' (parameter 3): SQLite would store NULL in its "
        "place\n  in: UPDATE \"samples\" SET \"text\" = ? WHERE \"samples\".\"ratio\" BETWEEN ? AND ?");
  CHECK(message([&] { db.remove_all<rt::Sample>().or_where(rt::samples.ratio.between(nan_value, 1.0)).execute(); }) ==
        "[dorm.bind.nan] NaN cannot be stored in column 'samples.ratio' (parameter 1): SQLite would store NULL in its "
        "place\n  in: DELETE FROM \"samples\" WHERE \"samples\".\"ratio\" BETWEEN ? AND ?");
  const auto stored = db.find_or_fail<rt::Sample>(sample.id);
  CHECK(stored.text == "sample");
  CHECK(stored.ratio == 0.5);
}
