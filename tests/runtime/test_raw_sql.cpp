// The raw-SQL escape hatch: execute, execute_script, query, query_value, the statement cache.
#include <catch2/catch.hpp>

#include <tuple>

#include "support.hpp"

using Catch::Matchers::StartsWith;
using rt_test::make_user;

namespace {

dorm::Database three_users_db() {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann", 10);
  auto bob = make_user("bob", 20);
  auto cy = make_user("cy");
  for (auto* u : {&ann, &bob, &cy}) db.insert(*u);
  return db;
}

}  // namespace

TEST_CASE("execute binds its arguments and returns the number of rows changed", "[runtime]") {
  auto db = three_users_db();
  CHECK(db.execute("UPDATE users SET age = ? WHERE age IS NULL", 5) == 1);
  CHECK(db.execute("UPDATE users SET bio = ? WHERE age < ?", "young", 15) == 2);
  CHECK(db.execute("UPDATE users SET bio = ? WHERE age > ?", std::string("old"), 100) == 0);
  CHECK(db.execute("DELETE FROM users WHERE name IN (?, ?)", std::string_view("ann"), "cy") == 2);
  CHECK(db.changes() == 2);
  CHECK(db.select<rt::User>().count() == 1);
}

TEST_CASE("execute returns 0 for statements that change no rows, whatever ran before", "[runtime]") {
  auto db = three_users_db();
  CHECK(db.execute("UPDATE users SET age = 1") == 3);
  CHECK(db.execute("SELECT count(*) FROM users") == 0);
  CHECK(db.execute("CREATE TABLE extra (x INTEGER)") == 0);
  CHECK(db.execute("UPDATE users SET age = 2 WHERE 0") == 0);
}

TEST_CASE("execute binds every storable type, optionals and nullopt", "[runtime]") {
  auto db = rt_test::memory_db();
  const std::vector<std::byte> blob{std::byte{0}, std::byte{42}};
  CHECK(db.execute("INSERT INTO samples (payload, maybe_payload, flag, maybe_flag, ratio, maybe_ratio, text, "
                   "maybe_text, count, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   blob, std::optional<std::vector<std::byte>>{}, true, std::optional<bool>(false), 0.5,
                   std::nullopt, std::string("text"), std::optional<std::string>("maybe"), short{3},
                   "label") == 1);
  auto s = db.find_or_fail<rt::Sample>(db.last_insert_rowid());
  CHECK(s.payload == blob);
  CHECK_FALSE(s.maybe_payload.has_value());
  CHECK(s.flag);
  CHECK(s.maybe_flag == false);
  CHECK(s.ratio == 0.5);
  CHECK_FALSE(s.maybe_ratio.has_value());
  CHECK(s.text == "text");
  CHECK(s.maybe_text == "maybe");
  CHECK(s.count == 3);
  CHECK(s.label == "label");
}

TEST_CASE("execute_script runs several statements", "[runtime]") {
  auto db = rt_test::memory_db();
  db.execute_script(R"sql(
    CREATE TABLE log (id INTEGER PRIMARY KEY, line TEXT NOT NULL);
    INSERT INTO log (line) VALUES ('one');
    INSERT INTO log (line) VALUES ('two');
  )sql");
  CHECK(db.query<std::string>("SELECT line FROM log ORDER BY id") == std::vector<std::string>{"one", "two"});
}

TEST_CASE("execute_script stops at the first failing statement with a SqliteError", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK_THROWS_WITH(db.execute_script("CREATE TABLE log (x); INSERT INTO nope VALUES (1); INSERT INTO log VALUES (2);"),
                    StartsWith("[dorm.sqlite.1] no such table: nope"));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM log") == 0);
}

TEST_CASE("query reads rows as tuples", "[runtime]") {
  auto db = three_users_db();
  using Row = std::tuple<std::int64_t, std::string, std::optional<std::int64_t>>;
  auto rows = db.query<Row>("SELECT id, name, age FROM users ORDER BY id");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == Row{1, "ann", 10});
  CHECK(rows[1] == Row{2, "bob", 20});
  CHECK(rows[2] == Row{3, "cy", std::nullopt});
}

TEST_CASE("query reads rows as generated models", "[runtime]") {
  auto db = three_users_db();
  auto rows = db.query<rt::User>("SELECT * FROM users WHERE age >= ? ORDER BY id", 15);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].name == "bob");
  CHECK(rows[0].email == "bob@example.com");
  CHECK(rows[0].age == 20);
  CHECK(rows[0].created_at.has_value());
}

TEST_CASE("query reads a single column as plain values", "[runtime]") {
  auto db = three_users_db();
  CHECK(db.query<std::int64_t>("SELECT id FROM users ORDER BY id DESC") == std::vector<std::int64_t>{3, 2, 1});
  CHECK(db.query<std::string>("SELECT name FROM users WHERE age IS NULL") == std::vector<std::string>{"cy"});
  CHECK(db.query<std::optional<std::int64_t>>("SELECT age FROM users ORDER BY id") ==
        std::vector<std::optional<std::int64_t>>{10, 20, std::nullopt});
  CHECK(db.query<double>("SELECT 0.5").at(0) == 0.5);
  CHECK(db.query<std::int64_t>("SELECT id FROM users WHERE 0").empty());
}

TEST_CASE("query_value returns the first column of the first row or nullopt", "[runtime]") {
  auto db = three_users_db();
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM users") == 3);
  CHECK(db.query_value<std::string>("SELECT name FROM users WHERE id = ?", 2) == "bob");
  CHECK(db.query_value<bool>("SELECT active FROM users WHERE id = ?", 1) == true);
  CHECK_FALSE(db.query_value<std::int64_t>("SELECT id FROM users WHERE id = ?", 99).has_value());
  auto maybe_age = db.query_value<std::optional<std::int64_t>>("SELECT age FROM users WHERE id = 3");
  REQUIRE(maybe_age.has_value());
  CHECK_FALSE(maybe_age->has_value());
}

TEST_CASE("query_value of INSERT ... RETURNING reports an error raised at commit", "[runtime]") {
  auto db = rt_test::memory_db();
  db.execute("PRAGMA defer_foreign_keys = ON");
  CHECK_THROWS_AS(db.query_value<std::int64_t>("INSERT INTO posts (author_id, title) VALUES (999, 'x') RETURNING id"),
                  dorm::ConstraintError);
  CHECK(db.select<rt::Post>().count() == 0);
  auto ann = make_user("ann");
  db.insert(ann);
  CHECK(db.query_value<std::int64_t>("INSERT INTO posts (author_id, title) VALUES (?, 'x') RETURNING id", ann.id) == 1);
  CHECK(db.select<rt::Post>().count() == 1);
}

TEST_CASE("last_insert_rowid and changes report the last write", "[runtime]") {
  auto db = three_users_db();
  CHECK(db.last_insert_rowid() == 3);
  db.execute("INSERT INTO users (email, name) VALUES ('d@example.com', 'dee')");
  CHECK(db.last_insert_rowid() == 4);
  db.execute("UPDATE users SET active = 0");
  CHECK(db.changes() == 4);
}

TEST_CASE("running the same typed query 100 times reuses one prepared statement", "[runtime]") {
  auto db = three_users_db();
  (void)db.select<rt::User>().where(rt::users.age > 1).all();
  const auto size = db.statements().size();
  for (int i = 0; i < 100; ++i) {
    CHECK(db.select<rt::User>().where(rt::users.age > i).count() >= 0);
    (void)db.select<rt::User>().where(rt::users.age > i).all();
    (void)db.find<rt::User>(std::int64_t{i});
  }
  // count() and find() prepared one statement each on their first run; nothing after that.
  CHECK(db.statements().size() == size + 2);
}

TEST_CASE("running the same raw SQL 100 times reuses one prepared statement", "[runtime]") {
  auto db = three_users_db();
  (void)db.query<std::int64_t>("SELECT id FROM users WHERE age > ?", 0);
  const auto size = db.statements().size();
  std::int64_t total = 0;
  for (int i = 0; i < 100; ++i) {
    total += static_cast<std::int64_t>(db.query<std::int64_t>("SELECT id FROM users WHERE age > ?", i % 30).size());
  }
  CHECK(db.statements().size() == size);
  CHECK(total > 0);
}

TEST_CASE("raw SQL with ever-changing text does not grow the statement cache without bound", "[runtime]") {
  auto db = rt_test::memory_db();
  for (int i = 0; i < 1000; ++i) {
    CHECK(db.query_value<std::int64_t>("SELECT " + std::to_string(i)) == i);
  }
  CHECK(db.statements().size() <= 300);
}
