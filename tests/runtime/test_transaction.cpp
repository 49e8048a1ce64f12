// Transactions: RAII, the callback form, savepoints for nesting.
#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>

#include "support.hpp"

using namespace std::chrono_literals;
using rt_test::make_user;

namespace {

std::int64_t user_count(dorm::Database& db) { return db.select<rt::User>().count(); }

struct Boom : std::runtime_error {
  Boom() : std::runtime_error("boom") {}
};

}  // namespace

TEST_CASE("a committed transaction keeps its changes", "[runtime]") {
  auto db = rt_test::memory_db();
  {
    dorm::Transaction tx(db);
    CHECK(tx.is_active());
    CHECK(db.transaction_depth() == 1);
    auto ann = make_user("ann");
    db.insert(ann);
    tx.commit();
    CHECK_FALSE(tx.is_active());
    CHECK(db.transaction_depth() == 0);
  }
  CHECK(user_count(db) == 1);
}

TEST_CASE("a transaction destroyed without commit rolls back", "[runtime]") {
  auto db = rt_test::memory_db();
  auto ann = make_user("ann");
  db.insert(ann);
  {
    dorm::Transaction tx(db);
    auto bob = make_user("bob");
    db.insert(bob);
    ann.name = "changed";
    db.update(ann);
    CHECK(user_count(db) == 2);
  }
  CHECK(db.transaction_depth() == 0);
  CHECK(user_count(db) == 1);
  CHECK(db.find_or_fail<rt::User>(ann.id).name == "ann");
}

TEST_CASE("an explicit rollback undoes the changes and ends the transaction", "[runtime]") {
  auto db = rt_test::memory_db();
  dorm::Transaction tx(db);
  auto ann = make_user("ann");
  db.insert(ann);
  tx.rollback();
  CHECK_FALSE(tx.is_active());
  CHECK(db.transaction_depth() == 0);
  CHECK(user_count(db) == 0);
  CHECK_THROWS_AS(tx.rollback(), dorm::MisuseError);
  CHECK_THROWS_AS(tx.commit(), dorm::MisuseError);
}

TEST_CASE("committing twice throws MisuseError and keeps the committed changes", "[runtime]") {
  auto db = rt_test::memory_db();
  dorm::Transaction tx(db);
  auto ann = make_user("ann");
  db.insert(ann);
  tx.commit();
  CHECK_THROWS_WITH(tx.commit(), Catch::Matchers::StartsWith("[dorm.misuse.transaction_finished]"));
  CHECK_THROWS_AS(tx.commit(), dorm::MisuseError);
  CHECK(db.transaction_depth() == 0);
  CHECK(user_count(db) == 1);
}

TEST_CASE("the callback form commits when the callback returns", "[runtime]") {
  auto db = rt_test::memory_db();
  db.transaction([&] {
    CHECK(db.transaction_depth() == 1);
    auto ann = make_user("ann");
    db.insert(ann);
  });
  CHECK(db.transaction_depth() == 0);
  CHECK(user_count(db) == 1);
}

TEST_CASE("the callback form rolls back and rethrows when the callback throws", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK_THROWS_AS(db.transaction([&] {
    auto ann = make_user("ann");
    db.insert(ann);
    throw Boom();
  }),
                  Boom);
  CHECK(db.transaction_depth() == 0);
  CHECK(user_count(db) == 0);
}

TEST_CASE("a dorm error inside the callback rolls back the earlier statements", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK_THROWS_AS(db.transaction([&] {
    auto ann = make_user("ann");
    db.insert(ann);
    auto duplicate = make_user("ann");
    db.insert(duplicate);  // UNIQUE constraint on email
  }),
                  dorm::ConstraintError);
  CHECK(user_count(db) == 0);
}

TEST_CASE("the callback form returns the callback's value", "[runtime]") {
  auto db = rt_test::memory_db();
  int answer = db.transaction([] { return 42; });
  CHECK(answer == 42);

  auto id = db.transaction([&] {
    auto ann = make_user("ann");
    db.insert(ann);
    return ann.id;
  });
  CHECK(id == 1);

  auto owned = db.transaction([] { return std::make_unique<std::string>("move-only"); });
  REQUIRE(owned != nullptr);
  CHECK(*owned == "move-only");

  std::string target = "before";
  std::string& ref = db.transaction([&]() -> std::string& { return target; });
  CHECK(&ref == &target);
}

TEST_CASE("a rolled-back inner transaction keeps the outer transaction's changes", "[runtime]") {
  auto db = rt_test::memory_db();
  {
    dorm::Transaction outer(db);
    auto ann = make_user("ann");
    db.insert(ann);
    {
      dorm::Transaction inner(db);
      CHECK(db.transaction_depth() == 2);
      auto bob = make_user("bob");
      db.insert(bob);
      CHECK(user_count(db) == 2);
    }  // rolled back to the savepoint
    CHECK(db.transaction_depth() == 1);
    CHECK(user_count(db) == 1);
    outer.commit();
  }
  auto rows = db.select<rt::User>().all();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].name == "ann");
}

TEST_CASE("a committed inner transaction is undone when the outer one rolls back", "[runtime]") {
  auto db = rt_test::memory_db();
  {
    dorm::Transaction outer(db);
    {
      dorm::Transaction inner(db);
      auto bob = make_user("bob");
      db.insert(bob);
      inner.commit();
    }
    CHECK(user_count(db) == 1);
  }
  CHECK(user_count(db) == 0);
}

TEST_CASE("nested callback transactions are savepoints", "[runtime]") {
  auto db = rt_test::memory_db();
  db.transaction([&] {
    auto ann = make_user("ann");
    db.insert(ann);
    CHECK_THROWS_AS(db.transaction([&] {
      CHECK(db.transaction_depth() == 2);
      auto bob = make_user("bob");
      db.insert(bob);
      throw Boom();
    }),
                    Boom);
    CHECK(db.transaction_depth() == 1);
    db.transaction([&] {
      auto cy = make_user("cy");
      db.insert(cy);
    });
  });
  std::vector<std::string> names;
  for (const auto& u : db.select<rt::User>().order_by(rt::users.name).all()) names.push_back(u.name);
  CHECK(names == std::vector<std::string>{"ann", "cy"});
}

TEST_CASE("transaction_depth counts the open transactions", "[runtime]") {
  auto db = rt_test::memory_db();
  CHECK(db.transaction_depth() == 0);
  {
    dorm::Transaction a(db);
    CHECK(db.transaction_depth() == 1);
    {
      dorm::Transaction b(db);
      CHECK(db.transaction_depth() == 2);
      {
        dorm::Transaction c(db);
        CHECK(db.transaction_depth() == 3);
        c.commit();
        CHECK(db.transaction_depth() == 2);
      }
      CHECK(db.transaction_depth() == 2);
    }
    CHECK(db.transaction_depth() == 1);
  }
  CHECK(db.transaction_depth() == 0);
  CHECK(sqlite3_get_autocommit(dorm::sqlite::handle(db)) != 0);
}

TEST_CASE("committing an outer transaction while an inner one is open throws MisuseError", "[runtime]") {
  auto db = rt_test::memory_db();
  dorm::Transaction outer(db);
  dorm::Transaction inner(db);
  CHECK_THROWS_WITH(outer.commit(), Catch::Matchers::StartsWith("[dorm.misuse.transaction_order]"));
  CHECK(outer.is_active());
  CHECK(db.transaction_depth() == 2);
  inner.commit();
  outer.commit();
  CHECK(db.transaction_depth() == 0);
}

TEST_CASE("the outermost transaction takes the write lock at once", "[runtime]") {
  rt_test::TempDir dir;
  const auto path = dir.file("tx.db");
  auto db = dorm::Database::open(path);
  rt::migrate(db);
  dorm::OpenOptions impatient;
  impatient.busy_timeout = 0ms;
  auto other = dorm::Database::open(path, impatient);
  {
    dorm::Transaction tx(db);  // no statement yet: BEGIN IMMEDIATE alone holds the lock
    CHECK_THROWS_AS(dorm::Transaction(other), dorm::BusyError);
    CHECK(other.transaction_depth() == 0);
    auto blocked = make_user("blocked");
    CHECK_THROWS_AS(other.insert(blocked), dorm::BusyError);
    CHECK(other.select<rt::User>().count() == 0);  // readers are not blocked in WAL mode
  }
  dorm::Transaction tx(other);
  CHECK(other.transaction_depth() == 1);
  tx.commit();
}

TEST_CASE("a transaction on a closed database throws MisuseError and leaves the depth at 0", "[runtime]") {
  auto db = rt_test::memory_db();
  db.close();
  CHECK_THROWS_AS(dorm::Transaction(db), dorm::MisuseError);
  CHECK(db.transaction_depth() == 0);
}
