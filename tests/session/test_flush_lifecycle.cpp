// flush() applies what Database's writes apply: validation of every changed row before any
// write, hooks, timestamps, soft-delete scopes and the tenant scope; a failure leaves the
// session as it was before flush().
#include <catch2/catch.hpp>

#include "session_support.hpp"

using session_test::StatementLog;

namespace {

dorm::Database shop_db() {
  auto db = dorm::Database::open(":memory:");
  shop::migrate(db);
  return db;
}

shop::Account make_account(const std::string& name, int n) {
  shop::Account a;
  a.email = name + std::to_string(n) + "@example.com";
  a.name = name;
  a.score = 50;
  a.role = shop::AccountRole::member;
  a.plan = "free";
  a.code = "ABC-12";
  a.token = "123e4567-e89b-12d3-a456-" + std::to_string(426614174000 + n);
  return a;
}

}  // namespace

TEST_CASE("flush validates every changed row before writing any and reports every failure",
          "[session][lifecycle]") {
  auto db = shop_db();
  auto a = make_account("ann", 1);
  auto b = make_account("bob", 2);
  auto c = make_account("cyd", 3);
  db.insert(a);
  db.insert(b);
  db.insert(c);
  dorm::Session session(db);
  shop::Account& ann = session.find_or_fail<shop::Account>(a.id);
  shop::Account& bob = session.find_or_fail<shop::Account>(b.id);
  shop::Account& cyd = session.find_or_fail<shop::Account>(c.id);
  ann.name = "a name far too long";  // maxLength 10
  bob.age = 200;                      // maximum 150
  cyd.nickname = "ok";                // valid: written only once the others are fixed
  StatementLog log(db);

  try {
    session.flush();
    FAIL("flush() should have thrown");
  } catch (const dorm::ValidationError& e) {
    REQUIRE(e.errors().size() == 2);
    CHECK(e.errors()[0].table == "accounts");
    CHECK(std::string(e.what()).starts_with("[dorm.validation] accounts: 2 rules failed"));
  }

  CHECK(log.starting_with("UPDATE").empty());
  CHECK(log.starting_with("BEGIN").empty());
  CHECK(ann.name == "a name far too long");
  CHECK_FALSE(db.find_or_fail<shop::Account>(c.id).nickname.has_value());
  ann.name = "Ann";
  bob.age = 40;
  session.flush();
  CHECK(db.find_or_fail<shop::Account>(a.id).name == "Ann");
  CHECK(db.find_or_fail<shop::Account>(b.id).age == 40);
  CHECK(db.find_or_fail<shop::Account>(c.id).nickname == "ok");
}

TEST_CASE("flush sets updated_at of the changed rows only, in the row and in the database", "[session][lifecycle]") {
  auto db = shop_db();
  auto a = make_account("ann", 1);
  auto b = make_account("bob", 2);
  db.insert(a);
  db.insert(b);
  a.updated_at = b.updated_at = "2000-01-01T00:00:00.000Z";
  db.execute(R"(UPDATE "accounts" SET "updated_at" = '2000-01-01T00:00:00.000Z')");
  dorm::Session session(db);
  shop::Account& ann = session.find_or_fail<shop::Account>(a.id);
  shop::Account& bob = session.find_or_fail<shop::Account>(b.id);
  ann.name = "Annie";
  StatementLog log(db);

  session.flush();

  CHECK(log.starting_with("UPDATE") ==
        std::vector<std::string>{R"(UPDATE "accounts" SET "name" = ?2, "updated_at" = ?3 WHERE "id" = ?1)"});
  CHECK(ann.updated_at > "2000-01-01T00:00:00.000Z");
  CHECK(db.find_or_fail<shop::Account>(a.id).updated_at == ann.updated_at);
  CHECK(bob.updated_at == "2000-01-01T00:00:00.000Z");
  CHECK(db.find_or_fail<shop::Account>(b.id).updated_at == "2000-01-01T00:00:00.000Z");
}

TEST_CASE("flush runs the update hooks of each changed row, and a before hook's change is written",
          "[session][lifecycle]") {
  auto db = shop_db();
  shop::Note note{.text = "draft"};
  shop::Note other{.text = "untouched"};
  db.insert(note);
  db.insert(other);
  std::vector<std::string> log;
  auto saving = dorm::hooks<shop::Note>().on(dorm::Event::saving, [&](shop::Note& n) {
    log.push_back("saving " + n.text);
    n.pinned = true;
  });
  auto updated = dorm::hooks<shop::Note>().on(dorm::Event::updated, [&](const shop::Note& n) {
    log.push_back("updated " + n.text);
  });
  dorm::Session session(db);
  shop::Note& managed = session.find_or_fail<shop::Note>(note.id);
  (void)session.find_or_fail<shop::Note>(other.id);
  managed.text = "final";
  StatementLog statements(db);

  session.flush();

  CHECK(log == std::vector<std::string>{"saving final", "updated final"});
  CHECK(statements.starting_with("UPDATE") ==
        std::vector<std::string>{R"(UPDATE "notes" SET "text" = ?2, "pinned" = ?3 WHERE "id" = ?1)"});
  CHECK(managed.pinned);
  CHECK(db.find_or_fail<shop::Note>(note.id).pinned);
  CHECK_FALSE(db.find_or_fail<shop::Note>(other.id).pinned);
}

TEST_CASE("an after hook that throws rolls the flush back and leaves the rows dirty", "[session][lifecycle]") {
  auto db = shop_db();
  shop::Note note{.text = "draft"};
  db.insert(note);
  bool fail = true;
  auto saved = dorm::hooks<shop::Note>().on(dorm::Event::saved, [&](const shop::Note&) {
    if (fail) throw std::runtime_error("refused by the saved hook");
  });
  dorm::Session session(db);
  shop::Note& managed = session.find_or_fail<shop::Note>(note.id);
  managed.text = "final";

  CHECK_THROWS_WITH(session.flush(), "refused by the saved hook");

  CHECK(db.find_or_fail<shop::Note>(note.id).text == "draft");
  CHECK(managed.text == "final");
  CHECK(db.transaction_depth() == 0);
  fail = false;
  session.flush();
  CHECK(db.find_or_fail<shop::Note>(note.id).text == "final");
}

TEST_CASE("a session finds no soft-deleted row, as Database::find", "[session][lifecycle]") {
  auto db = shop_db();
  auto a = make_account("ann", 1);
  db.insert(a);
  db.remove(a);
  dorm::Session session(db);

  CHECK(session.find<shop::Account>(a.id) == nullptr);
  CHECK(session.select<shop::Account>().all().empty());
  auto trashed = session.select<shop::Account>().with_trashed().all();
  REQUIRE(trashed.size() == 1);
  CHECK(trashed[0]->deleted_at.has_value());
}

TEST_CASE("flush of a tenant table writes the active tenant's rows only", "[session][lifecycle][tenant]") {
  auto db = dorm::Database::open(":memory:");
  tenancy::migrate(db);
  tenancy::Project acme{.code = "A1", .name = "acme project"};
  tenancy::Project globex{.code = "G1", .name = "globex project"};
  {
    dorm::TenantScope scope{"acme"};
    db.insert(acme);
  }
  {
    dorm::TenantScope scope{"globex"};
    db.insert(globex);
  }
  // Older than the flush's updated_at, which may fall in the same millisecond as the insert.
  db.execute(R"(UPDATE "projects" SET "updated_at" = '2000-01-01T00:00:00.000Z')");
  dorm::Session session(db);
  dorm::TenantScope scope{"acme"};

  tenancy::Project* mine = session.find<tenancy::Project>(acme.id);
  REQUIRE(mine != nullptr);
  CHECK(session.find<tenancy::Project>(globex.id) == nullptr);
  mine->budget = 500;
  StatementLog log(db);
  session.flush();

  CHECK(log.starting_with("UPDATE") ==
        std::vector<std::string>{
            R"(UPDATE "projects" SET "budget" = ?3, "updated_at" = ?4 WHERE "id" = ?1 AND "org_id" = ?2)"});
  CHECK(db.find_or_fail<tenancy::Project>(acme.id).budget == 500);
}

TEST_CASE("a row held for one tenant is not returned under another tenant's scope", "[session][lifecycle][tenant]") {
  auto db = dorm::Database::open(":memory:");
  tenancy::migrate(db);
  tenancy::Project acme{.code = "A1", .name = "acme project"};
  dorm::Session session(db);
  {
    dorm::TenantScope scope{"acme"};
    db.insert(acme);
    REQUIRE(session.find<tenancy::Project>(acme.id) != nullptr);
  }
  dorm::TenantScope scope{"globex"};

  CHECK(session.find<tenancy::Project>(acme.id) == nullptr);
}

TEST_CASE("flush without an active tenant scope is refused before any hook or statement", "[session][lifecycle][tenant]") {
  auto db = dorm::Database::open(":memory:");
  tenancy::migrate(db);
  tenancy::Project acme{.code = "A1", .name = "acme project"};
  dorm::Session session(db);
  tenancy::Project* managed = nullptr;
  {
    dorm::TenantScope scope{"acme"};
    db.insert(acme);
    managed = session.find<tenancy::Project>(acme.id);
  }
  REQUIRE(managed != nullptr);
  managed->budget = 7;
  StatementLog log(db);

  CHECK_THROWS_AS(session.flush(), dorm::TenantScopeError);
  CHECK(log.statements.empty());
}

TEST_CASE("flush on a connection that refuses writes throws ReadOnlyError before any hook or statement",
          "[session][lifecycle]") {
  auto db = shop_db();
  shop::Note note{.text = "draft"};
  db.insert(note);
  int hooks_run = 0;
  auto saving = dorm::hooks<shop::Note>().on(dorm::Event::saving, [&](shop::Note&) { ++hooks_run; });
  dorm::Session session(db);
  shop::Note& managed = session.find_or_fail<shop::Note>(note.id);
  managed.text = "final";
  db.statements().refuse_writes("a test of the read-only rule");
  StatementLog log(db);

  CHECK_THROWS_AS(session.flush(), dorm::ReadOnlyError);

  CHECK(hooks_run == 0);
  CHECK(log.statements.empty());
  CHECK(managed.text == "final");
}
