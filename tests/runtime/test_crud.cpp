// Typed CRUD on generated models: insert, find, find_or_fail, update, remove, remove.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "support.hpp"

using rt_test::make_user;

namespace {

std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

rt::Sample make_sample() {
  rt::Sample s;
  s.payload = bytes({1, 2, 3});
  s.flag = true;
  s.ratio = 0.25;
  s.text = "sample";
  return s;
}

}  // namespace

TEST_CASE("insert fills in the auto-increment key and the SQL-default column", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  auto bob = make_user("bob");
  REQUIRE(ann.id == 0);
  REQUIRE_FALSE(ann.created_at.has_value());
  db.insert(ann);
  db.insert(bob);
  CHECK(ann.id == 1);
  CHECK(bob.id == 2);
  REQUIRE(ann.created_at.has_value());
  CHECK(std::regex_match(*ann.created_at, std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})")));

  auto found = db.find<rt::User>(ann.id);
  REQUIRE(found.has_value());
  CHECK(found->created_at == ann.created_at);
}

TEST_CASE("insert keeps a value given for an SQL-default column", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  ann.created_at = "2001-02-03 04:05:06";
  db.insert(ann);
  CHECK(ann.created_at == "2001-02-03 04:05:06");
  CHECK(db.find_or_fail<rt::User>(ann.id).created_at == "2001-02-03 04:05:06");
}

TEST_CASE("insert with an explicit key keeps it and later keys continue after it", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  ann.id = 42;
  db.insert(ann);
  CHECK(ann.id == 42);
  CHECK(db.find_or_fail<rt::User>(42).name == "ann");

  auto bob = make_user("bob");
  db.insert(bob);
  CHECK(bob.id == 43);
}

TEST_CASE("insert of a table without SQL defaults fills in the key only", "[runtime]") {
  auto db = rt_test::memory_db();
  auto first = make_sample();
  auto second = make_sample();
  second.text = "second";
  db.insert(first);
  db.insert(second);
  CHECK(first.id == 1);
  CHECK(second.id == 2);
  CHECK(second.text == "second");
  CHECK(db.find_or_fail<rt::Sample>(2).text == "second");
}

TEST_CASE("insert of a row referencing another table fills in its key and default", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  rt::Post post{.author_id = ann.id, .title = "hello"};
  db.insert(post);
  CHECK(post.id == 1);
  CHECK(post.created_at.has_value());
  auto found = db.find_or_fail<rt::Post>(post.id);
  CHECK(found.author_id == ann.id);
  CHECK(found.title == "hello");
  CHECK(found.views == 0);
  CHECK(found.created_at == post.created_at);
}

TEST_CASE("find returns the row or nullopt", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann", 30);
  ann.bio = "writes code";
  db.insert(ann);

  auto found = db.find<rt::User>(ann.id);
  REQUIRE(found.has_value());
  CHECK(found->id == ann.id);
  CHECK(found->email == "ann@example.com");
  CHECK(found->name == "ann");
  CHECK(found->bio == "writes code");
  CHECK(found->age == 30);
  CHECK(found->active);

  CHECK_FALSE(db.find<rt::User>(ann.id + 1).has_value());
  CHECK_FALSE(db.find<rt::User>(std::int64_t{-1}).has_value());
}

TEST_CASE("find_or_fail throws NotFound naming the table when there is no such row", "[runtime]") {
  auto db = rt_test::memory_db();
  try {
    (void)db.find_or_fail<rt::User>(7);
    FAIL("find_or_fail found a row in an empty table");
  } catch (const dorm::NotFound& e) {
    CHECK_THAT(e.what(), Catch::Matchers::StartsWith("[dorm.not_found]"));
    CHECK_THAT(e.what(), Catch::Matchers::Contains("'users'"));
  }
  auto ann = make_user("ann");
  db.insert(ann);
  CHECK(db.find_or_fail<rt::User>(ann.id).name == "ann");
}

TEST_CASE("update writes every column of the row", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann", 30);
  ann.bio = "old bio";
  db.insert(ann);
  auto bob = make_user("bob", 40);
  db.insert(bob);

  ann.email = "ann@example.org";
  ann.name = "Ann";
  ann.bio = std::nullopt;
  ann.age = 31;
  ann.active = false;
  ann.created_at = "2020-01-01 00:00:00";
  db.update(ann);

  auto found = db.find_or_fail<rt::User>(ann.id);
  CHECK(found.email == "ann@example.org");
  CHECK(found.name == "Ann");
  CHECK_FALSE(found.bio.has_value());
  CHECK(found.age == 31);
  CHECK_FALSE(found.active);
  CHECK(found.created_at == "2020-01-01 00:00:00");
  // The other row is untouched.
  CHECK(db.find_or_fail<rt::User>(bob.id).name == "bob");
  CHECK(db.find_or_fail<rt::User>(bob.id).age == 40);
}

TEST_CASE("update of a missing row throws NotFound and writes nothing", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);  // the last change before the update: one row

  auto ghost = make_user("ghost");
  ghost.id = 99;
  ghost.created_at = "2020-01-01 00:00:00";
  try {
    db.update(ghost);
    FAIL("update of a missing row succeeded");
  } catch (const dorm::NotFound& e) {
    CHECK_THAT(e.what(), Catch::Matchers::StartsWith("[dorm.not_found]"));
    CHECK_THAT(e.what(), Catch::Matchers::Contains("'users'"));
    CHECK_THAT(e.sql(), Catch::Matchers::StartsWith("UPDATE \"users\""));
  }
  CHECK(db.select<rt::User>().count() == 1);
  CHECK_FALSE(db.find<rt::User>(99).has_value());
  CHECK(db.find_or_fail<rt::User>(ann.id).name == "ann");
}

TEST_CASE("update of a row runs the update builder's statement: every non-key column set, the key as its condition", "[runtime]") {
  using rt::users;
  auto db = rt_test::memory_db();
  auto ann = make_user("ann", 30);
  db.insert(ann);
  auto bob = make_user("bob", 40);
  db.insert(bob);
  std::vector<std::string> seen;
  db.on_statement([&](std::string_view sql) { seen.emplace_back(sql); });

  ann.name = "Ann";
  db.update(ann);
  // The same text as update_all<User>() setting each column in table order, where(id == ...):
  // one SQL path, and no text spliced at run time.
  const auto& builder_sql = decltype(db.update_all<rt::User>()
                                         .set(users.email = ann.email, users.name = ann.name, users.bio = ann.bio,
                                              users.age = ann.age, users.active = ann.active,
                                              users.created_at = ann.created_at)
                                         .where(users.id == ann.id))::sql();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == builder_sql);
  CHECK(seen[0] ==
        "UPDATE \"users\" SET \"email\" = ?, \"name\" = ?, \"bio\" = ?, \"age\" = ?, \"active\" = ?, "
        "\"created_at\" = ? WHERE \"users\".\"id\" = ?");
  CHECK(db.find_or_fail<rt::User>(ann.id).name == "Ann");
  CHECK(db.find_or_fail<rt::User>(bob.id).name == "bob");
}

TEST_CASE("update of a row with a composite key binds both key columns in the builder's condition", "[runtime]") {
  auto db = rt_test::memory_db();
  rt::Membership a{.org_id = 1, .user_id = 2, .role = "owner"};
  rt::Membership b{.org_id = 2, .user_id = 1, .role = "owner"};
  db.insert(a);
  db.insert(b);
  std::vector<std::string> seen;
  db.on_statement([&](std::string_view sql) { seen.emplace_back(sql); });
  a.role = "admin";
  db.update(a);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] ==
        "UPDATE \"memberships\" SET \"role\" = ?, \"score\" = ? WHERE (\"memberships\".\"org_id\" = ? AND "
        "\"memberships\".\"user_id\" = ?)");
  CHECK(db.find_or_fail<rt::Membership>(1, 2).role == "admin");
  CHECK(db.find_or_fail<rt::Membership>(2, 1).role == "owner");
}

TEST_CASE("update of a row of a table made only of its key sets the key to itself and checks the row exists", "[runtime]") {
  auto db = rt_test::memory_db();
  rt::Follow follow{.follower_id = 1, .followee_id = 2};
  db.insert(follow);
  std::vector<std::string> seen;
  db.on_statement([&](std::string_view sql) { seen.emplace_back(sql); });
  db.update(follow);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] ==
        "UPDATE \"follows\" SET \"follower_id\" = ?, \"followee_id\" = ? WHERE (\"follows\".\"follower_id\" = ? AND "
        "\"follows\".\"followee_id\" = ?)");
  CHECK(db.find<rt::Follow>(1, 2).has_value());
  rt::Follow missing{.follower_id = 2, .followee_id = 1};
  CHECK_THROWS_AS(db.update(missing), dorm::NotFound);
  CHECK_FALSE(db.find<rt::Follow>(2, 1).has_value());
  CHECK(*db.query_value<std::int64_t>("SELECT count(*) FROM follows") == 1);
}

TEST_CASE("remove returns whether a row was deleted", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  auto bob = make_user("bob");
  db.insert(ann);
  db.insert(bob);
  CHECK(db.remove(ann));
  CHECK_FALSE(db.find<rt::User>(ann.id).has_value());
  CHECK(db.find<rt::User>(bob.id).has_value());
  CHECK_FALSE(db.remove(ann));
}

TEST_CASE("remove deletes by primary key and returns false when there is no row", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  CHECK(db.remove<rt::User>(ann.id));
  CHECK(db.select<rt::User>().count() == 0);
  CHECK_FALSE(db.remove<rt::User>(ann.id));
}

TEST_CASE("removing a user cascades to their posts", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  rt::Post post{.author_id = ann.id, .title = "hello"};
  db.insert(post);
  CHECK(db.remove(ann));
  CHECK_FALSE(db.find<rt::Post>(post.id).has_value());
}

TEST_CASE("a table with a composite primary key is found, updated and removed by both key columns", "[runtime]") {
  auto db = rt_test::memory_db();
  rt::Membership a{.org_id = 1, .user_id = 2, .role = "owner"};
  rt::Membership b{.org_id = 1, .user_id = 3};
  rt::Membership c{.org_id = 2, .user_id = 2, .score = 9.5};
  db.insert(a);
  db.insert(b);
  db.insert(c);
  // Inserting leaves the key alone: there is no auto-increment column.
  CHECK(a.org_id == 1);
  CHECK(a.user_id == 2);

  auto found = db.find<rt::Membership>(std::int64_t{1}, std::int64_t{3});
  REQUIRE(found.has_value());
  CHECK(found->role == "member");
  CHECK(db.find_or_fail<rt::Membership>(2, 2).score == 9.5);
  CHECK(db.find_or_fail<rt::Membership>(1, 2).role == "owner");
  CHECK_FALSE(db.find<rt::Membership>(2, 3).has_value());
  CHECK_FALSE(db.find<rt::Membership>(3, 1).has_value());

  b.role = "admin";
  db.update(b);
  CHECK(db.find_or_fail<rt::Membership>(1, 3).role == "admin");
  CHECK(db.find_or_fail<rt::Membership>(1, 2).role == "owner");

  rt::Membership missing{.org_id = 5, .user_id = 5};
  CHECK_THROWS_AS(db.update(missing), dorm::NotFound);

  CHECK(db.remove<rt::Membership>(1, 2));
  CHECK_FALSE(db.remove<rt::Membership>(1, 2));
  CHECK(db.remove(c));
  CHECK(db.select<rt::Membership>().count() == 1);
}

TEST_CASE("inserting a duplicate composite key is a primary key ConstraintError", "[runtime]") {
  auto db = rt_test::memory_db();
  rt::Membership a{.org_id = 1, .user_id = 2};
  db.insert(a);
  rt::Membership again{.org_id = 1, .user_id = 2, .role = "owner"};
  try {
    db.insert(again);
    FAIL("duplicate composite key inserted");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::primary_key);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("memberships.org_id, memberships.user_id"));
  }
  CHECK(db.find_or_fail<rt::Membership>(1, 2).role == "member");
}

TEST_CASE("blobs round-trip byte for byte, including zero bytes and the empty blob", "[runtime]") {
  auto db = rt_test::memory_db();
  auto s = make_sample();
  s.payload = bytes({0x00, 0xff, 0x00, 0x7f, 0x80, 0x0a});
  s.maybe_payload = bytes({0x00});
  db.insert(s);
  auto found = db.find_or_fail<rt::Sample>(s.id);
  CHECK(found.payload == s.payload);
  CHECK(found.maybe_payload == s.maybe_payload);

  auto empty = make_sample();
  empty.payload = {};
  empty.maybe_payload = std::vector<std::byte>{};  // an empty blob, not NULL
  db.insert(empty);
  auto found_empty = db.find_or_fail<rt::Sample>(empty.id);
  CHECK(found_empty.payload.empty());
  REQUIRE(found_empty.maybe_payload.has_value());
  CHECK(found_empty.maybe_payload->empty());
  CHECK(db.query_value<std::string>("SELECT typeof(payload) FROM samples WHERE id = ?", empty.id) == "blob");
  CHECK(db.query_value<std::string>("SELECT typeof(maybe_payload) FROM samples WHERE id = ?", empty.id) == "blob");

  auto large = make_sample();
  large.payload.resize(1 << 20);
  for (std::size_t i = 0; i < large.payload.size(); ++i) large.payload[i] = static_cast<std::byte>(i * 7);
  db.insert(large);
  CHECK(db.find_or_fail<rt::Sample>(large.id).payload == large.payload);
}

TEST_CASE("a nullopt blob is stored as NULL", "[runtime]") {
  auto db = rt_test::memory_db();
  auto s = make_sample();
  db.insert(s);
  CHECK_FALSE(db.find_or_fail<rt::Sample>(s.id).maybe_payload.has_value());
  CHECK(db.query_value<std::string>("SELECT typeof(maybe_payload) FROM samples") == "null");
}

TEST_CASE("booleans round-trip and are stored as 0 and 1", "[runtime]") {
  auto db = rt_test::memory_db();
  auto yes = make_sample();
  yes.flag = true;
  yes.maybe_flag = false;
  auto no = make_sample();
  no.flag = false;
  no.maybe_flag = true;
  auto unknown = make_sample();
  db.insert(yes);
  db.insert(no);
  db.insert(unknown);
  CHECK(db.find_or_fail<rt::Sample>(yes.id).flag == true);
  CHECK(db.find_or_fail<rt::Sample>(yes.id).maybe_flag == false);
  CHECK(db.find_or_fail<rt::Sample>(no.id).flag == false);
  CHECK(db.find_or_fail<rt::Sample>(no.id).maybe_flag == true);
  CHECK_FALSE(db.find_or_fail<rt::Sample>(unknown.id).maybe_flag.has_value());
  CHECK(db.query<std::int64_t>("SELECT flag FROM samples ORDER BY id") == std::vector<std::int64_t>{1, 0, 1});
}

TEST_CASE("doubles round-trip exactly", "[runtime]") {
  auto db = rt_test::memory_db();
  for (double v : {0.1, -1e300, 3.5, 2.0, 5e-324, -0.0}) {
    auto s = make_sample();
    s.ratio = v;
    s.maybe_ratio = v;
    db.insert(s);
    auto found = db.find_or_fail<rt::Sample>(s.id);
    CHECK(found.ratio == v);
    CHECK(found.maybe_ratio == v);
  }
  auto none = make_sample();
  db.insert(none);
  CHECK_FALSE(db.find_or_fail<rt::Sample>(none.id).maybe_ratio.has_value());
}

TEST_CASE("nullable columns round-trip both values and NULL, and update can set them either way", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  auto found = db.find_or_fail<rt::User>(ann.id);
  CHECK_FALSE(found.bio.has_value());
  CHECK_FALSE(found.age.has_value());

  found.bio = "";  // an empty string is not NULL
  found.age = 0;
  db.update(found);
  auto again = db.find_or_fail<rt::User>(ann.id);
  CHECK(again.bio == std::optional<std::string>(""));
  CHECK(again.age == std::optional<std::int64_t>(0));

  again.bio.reset();
  again.age.reset();
  db.update(again);
  CHECK(db.select<rt::User>().where(rt::users.bio.is_null() && rt::users.age.is_null()).count() == 1);
}

TEST_CASE("text with embedded NUL characters and UTF-8 round-trips unchanged", "[runtime]") {
  auto db = rt_test::memory_db();
  auto s = make_sample();
  s.text = std::string("before\0after", 12);
  s.maybe_text = "Grüße, 世界 🌍";
  db.insert(s);
  auto found = db.find_or_fail<rt::Sample>(s.id);
  CHECK(found.text.size() == 12);
  CHECK(found.text == std::string("before\0after", 12));
  CHECK(found.maybe_text == s.maybe_text);
  CHECK(db.query_value<std::int64_t>("SELECT length(CAST(text AS BLOB)) FROM samples") == 12);

  auto user = make_user("zoë");
  db.insert(user);
  CHECK(db.select<rt::User>().where(rt::users.name == "zoë").count() == 1);
}

TEST_CASE("literal schema defaults are the members' initial values and match the SQL defaults", "[runtime]") {
  rt::Sample sample;
  CHECK(sample.count == 7);
  CHECK(sample.label == "it's \"quoted\"");
  rt::Membership membership;
  CHECK(membership.role == "member");
  CHECK(membership.score == 1.5);
  rt::User user;
  CHECK(user.active == true);
  rt::Post post;
  CHECK(post.views == 0);

  // The database's own defaults (used by raw SQL that leaves the columns out) are the same.
  auto db = rt_test::memory_db();
  db.execute("INSERT INTO samples (payload, flag, ratio, text) VALUES (x'', 0, 0, '')");
  auto stored = db.find_or_fail<rt::Sample>(db.last_insert_rowid());
  CHECK(stored.count == sample.count);
  CHECK(stored.label == sample.label);
  db.execute("INSERT INTO memberships (org_id, user_id) VALUES (1, 1)");
  auto stored_membership = db.find_or_fail<rt::Membership>(1, 1);
  CHECK(stored_membership.role == membership.role);
  CHECK(stored_membership.score == membership.score);
}
