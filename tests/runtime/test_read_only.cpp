// The executor's read-only rule (dorm/query/executor.hpp): a Database opened read_only refuses
// every write dorm builds (the update and delete builders, insert, insert_many, upsert,
// update(row), remove(row), remove, force_remove) before SQLite sees it, with a
// ReadOnlyError naming the operation and the table; reads still work.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using rt::users;

namespace {

/// A database file holding ann (30), opened again read_only; counts the statements it starts.
struct ReadOnlyFile {
  rt_test::TempDir dir;
  std::int64_t ann_id = 0;
  dorm::Database db = open();
  int statements_started = 0;

  dorm::Database open() {
    const auto path = dir.file("app.db");
    {
      auto writer = dorm::Database::open(path);
      rt::migrate(writer);
      auto ann = rt_test::make_user("ann", 30);
      writer.insert(ann);
      ann_id = ann.id;
    }
    dorm::OpenOptions options;
    options.read_only = true;
    auto opened = dorm::Database::open(path, options);
    opened.on_statement([this](std::string_view) { ++statements_started; });
    return opened;
  }
};

/// The ReadOnlyError `write` throws, checked for its code; "" when it throws none.
template <class F>
std::string refusal_of(F&& write) {
  try {
    write();
  } catch (const dorm::ReadOnlyError& e) {
    CHECK(e.code() == SQLITE_READONLY);
    return e.what();
  }
  return "";
}

std::string refused(const std::string& operation) {
  return "[dorm.read_only] " + operation +
         " table 'users' refused: this connection is read-only (opened with OpenOptions::read_only); SQLite would "
         "refuse it too, with [dorm.sqlite.8] attempt to write a readonly database";
}

}  // namespace

TEST_CASE("a read-only database refuses the update and delete builders before SQLite runs them", "[runtime]") {
  ReadOnlyFile f;
  const std::string update = refusal_of([&] { f.db.update_all<rt::User>().set(users.age = 31).where(users.id == f.ann_id).execute(); });
  CHECK_THAT(update, StartsWith(refused("update of")));
  CHECK_THAT(update, Contains(R"(in: UPDATE "users" SET "age" = ? WHERE "users"."id" = ?)"));
  CHECK_THAT(refusal_of([&] { f.db.update_all<rt::User>().set(users.age = 31).execute_all_rows(); }),
             StartsWith(refused("update of")));
  const std::string remove = refusal_of([&] { f.db.remove_all<rt::User>().where_in(users.id, std::vector<std::int64_t>{f.ann_id}).execute(); });
  CHECK_THAT(remove, StartsWith(refused("delete from")));
  CHECK_THAT(remove, Contains(R"(in: DELETE FROM "users" WHERE)"));
  CHECK(f.statements_started == 0);
  // Reads still run.
  CHECK(f.db.select<rt::User>().where(users.age == 30).count() == 1);
  CHECK(f.statements_started == 1);
}

TEST_CASE("a read-only database refuses every model write before SQLite runs it, and leaves the row as it was", "[runtime]") {
  ReadOnlyFile f;
  auto bob = rt_test::make_user("bob", 20);
  CHECK_THAT(refusal_of([&] { f.db.insert(bob); }), StartsWith(refused("insert into")));
  CHECK(bob.id == 0);
  std::vector<rt::User> many{rt_test::make_user("cy"), rt_test::make_user("dee")};
  CHECK_THAT(refusal_of([&] { f.db.insert_many(many); }), StartsWith(refused("insert into")));
  CHECK(many[0].id == 0);
  CHECK_THAT(refusal_of([&] { f.db.upsert(bob, users.email); }), StartsWith(refused("insert into")));

  auto ann = f.db.find_or_fail<rt::User>(f.ann_id);
  ann.age = 99;
  CHECK_THAT(refusal_of([&] { f.db.update(ann); }), StartsWith(refused("update of")));
  CHECK_THAT(refusal_of([&] { f.db.remove(ann); }), StartsWith(refused("delete from")));
  CHECK_THAT(refusal_of([&] { f.db.remove<rt::User>(f.ann_id); }), StartsWith(refused("delete from")));
  CHECK_THAT(refusal_of([&] { f.db.force_remove(ann); }), StartsWith(refused("delete from")));
  CHECK_THAT(refusal_of([&] { f.db.force_remove<rt::User>(f.ann_id); }), StartsWith(refused("delete from")));
  CHECK(f.statements_started == 1);  // the find_or_fail

  const auto stored = f.db.find_or_fail<rt::User>(f.ann_id);
  CHECK(stored.age == 30);
  CHECK(f.db.select<rt::User>().count() == 1);
}

TEST_CASE("a writable database takes the same writes: the rule applies to read-only connections only", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK(db.statements().read_only_reason() == nullptr);
  auto ann = rt_test::make_user("ann", 30);
  db.insert(ann);
  CHECK(db.update_all<rt::User>().set(users.age = 31).where(users.id == ann.id).execute() == 1);
  CHECK(db.remove_all<rt::User>().where(users.id == ann.id).execute() == 1);
}

TEST_CASE("raw SQL on a read-only database still reaches SQLite, which refuses writes itself", "[runtime]") {
  ReadOnlyFile f;
  CHECK_THROWS_WITH(f.db.execute("DELETE FROM users"), Contains("[dorm.sqlite.8] attempt to write a readonly database"));
  CHECK(f.db.select<rt::User>().count() == 1);
}
