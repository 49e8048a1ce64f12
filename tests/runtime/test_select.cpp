// select<T>(): conditions, ordering, limits, the SQL it produces and the rules its types enforce.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "support.hpp"

using rt::users;
using rt_test::make_user;

namespace {

const std::string select_users =
    R"(SELECT "users"."id", "users"."email", "users"."name", "users"."bio", "users"."age", "users"."active", )"
    R"("users"."created_at" FROM "users")";

/// ann 10 (bio), bob 20 (inactive), cy 30, dee (no age).
dorm::Database seeded_db() {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann", 10);
  ann.bio = "likes SQL";
  auto bob = make_user("bob", 20);
  bob.active = false;
  auto cy = make_user("cy", 30);
  auto dee = make_user("dee");
  for (auto* u : {&ann, &bob, &cy, &dee}) db.insert(*u);
  return db;
}

std::vector<std::string> names(const std::vector<rt::User>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.name);
  return out;
}

/// The names of the matching rows, sorted.
template <class Query>
std::vector<std::string> sorted_names(const Query& q) {
  auto out = names(q.all());
  std::sort(out.begin(), out.end());
  return out;
}

using Names = std::vector<std::string>;

}  // namespace

// ---- the SQL text ----

TEST_CASE("a select without conditions selects every column of the table", "[runtime]") {
  auto db = rt_test::memory_db();
  auto q = db.select<rt::User>();
  CHECK(decltype(q)::sql() == select_users + " LIMIT ? OFFSET ?");
}

TEST_CASE("each comparison operator renders as its SQL operator with a bound value", "[runtime]") {
  auto db = rt_test::memory_db();
  auto base = db.select<rt::User>();
  const std::string where = select_users + R"( WHERE "users"."age")";
  CHECK(decltype(base.where(users.age == 1))::sql() == where + " = ? LIMIT ? OFFSET ?");
  CHECK(decltype(base.where(users.age != 1))::sql() == where + " <> ? LIMIT ? OFFSET ?");
  CHECK(decltype(base.where(users.age < 1))::sql() == where + " < ? LIMIT ? OFFSET ?");
  CHECK(decltype(base.where(users.age <= 1))::sql() == where + " <= ? LIMIT ? OFFSET ?");
  CHECK(decltype(base.where(users.age > 1))::sql() == where + " > ? LIMIT ? OFFSET ?");
  CHECK(decltype(base.where(users.age >= 18))::sql() == where + " >= ? LIMIT ? OFFSET ?");
}

TEST_CASE("a comparison of two columns renders both column names", "[runtime]") {
  auto db = rt_test::memory_db();
  auto q = db.select<rt::User>().where(users.id < users.age);
  CHECK(decltype(q)::sql() == select_users + R"( WHERE "users"."id" < "users"."age" LIMIT ? OFFSET ?)");
}

TEST_CASE("and, or and not render parenthesized in the C++ expression's grouping", "[runtime]") {
  auto db = rt_test::memory_db();
  auto q = db.select<rt::User>().where(!(users.age > 1 || users.name == "x") && users.active == true);
  CHECK(decltype(q)::sql() == select_users +
                                  R"( WHERE (NOT (("users"."age" > ? OR "users"."name" = ?)) AND "users"."active" = ?))"
                                  " LIMIT ? OFFSET ?");
}

TEST_CASE("chained where calls are joined with AND", "[runtime]") {
  auto db = rt_test::memory_db();
  auto q = db.select<rt::User>().where(users.age > 1).where(users.name == "x");
  CHECK(decltype(q)::sql() == select_users + R"( WHERE ("users"."age" > ? AND "users"."name" = ?) LIMIT ? OFFSET ?)");
}

TEST_CASE("like, is_null, is_not_null and in render as SQL predicates", "[runtime]") {
  auto db = rt_test::memory_db();
  auto base = db.select<rt::User>();
  CHECK(decltype(base.where(users.name.like("a%")))::sql() ==
        select_users + R"( WHERE "users"."name" LIKE ? LIMIT ? OFFSET ?)");
  CHECK(decltype(base.where(users.bio.is_null()))::sql() ==
        select_users + R"( WHERE "users"."bio" IS NULL LIMIT ? OFFSET ?)");
  CHECK(decltype(base.where(users.bio.is_not_null()))::sql() ==
        select_users + R"( WHERE "users"."bio" IS NOT NULL LIMIT ? OFFSET ?)");
  CHECK(decltype(base.where(users.id.in(std::vector<std::int64_t>{1})))::sql() ==
        select_users + R"( WHERE "users"."id" IN (SELECT value FROM json_each(?)) LIMIT ? OFFSET ?)");
}

TEST_CASE("order_by renders several columns with their directions, a bare column ascending", "[runtime]") {
  auto db = rt_test::memory_db();
  auto q = db.select<rt::User>().where(users.age > 1).order_by(users.active.desc(), users.name).order_by(users.id.asc());
  CHECK(decltype(q)::sql() == select_users +
                                  R"( WHERE "users"."age" > ? ORDER BY "users"."active" DESC, "users"."name" ASC, )"
                                  R"("users"."id" ASC LIMIT ? OFFSET ?)");
}

TEST_CASE("the SQL of an in() query does not depend on the length of the list", "[runtime]") {
  auto db = seeded_db();
  auto one = db.select<rt::User>().where(users.age.in(std::vector<std::int64_t>{10}));
  auto three = db.select<rt::User>().where(users.age.in(std::vector<std::int64_t>{10, 20, 30}));
  CHECK(decltype(one)::sql() == decltype(three)::sql());
  CHECK(one.count() == 1);
  CHECK(three.count() == 3);
  // And running both reuses one prepared statement.
  auto statements = db.statements().size();
  for (int n = 0; n < 20; ++n) {
    std::vector<std::int64_t> ids(static_cast<std::size_t>(n), 1);
    (void)db.select<rt::User>().where(users.id.in(ids)).all();
  }
  CHECK(db.statements().size() == statements + 1);
}

// ---- the rows it returns ----

TEST_CASE("each comparison operator selects the matching rows, and NULL matches none", "[runtime]") {
  auto db = seeded_db();
  auto q = db.select<rt::User>();
  CHECK(sorted_names(q.where(users.age == 20)) == Names{"bob"});
  CHECK(sorted_names(q.where(users.age != 20)) == Names{"ann", "cy"});
  CHECK(sorted_names(q.where(users.age < 20)) == Names{"ann"});
  CHECK(sorted_names(q.where(users.age <= 20)) == Names{"ann", "bob"});
  CHECK(sorted_names(q.where(users.age > 20)) == Names{"cy"});
  CHECK(sorted_names(q.where(users.age >= 20)) == Names{"bob", "cy"});
  CHECK(sorted_names(q.where(users.name >= "bob")) == Names{"bob", "cy", "dee"});
  CHECK(sorted_names(q.where(users.active == false)) == Names{"bob"});
}

TEST_CASE("a comparison between two columns compares them row by row", "[runtime]") {
  auto db = seeded_db();  // ids 1..4, ages 10, 20, 30, NULL
  CHECK(sorted_names(db.select<rt::User>().where(users.id < users.age)) == Names{"ann", "bob", "cy"});
  CHECK(db.select<rt::User>().where(users.id == users.age).count() == 0);
}

TEST_CASE("values of other integer and floating types compare with an integer column", "[runtime]") {
  auto db = seeded_db();
  CHECK(db.select<rt::User>().where(users.age == short{20}).count() == 1);
  CHECK(db.select<rt::User>().where(users.age > 19.5).count() == 2);
  CHECK(db.select<rt::User>().where(users.age < std::uint32_t{11}).count() == 1);
}

TEST_CASE("and, or and not combine conditions", "[runtime]") {
  auto db = seeded_db();
  auto q = db.select<rt::User>();
  CHECK(sorted_names(q.where(users.age > 5 && users.age < 25)) == Names{"ann", "bob"});
  CHECK(sorted_names(q.where(users.age == 10 || users.name == "dee")) == Names{"ann", "dee"});
  CHECK(sorted_names(q.where(!(users.age == 10))) == Names{"bob", "cy"});
  CHECK(sorted_names(q.where(!(users.age == 10 || users.age == 30) && users.active == true)) == Names{});
  CHECK(sorted_names(q.where((users.age == 10 || users.age == 20) && users.active == true)) == Names{"ann"});
}

TEST_CASE("chained where calls all have to match", "[runtime]") {
  auto db = seeded_db();
  auto q = db.select<rt::User>().where(users.age >= 10).where(users.age <= 20).where(users.active == true);
  CHECK(sorted_names(q) == Names{"ann"});
}

TEST_CASE("like matches text patterns with % and _ and binds the pattern", "[runtime]") {
  auto db = seeded_db();
  CHECK(sorted_names(db.select<rt::User>().where(users.name.like("%e%"))) == Names{"dee"});
  CHECK(sorted_names(db.select<rt::User>().where(users.name.like("_y"))) == Names{"cy"});
  CHECK(sorted_names(db.select<rt::User>().where(users.email.like("%@example.com"))).size() == 4);
  CHECK(sorted_names(db.select<rt::User>().where(users.bio.like("likes%"))) == Names{"ann"});
  std::string pattern = "b%";
  CHECK(sorted_names(db.select<rt::User>().where(users.name.like(pattern))) == Names{"bob"});
}

TEST_CASE("in selects rows whose value is in the list", "[runtime]") {
  auto db = seeded_db();
  CHECK(sorted_names(db.select<rt::User>().where(users.age.in(std::vector<std::int64_t>{10, 30, 99}))) ==
        Names{"ann", "cy"});
  CHECK(sorted_names(db.select<rt::User>().where(users.age.in(std::array<int, 2>{20, 40}))) == Names{"bob"});
  CHECK(sorted_names(db.select<rt::User>().where(users.name.in(std::vector<std::string>{"cy", "dee"}))) ==
        Names{"cy", "dee"});
  CHECK(sorted_names(db.select<rt::User>().where(users.name.in(std::array<const char*, 1>{"ann"}))) ==
        Names{"ann"});
}

TEST_CASE("in with an empty list matches nothing", "[runtime]") {
  auto db = seeded_db();
  CHECK(db.select<rt::User>().where(users.age.in(std::vector<std::int64_t>{})).count() == 0);
  CHECK(db.select<rt::User>().where(!users.age.in(std::vector<std::int64_t>{})).count() == 4);
}

TEST_CASE("in matches strings holding quotes, backslashes, control characters and UTF-8 exactly", "[runtime]") {
  auto db = rt_test::memory_db();
  const std::vector<std::string> tricky = {"O'Brien", "say \"hi\"", "back\\slash", "tab\there",
                                           "line\nbreak", "bell\x01", "zoë 世界", "x' OR 1=1 --"};
  for (std::size_t i = 0; i < tricky.size(); ++i) {
    auto u = make_user("u" + std::to_string(i));
    u.name = tricky[i];
    db.insert(u);
  }
  for (const auto& name : tricky) {
    auto found = db.select<rt::User>().where(users.name.in(std::vector<std::string>{name})).all();
    REQUIRE(found.size() == 1);
    CHECK(found[0].name == name);
  }
  CHECK(db.select<rt::User>().where(users.name.in(tricky)).count() == static_cast<std::int64_t>(tricky.size()));
  CHECK(db.select<rt::User>().where(users.name.in(std::vector<std::string>{"O'", "Brien", "\"hi\""})).count() == 0);
}

TEST_CASE("in works on real and boolean columns", "[runtime]") {
  auto db = rt_test::memory_db();
  for (double ratio : {0.5, 2.0, 1e300}) {
    rt::Sample s{.flag = ratio > 1, .ratio = ratio};
    db.insert(s);
  }
  CHECK(db.select<rt::Sample>().where(rt::samples.ratio.in(std::vector<double>{0.5, 1e300})).count() == 2);
  CHECK(db.select<rt::Sample>().where(rt::samples.ratio.in(std::vector<double>{2.0})).count() == 1);
  CHECK(db.select<rt::Sample>().where(rt::samples.flag.in(std::vector<bool>{true})).count() == 2);
}

TEST_CASE("in with an infinite value matches the rows holding it", "[runtime]") {
  auto db = rt_test::memory_db();
  const double inf = std::numeric_limits<double>::infinity();
  for (double ratio : {1.0, inf, -inf}) {
    rt::Sample s{.ratio = ratio};
    db.insert(s);
  }
  CHECK(db.select<rt::Sample>().where(rt::samples.ratio.in(std::vector<double>{inf})).count() == 1);
  CHECK(db.select<rt::Sample>().where(rt::samples.ratio.in(std::vector<double>{-inf, 1.0})).count() == 2);
  CHECK(db.select<rt::Sample>().where(rt::samples.ratio.in(std::vector<double>{std::nan("")})).count() == 0);
}

TEST_CASE("is_null and is_not_null select rows by NULL-ness", "[runtime]") {
  auto db = seeded_db();
  CHECK(sorted_names(db.select<rt::User>().where(users.age.is_null())) == Names{"dee"});
  CHECK(sorted_names(db.select<rt::User>().where(users.age.is_not_null())) == Names{"ann", "bob", "cy"});
  CHECK(sorted_names(db.select<rt::User>().where(users.bio.is_not_null())) == Names{"ann"});
}

TEST_CASE("order_by sorts by several columns in their directions", "[runtime]") {
  auto db = seeded_db();
  auto extra = make_user("abe", 20);
  db.insert(extra);
  CHECK(names(db.select<rt::User>().order_by(users.name).all()) == Names{"abe", "ann", "bob", "cy", "dee"});
  CHECK(names(db.select<rt::User>().order_by(users.name.desc()).all()) == Names{"dee", "cy", "bob", "ann", "abe"});
  // Active first, then by age descending (NULL sorts last in DESC), then by name.
  CHECK(names(db.select<rt::User>().order_by(users.active.desc(), users.age.desc(), users.name.asc()).all()) ==
        Names{"cy", "abe", "ann", "dee", "bob"});
}

TEST_CASE("limit and offset page through the rows", "[runtime]") {
  auto db = seeded_db();
  auto by_name = db.select<rt::User>().order_by(users.name);
  CHECK(names(by_name.limit(2).all()) == Names{"ann", "bob"});
  CHECK(names(by_name.limit(2).offset(2).all()) == Names{"cy", "dee"});
  CHECK(names(by_name.limit(2).offset(3).all()) == Names{"dee"});
  CHECK(names(by_name.offset(1).all()) == Names{"bob", "cy", "dee"});
  CHECK(by_name.limit(0).all().empty());
  CHECK(by_name.offset(10).all().empty());
}

TEST_CASE("first returns the first row in order or nullopt", "[runtime]") {
  auto db = seeded_db();
  auto oldest = db.select<rt::User>().where(users.age.is_not_null()).order_by(users.age.desc()).first();
  REQUIRE(oldest.has_value());
  CHECK(oldest->name == "cy");
  auto second = db.select<rt::User>().order_by(users.name).offset(1).first();
  REQUIRE(second.has_value());
  CHECK(second->name == "bob");
  CHECK_FALSE(db.select<rt::User>().where(users.age > 100).first().has_value());
}

TEST_CASE("all returns every matching row and an empty vector when none match", "[runtime]") {
  auto db = seeded_db();
  CHECK(db.select<rt::User>().all().size() == 4);
  CHECK(db.select<rt::User>().where(users.name == "nobody").all().empty());
}

TEST_CASE("count counts the matching rows and ignores limit and offset", "[runtime]") {
  auto db = seeded_db();
  CHECK(db.select<rt::User>().count() == 4);
  CHECK(db.select<rt::User>().where(users.age >= 10).count() == 3);
  CHECK(db.select<rt::User>().where(users.age >= 10).limit(1).count() == 3);
  CHECK(db.select<rt::User>().where(users.age >= 10).limit(1).offset(2).count() == 3);
  CHECK(db.select<rt::User>().where(users.age > 100).count() == 0);
}

TEST_CASE("exists says whether any row matches", "[runtime]") {
  auto db = seeded_db();
  CHECK(db.select<rt::User>().exists());
  CHECK(db.select<rt::User>().where(users.name == "cy").exists());
  CHECK_FALSE(db.select<rt::User>().where(users.name == "nobody").exists());
  CHECK_FALSE(rt_test::memory_db().select<rt::User>().exists());
}

TEST_CASE("values are bound, never spliced into the SQL", "[runtime]") {
  auto db = seeded_db();
  const std::string injection = "x' OR 1=1 --";
  auto q = db.select<rt::User>().where(users.name == injection);
  CHECK(decltype(q)::sql().find("OR 1=1") == std::string::npos);
  CHECK(q.count() == 0);
  CHECK(q.all().empty());
  CHECK(db.select<rt::User>().where(users.name.like(injection)).count() == 0);
  CHECK(db.select<rt::User>().where(users.name.in(std::vector<std::string>{injection})).count() == 0);
  CHECK(db.select<rt::User>().count() == 4);
}

TEST_CASE("a query kept in a variable can run several times and sees new rows", "[runtime]") {
  auto db = seeded_db();
  auto adults = db.select<rt::User>().where(users.age >= 18).order_by(users.name);
  CHECK(names(adults.all()) == Names{"bob", "cy"});
  CHECK(names(adults.all()) == Names{"bob", "cy"});
  CHECK(adults.count() == 2);
  auto eve = make_user("eve", 50);
  db.insert(eve);
  CHECK(names(adults.all()) == Names{"bob", "cy", "eve"});
  CHECK(adults.count() == 3);
}

TEST_CASE("a query keeps its own copy of the values it compares with", "[runtime]") {
  auto db = seeded_db();
  auto q = [&] {
    std::string name = "bob";
    auto query = db.select<rt::User>().where(users.name == name);
    name = "overwritten and destroyed";
    return query;
  }();
  CHECK(names(q.all()) == Names{"bob"});
}

TEST_CASE("a query can select from any generated table", "[runtime]") {
  auto db = rt_test::memory_db();
  rt::Membership m{.org_id = 3, .user_id = 4, .role = "owner"};
  db.insert(m);
  auto owners = db.select<rt::Membership>().where(rt::memberships.role == "owner").all();
  REQUIRE(owners.size() == 1);
  CHECK(owners[0].user_id == 4);
}

// ---- the rules, as concepts checked at compile time ----

TEST_CASE("column concepts classify the generated columns", "[runtime]") {
  STATIC_REQUIRE(dorm::AnyColumn<decltype(users.name)>);
  STATIC_REQUIRE_FALSE(dorm::AnyColumn<int>);
  STATIC_REQUIRE(dorm::ColumnOf<decltype(users.name), rt::users_table>);
  STATIC_REQUIRE_FALSE(dorm::ColumnOf<decltype(rt::posts.title), rt::users_table>);
  STATIC_REQUIRE(dorm::TextColumn<decltype(users.name)>);
  STATIC_REQUIRE(dorm::TextColumn<decltype(users.bio)>);
  STATIC_REQUIRE_FALSE(dorm::TextColumn<decltype(users.age)>);
  STATIC_REQUIRE_FALSE(dorm::TextColumn<decltype(rt::samples.payload)>);
  STATIC_REQUIRE(dorm::NullableColumn<decltype(users.bio)>);
  STATIC_REQUIRE(dorm::NullableColumn<decltype(users.age)>);
  STATIC_REQUIRE_FALSE(dorm::NullableColumn<decltype(users.name)>);
  STATIC_REQUIRE_FALSE(dorm::NullableColumn<decltype(users.id)>);
}

TEST_CASE("ComparableValue allows numbers with numbers, text with text, bool with bool, blob with blob only", "[runtime]") {
  STATIC_REQUIRE(dorm::ComparableValue<std::int64_t, int>);
  STATIC_REQUIRE(dorm::ComparableValue<std::optional<std::int64_t>, double>);
  STATIC_REQUIRE(dorm::ComparableValue<std::string, const char*>);
  STATIC_REQUIRE(dorm::ComparableValue<std::optional<std::string>, std::string_view>);
  STATIC_REQUIRE(dorm::ComparableValue<bool, bool>);
  STATIC_REQUIRE(dorm::ComparableValue<std::vector<std::byte>, std::vector<std::byte>>);
  STATIC_REQUIRE_FALSE(dorm::ComparableValue<std::int64_t, const char*>);
  STATIC_REQUIRE_FALSE(dorm::ComparableValue<std::int64_t, std::string>);
  STATIC_REQUIRE_FALSE(dorm::ComparableValue<std::string, int>);
  STATIC_REQUIRE_FALSE(dorm::ComparableValue<bool, int>);
  STATIC_REQUIRE_FALSE(dorm::ComparableValue<std::int64_t, bool>);
  STATIC_REQUIRE_FALSE(dorm::ComparableValue<std::int64_t, char>);
  STATIC_REQUIRE_FALSE(dorm::ComparableValue<std::string, std::nullptr_t>);
  STATIC_REQUIRE_FALSE(dorm::ComparableValue<std::vector<std::byte>, std::string>);
}

TEST_CASE("comparisons and predicates are conditions, columns and plain values are not", "[runtime]") {
  STATIC_REQUIRE(dorm::Condition<decltype(users.age >= 18)>);
  STATIC_REQUIRE(dorm::Condition<decltype(users.name.like("a%"))>);
  STATIC_REQUIRE(dorm::Condition<decltype(users.bio.is_null())>);
  STATIC_REQUIRE(dorm::Condition<decltype(users.age > 1 && !(users.name == "x"))>);
  STATIC_REQUIRE(dorm::Expression<decltype(users.age)>);
  STATIC_REQUIRE_FALSE(dorm::Condition<decltype(users.age)>);
  STATIC_REQUIRE_FALSE(dorm::Condition<bool>);
}

TEST_CASE("generated structs are models and their tables are tables", "[runtime]") {
  STATIC_REQUIRE(dorm::Model<rt::User>);
  STATIC_REQUIRE(dorm::Model<rt::Membership>);
  STATIC_REQUIRE(std::is_same_v<dorm::table_of<rt::User>, rt::users_table_info>);
  STATIC_REQUIRE(std::is_same_v<dorm::table_of<const rt::User&>, rt::users_table_info>);
  STATIC_REQUIRE(dorm::Table<rt::users_table_info>);
  STATIC_REQUIRE_FALSE(dorm::Model<int>);
  STATIC_REQUIRE_FALSE(dorm::Model<std::string>);
}

TEST_CASE("storable values are the member types dorm binds and reads", "[runtime]") {
  STATIC_REQUIRE(dorm::StorableValue<std::int64_t>);
  STATIC_REQUIRE(dorm::StorableValue<int>);
  STATIC_REQUIRE(dorm::StorableValue<bool>);
  STATIC_REQUIRE(dorm::StorableValue<double>);
  STATIC_REQUIRE(dorm::StorableValue<std::string>);
  STATIC_REQUIRE(dorm::StorableValue<std::vector<std::byte>>);
  STATIC_REQUIRE(dorm::StorableValue<std::optional<std::string>>);
  STATIC_REQUIRE(dorm::StorableValue<std::optional<std::vector<std::byte>>>);
  STATIC_REQUIRE_FALSE(dorm::StorableValue<char>);
  STATIC_REQUIRE_FALSE(dorm::StorableValue<std::string_view>);  // bindable, but nothing to read into
  STATIC_REQUIRE_FALSE(dorm::StorableValue<rt::User>);
}
