// Cursor: streaming the rows of a select one at a time.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace std::chrono_literals;
using rt::users;
using rt_test::make_user;

namespace {

void insert_users(dorm::Database& db, int n) {
  db.transaction([&] {
    for (int i = 0; i < n; ++i) {
      auto u = make_user("user" + std::to_string(i), i % 100);
      db.insert(u);
    }
  });
}

}  // namespace

TEST_CASE("a cursor streams every row of a large table in order", "[runtime]") {
  auto db = rt_test::memory_db();
  insert_users(db, 10'000);
  std::int64_t count = 0;
  std::int64_t expected_id = 1;
  bool in_order = true;
  for (const rt::User& u : db.select<rt::User>().order_by(users.id).cursor()) {
    in_order = in_order && u.id == expected_id;
    ++expected_id;
    ++count;
  }
  CHECK(count == 10'000);
  CHECK(in_order);
}

TEST_CASE("a cursor honours where, order_by, limit and offset", "[runtime]") {
  auto db = rt_test::memory_db();
  insert_users(db, 300);
  std::vector<std::int64_t> ids;
  for (const auto& u : db.select<rt::User>().where(users.age == 7).order_by(users.id.desc()).limit(2).offset(1).cursor()) {
    ids.push_back(u.id);
  }
  CHECK(ids == std::vector<std::int64_t>{108, 8});
}

TEST_CASE("a cursor over no rows yields nothing", "[runtime]") {
  auto db = rt_test::memory_db();
  auto cursor = db.select<rt::User>().cursor();
  CHECK(cursor.begin() == cursor.end());
}

TEST_CASE("a cursor reads rows one at a time and holds its statement open only while iterating", "[runtime]") {
  auto db = rt_test::memory_db();
  insert_users(db, 1000);
  {
    auto cursor = db.select<rt::User>().order_by(users.id).cursor();
    CHECK(rt_test::running_statements(db) == 0);  // nothing runs before begin()
    auto it = cursor.begin();
    REQUIRE(it != cursor.end());
    CHECK(it->id == 1);
    CHECK(cursor.row().id == 1);
    CHECK(rt_test::running_statements(db) == 1);  // the rest is still to be read
    ++it;
    CHECK(it->id == 2);
  }
  CHECK(rt_test::running_statements(db) == 0);  // destroying the cursor reset its statement
}

TEST_CASE("breaking out of a cursor early releases the read lock so another connection can write", "[runtime]") {
  // Without WAL, an unfinished read holds a SHARED lock that keeps writers from committing,
  // which makes "the cursor has not read everything yet" and "it was reset" observable.
  rt_test::TempDir dir;
  const auto path = dir.file("cursor.db");
  dorm::OpenOptions options;
  options.wal = false;
  auto reader = dorm::Database::open(path, options);
  rt::migrate(reader);
  insert_users(reader, 500);
  options.busy_timeout = 0ms;
  auto writer = dorm::Database::open(path, options);

  int seen = 0;
  for (const rt::User& u : reader.select<rt::User>().order_by(users.id).cursor()) {
    ++seen;
    CHECK(u.id == 1);
    auto blocked = make_user("blocked");
    CHECK_THROWS_AS(writer.insert(blocked), dorm::BusyError);
    break;
  }
  CHECK(seen == 1);
  CHECK(rt_test::running_statements(reader) == 0);
  auto late = make_user("late");
  writer.insert(late);
  CHECK(late.id == 501);
  CHECK(reader.select<rt::User>().count() == 501);
}

TEST_CASE("after breaking out of a cursor a write transaction on the same connection succeeds", "[runtime]") {
  rt_test::TempDir dir;
  auto db = dorm::Database::open(dir.file("cursor.db"));
  rt::migrate(db);
  insert_users(db, 100);
  for ([[maybe_unused]] const rt::User& u : db.select<rt::User>().cursor()) break;
  db.transaction([&] {
    auto u = make_user("after");
    db.insert(u);
  });
  CHECK(db.select<rt::User>().count() == 101);
}

TEST_CASE("running the same query while its cursor is open uses a private statement", "[runtime]") {
  auto db = rt_test::memory_db();
  insert_users(db, 50);
  auto q = db.select<rt::User>().where(users.age < 10).order_by(users.id);
  std::int64_t outer = 0;
  std::int64_t inner_total = 0;
  for (const rt::User& u : q.cursor()) {
    ++outer;
    inner_total += static_cast<std::int64_t>(q.all().size());  // the same SQL, while the cursor runs
    CHECK(q.first()->id == 1);
    CHECK(u.age < 10);
  }
  CHECK(outer == 10);
  CHECK(inner_total == 100);
}

TEST_CASE("two cursors over the same query interleave independently", "[runtime]") {
  auto db = rt_test::memory_db();
  insert_users(db, 5);
  auto q = db.select<rt::User>().order_by(users.id);
  auto a = q.cursor();
  auto b = q.cursor();
  auto ia = a.begin();
  auto ib = b.begin();
  CHECK(ia->id == 1);
  CHECK(ib->id == 1);
  ++ia;
  ++ia;
  CHECK(ia->id == 3);
  CHECK(ib->id == 1);
  ++ib;
  CHECK(ib->id == 2);
}

TEST_CASE("iterating a cursor a second time throws MisuseError", "[runtime]") {
  auto db = rt_test::memory_db();
  insert_users(db, 3);
  auto cursor = db.select<rt::User>().cursor();
  int n = 0;
  for ([[maybe_unused]] const auto& u : cursor) ++n;
  CHECK(n == 3);
  CHECK_THROWS_AS(cursor.begin(), dorm::MisuseError);
  CHECK_THROWS_WITH(cursor.begin(), Catch::Matchers::StartsWith("[dorm.misuse.cursor_restarted]"));
}

TEST_CASE("a cursor keeps the values its query was built with alive", "[runtime]") {
  auto db = rt_test::memory_db();
  insert_users(db, 20);
  auto cursor = [&] {
    std::string name = "user13";
    auto c = db.select<rt::User>().where(users.name == name).cursor();
    name.assign(100, 'x');
    return c;
  }();
  std::vector<std::string> found;
  for (const auto& u : cursor) found.push_back(u.name);
  CHECK(found == std::vector<std::string>{"user13"});
}

TEST_CASE("closing the database while a cursor is open throws MisuseError and the cursor keeps working", "[runtime]") {
  auto db = rt_test::memory_db();
  insert_users(db, 3);
  {
    auto cursor = db.select<rt::User>().order_by(users.id).cursor();
    auto it = cursor.begin();
    CHECK(it->id == 1);
    CHECK_THROWS_AS(db.close(), dorm::MisuseError);
    CHECK(db.is_open());
    ++it;
    REQUIRE(it != cursor.end());
    CHECK(it->id == 2);
  }
  CHECK_NOTHROW(db.close());
  CHECK_FALSE(db.is_open());
}
