// Tenant scoping of the model writes (insert, insert_many, upsert, update(row), remove(row),
// force_remove, restore, remove, many-to-many links), adversarially: row objects carry
// tenant B's keys or tenant column, yet tenant A changes nothing of B. Also: no scope means an
// error before any statement runs, and in a bypass region rows keep their own tenant.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <dorm/dorm.hpp>

#include "tenancy_support.hpp"

using tenancy::Counter;
using tenancy::Label;
using tenancy::Project;
using tenancy::Task;
using tenancy::projects;
using tenancy::tasks;
using tenancy_test::TwoTenants;

namespace {

/// B's project as stored, read in a bypass.
Project globex_project(TwoTenants& t) {
  return dorm::without_tenant_scope(
      [&] { return t.db.select<Project>().with_trashed().where(projects.id == t.seed.globex_project).first_or_fail(); });
}

/// A row claiming to be A's but carrying the key of B's project.
Project forged_project(const TwoTenants& t) {
  Project p = tenancy_test::make_project("acme", "FORGED", 1);
  p.id = t.seed.globex_project;
  return p;
}

std::int64_t count_all_projects(TwoTenants& t) {
  return t.db.query_value<std::int64_t>("SELECT COUNT(*) FROM projects").value_or(-1);
}

}  // namespace

TEST_CASE("insert sets the tenant column to the active tenant's, in the caller's row too", "[tenant_scope][tenant][insert]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  Project p = tenancy_test::make_project("globex", "A-3", 1);  // claims B
  t.db.insert(p);
  CHECK(p.org_id == "acme");
  CHECK(t.db.find_or_fail<Project>(p.id).org_id == "acme");
  Task task = tenancy_test::make_task("", p.id, "new");  // says nothing
  t.db.insert(task);
  CHECK(task.org_id == "acme");
}

TEST_CASE("insert_many sets the tenant column of every row", "[tenant_scope][tenant][insert]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  std::vector<Project> rows{tenancy_test::make_project("globex", "M-1", 1),
                            tenancy_test::make_project("", "M-2", 2),
                            tenancy_test::make_project("acme", "M-3", 3)};
  t.db.insert_many(rows);
  for (const auto& p : rows) CHECK(p.org_id == "acme");
  CHECK(t.db.select<Project>().count() == 5);
  CHECK(globex_project(t).code == "B-1");
  CHECK(dorm::without_tenant_scope([&] { return t.db.select<Project>().where(projects.org_id == "globex").count(); }) ==
        1);
}

TEST_CASE("an integer tenant column is scoped the same way", "[tenant_scope][tenant][integer]") {
  TwoTenants t;
  dorm::TenantScope scope{std::int64_t{1}};
  Counter c{0, 2, "clicks", 0};  // claims team 2
  t.db.insert(c);
  CHECK(c.team_id == 1);
  CHECK(t.db.select<Counter>().count() == 2);
  Counter forged{t.seed.team2_counter, 1, "visits", 999};
  CHECK_THROWS_AS(t.db.update(forged), dorm::NotFound);
  CHECK_FALSE(t.db.remove(forged));
  CHECK_FALSE(t.db.remove<Counter>(t.seed.team2_counter));
  dorm::TenantScope team2{std::int64_t{2}};
  const auto rows = t.db.select<Counter>().all();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].value == 20);
}

TEST_CASE("without a scope every write throws before a statement runs", "[tenant_scope][tenant][no_scope]") {
  TwoTenants t;
  Project own = dorm::without_tenant_scope([&] { return t.db.find_or_fail<Project>(t.seed.acme_project); });
  auto& log = t.log_statements();
  log.clear();
  using E = dorm::TenantScopeError;
  Project fresh = tenancy_test::make_project("acme", "N-1", 1);
  std::vector<Project> many{tenancy_test::make_project("acme", "N-2", 1)};
  CHECK_THROWS_AS(t.db.insert(fresh), E);
  CHECK_THROWS_AS(t.db.insert_many(many), E);
  CHECK_THROWS_AS(t.db.upsert(fresh), E);
  CHECK_THROWS_AS(t.db.upsert(fresh, projects.code), E);
  CHECK_THROWS_AS(t.db.update(own), E);
  CHECK_THROWS_AS(t.db.remove(own), E);
  CHECK_THROWS_AS(t.db.force_remove(own), E);
  CHECK_THROWS_AS(t.db.restore(own), E);
  CHECK_THROWS_AS(t.db.remove<Project>(t.seed.acme_project), E);
  CHECK_THROWS_AS(t.db.force_remove<Project>(t.seed.acme_project), E);
  CHECK_THROWS_AS(t.db.remove<Task>(t.seed.acme_task), E);
  CHECK(log.empty());
  CHECK(fresh.id == 0);
  CHECK(fresh.created_at.empty());
}

TEST_CASE("without a scope a hooked write throws before its hooks and its transaction", "[tenant_scope][tenant][no_scope]") {
  TwoTenants t;
  int calls = 0;
  auto sub = dorm::hooks<Task>().on(dorm::Event::saving, [&](Task&) { ++calls; });
  auto del = dorm::hooks<Task>().on(dorm::Event::deleting, [&](Task&) { ++calls; });
  auto& log = t.log_statements();
  Task task = tenancy_test::make_task("acme", t.seed.acme_project, "hooked");
  CHECK_THROWS_AS(t.db.insert(task), dorm::TenantScopeError);
  CHECK_THROWS_AS(t.db.remove<Task>(t.seed.acme_task), dorm::TenantScopeError);
  CHECK(calls == 0);
  CHECK(log.empty());
}

TEST_CASE("update of a forged row carrying another tenant's key changes nothing", "[tenant_scope][tenant][update]") {
  TwoTenants t;
  const Project before = globex_project(t);
  dorm::TenantScope scope{"acme"};
  Project forged = forged_project(t);
  CHECK_THROWS_AS(t.db.update(forged), dorm::NotFound);
  Project forged_as_b = forged_project(t);
  forged_as_b.org_id = "globex";  // claiming B's tenant does not help
  CHECK_THROWS_AS(t.db.update(forged_as_b), dorm::NotFound);
  CHECK_THROWS_AS(t.db.update(std::as_const(forged_as_b)), dorm::NotFound);
  const Project after = dorm::without_tenant_scope([&] { return globex_project(t); });
  CHECK(after.name == before.name);
  CHECK(after.budget == before.budget);
  CHECK(after.updated_at == before.updated_at);
}

TEST_CASE("update of a row is the update builder's statement over its key and tenant, in a scope and in a bypass", "[tenant_scope][tenant][update]") {
  TwoTenants t;
  const Project before = globex_project(t);
  const std::string expected =
      "UPDATE \"projects\" SET \"org_id\" = ?, \"code\" = ?, \"name\" = ?, \"budget\" = ?, \"created_at\" = ?, "
      "\"updated_at\" = ?, \"deleted_at\" = ? WHERE (\"projects\".\"id\" = ? AND \"projects\".\"org_id\" = ?)";
  auto& log = t.log_statements();
  {
    dorm::TenantScope scope{"acme"};
    Project forged_as_b = forged_project(t);
    forged_as_b.org_id = "globex";
    try {
      t.db.update(forged_as_b);
      FAIL("update of another tenant's row succeeded");
    } catch (const dorm::NotFound& e) {
      CHECK_THAT(e.what(), Catch::Matchers::StartsWith("[dorm.not_found] update of table 'projects' matched no row of "
                                                       "the active tenant with that primary key"));
      CHECK(e.sql() == expected);
    }
    REQUIRE(log.size() == 1);
    CHECK(log[0] == expected);
  }
  // In a bypass region the executor drops tenant scopes, but the row's own tenant stays in
  // the statement's condition: the same text, so a row statement still never moves a row.
  dorm::without_tenant_scope([&] {
    Project b1 = globex_project(t);
    log.clear();
    b1.budget = 7;
    t.db.update(b1);
    REQUIRE(log.size() == 1);
    CHECK(log[0] == expected);
  });
  const Project after = dorm::without_tenant_scope([&] { return globex_project(t); });
  CHECK(after.name == before.name);
  CHECK(after.budget == 7);
}

TEST_CASE("update of an own row cannot move it to another tenant", "[tenant_scope][tenant][update]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  Project own = t.db.find_or_fail<Project>(t.seed.acme_project);
  own.org_id = "globex";
  own.budget = 123;
  t.db.update(own);
  CHECK(own.org_id == "acme");
  const Project stored = t.db.find_or_fail<Project>(t.seed.acme_project);
  CHECK(stored.org_id == "acme");
  CHECK(stored.budget == 123);
}

TEST_CASE("hooks see the active tenant and cannot move a row to another", "[tenant_scope][tenant][hooks]") {
  TwoTenants t;
  std::string seen;
  auto sub = dorm::hooks<Task>().on(dorm::Event::creating, [&](Task& task) {
    seen = task.org_id;
    task.org_id = "globex";
  });
  dorm::TenantScope scope{"acme"};
  Task task = tenancy_test::make_task("", t.seed.acme_project, "hooked");
  t.db.insert(task);
  CHECK(seen == "acme");
  CHECK(task.org_id == "acme");
  CHECK(t.db.find_or_fail<Task>(task.id).org_id == "acme");
}

TEST_CASE("remove, force_remove and restore of a forged row do not touch another tenant's row", "[tenant_scope][tenant][remove]") {
  TwoTenants t;
  {
    dorm::TenantScope scope{"acme"};
    Project forged = forged_project(t);
    CHECK_FALSE(t.db.remove(forged));
    CHECK_FALSE(forged.deleted_at.has_value());
    CHECK_FALSE(t.db.force_remove(forged));
    Task forged_task = tenancy_test::make_task("acme", t.seed.globex_project, "x");
    forged_task.id = t.seed.globex_task;
    CHECK_FALSE(t.db.remove(forged_task));
  }
  CHECK_FALSE(globex_project(t).deleted_at.has_value());
  CHECK(count_all_projects(t) == 3);
  // B's row trashed (by B): A cannot restore it.
  {
    dorm::TenantScope scope{"globex"};
    Project b1 = globex_project(t);
    REQUIRE(t.db.remove(b1));
  }
  {
    dorm::TenantScope scope{"acme"};
    Project forged = forged_project(t);
    forged.deleted_at = "2024-01-01 00:00:00";
    CHECK_FALSE(t.db.restore(forged));
    CHECK_FALSE(t.db.force_remove(forged));
  }
  CHECK(globex_project(t).deleted_at.has_value());
  CHECK(count_all_projects(t) == 3);
  dorm::without_tenant_scope(
      [&] { CHECK(t.db.select<Task>().where(tasks.id == t.seed.globex_task).exists()); });
}

TEST_CASE("remove, restore and force_remove of own rows still work in a scope", "[tenant_scope][tenant][remove]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  Project own = t.db.find_or_fail<Project>(t.seed.acme_project);
  REQUIRE(t.db.remove(own));
  CHECK(own.deleted_at.has_value());
  REQUIRE(t.db.restore(own));
  CHECK_FALSE(own.deleted_at.has_value());
  REQUIRE(t.db.force_remove(own));
  CHECK(count_all_projects(t) == 2);
  CHECK(t.db.remove<Project>(t.seed.acme_project2));
  CHECK(t.db.force_remove<Project>(t.seed.acme_project2));
  CHECK(count_all_projects(t) == 1);
}

TEST_CASE("remove does not remove another tenant's row, with or without hooks", "[tenant_scope][tenant][remove]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  CHECK_FALSE(t.db.remove<Project>(t.seed.globex_project));
  CHECK_FALSE(t.db.force_remove<Project>(t.seed.globex_project));
  CHECK_FALSE(t.db.remove<Task>(t.seed.globex_task));
  std::vector<std::string> deleting;
  auto sub = dorm::hooks<Task>().on(dorm::Event::deleting, [&](Task& task) { deleting.push_back(task.title); });
  CHECK_FALSE(t.db.remove<Task>(t.seed.globex_task));
  CHECK(deleting.empty());  // B's row never reached a hook
  CHECK(t.db.remove<Task>(t.seed.acme_task));
  CHECK(deleting == std::vector<std::string>{"a1"});
  CHECK_FALSE(globex_project(t).deleted_at.has_value());
  CHECK(count_all_projects(t) == 3);
  CHECK(dorm::without_tenant_scope([&] { return t.db.select<Task>().count(); }) == 2);
}

TEST_CASE("upsert conflicting with another tenant's row throws and writes nothing", "[tenant_scope][tenant][upsert]") {
  TwoTenants t;
  const Project before = globex_project(t);
  dorm::TenantScope scope{"acme"};
  Project by_key = forged_project(t);  // conflicts on the primary key
  CHECK_THROWS_WITH(t.db.upsert(by_key),
                    "[dorm.tenant.other_tenant] upsert into table 'projects' conflicts with a row of another tenant; "
                    "nothing was written");
  Project by_code = tenancy_test::make_project("acme", "B-1", 5);  // conflicts on the unique code
  CHECK_THROWS_AS(t.db.upsert(by_code, projects.code), dorm::TenantScopeError);
  CHECK(by_code.id == 0);
  const Project after = globex_project(t);
  CHECK(after.org_id == "globex");
  CHECK(after.name == before.name);
  CHECK(after.budget == before.budget);
  CHECK(count_all_projects(t) == 3);
  Counter counter{t.seed.team2_counter, 2, "visits", 0};
  dorm::TenantScope team{std::int64_t{1}};
  CHECK_THROWS_AS(t.db.upsert(counter), dorm::TenantScopeError);
}

TEST_CASE("upsert inserts or updates the active tenant's own rows", "[tenant_scope][tenant][upsert]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  Project again = tenancy_test::make_project("globex", "A-1", 777);  // A's code; claims B
  t.db.upsert(again, projects.code);
  CHECK(again.id == t.seed.acme_project);
  CHECK(again.org_id == "acme");
  CHECK(t.db.find_or_fail<Project>(t.seed.acme_project).budget == 777);
  Project fresh = tenancy_test::make_project("", "A-9", 9);
  t.db.upsert(fresh);
  CHECK(fresh.org_id == "acme");
  CHECK(t.db.select<Project>().count() == 3);
}

TEST_CASE("in a bypass region writes keep the row's own tenant and never move a row", "[tenant_scope][tenant][bypass]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};  // the region overrides it
  dorm::without_tenant_scope([&] {
    Project other = tenancy_test::make_project("globex", "B-2", 2);
    t.db.insert(other);
    CHECK(other.org_id == "globex");
    Project b1 = globex_project(t);
    b1.budget = 1;
    t.db.update(b1);
    CHECK(globex_project(t).budget == 1);
    Project moved = b1;
    moved.org_id = "acme";  // a row statement never moves a row: the old tenant must match
    CHECK_THROWS_AS(t.db.update(moved), dorm::NotFound);
    CHECK_FALSE(t.db.remove(moved));
    CHECK(t.db.remove(b1));
    CHECK(t.db.restore(b1));
    CHECK(t.db.remove<Project>(other.id));
    CHECK(t.db.force_remove<Project>(other.id));
  });
  CHECK(globex_project(t).org_id == "globex");
  CHECK(t.db.select<Project>().count() == 2);
}

TEST_CASE("only the update builder's per-query bypass moves rows to another tenant", "[tenant_scope][tenant][bypass]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  CHECK(t.db.update_all<Project>()
            .without_tenant_scope()
            .set(projects.org_id = "globex")
            .where(projects.id == t.seed.acme_project2)
            .execute() == 1);
  CHECK(t.db.select<Project>().count() == 1);
}

TEST_CASE("the update and remove builders' where vocabulary stays inside the active tenant", "[tenant_scope][tenant][where]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  const std::vector<std::string> every_code{"A-1", "A-2", "B-1"};
  auto update = t.db.update_all<Project>().set(projects.budget = 7).where(projects.code == "A-1").or_where(projects.code == "B-1");
  CHECK(decltype(update)::sql() ==
        R"(UPDATE "projects" SET "budget" = ?, "updated_at" = ? WHERE "projects"."org_id" = ? AND "projects"."deleted_at" )"
        R"(IS NULL AND ("projects"."code" = ? OR "projects"."code" = ?))");
  CHECK(update.execute() == 1);
  CHECK(t.db.update_all<Project>().set(projects.budget = 8).where_in(projects.code, every_code).execute() == 2);
  CHECK(t.db.update_all<Project>().set(projects.budget = 9).where_between(projects.budget, 0, 5000).execute() == 2);
  CHECK(t.db.update_all<Project>().set(projects.name = "x").where_not_in(projects.code, std::vector<std::string>{"A-1"}).execute() ==
        1);
  CHECK(globex_project(t).budget == 1000);
  CHECK(globex_project(t).name == "Project B-1");

  CHECK(t.db.remove_all<Project>().where_in(projects.code, every_code).or_where(projects.budget == 1000).execute() == 2);
  CHECK(t.db.select<Project>().count() == 0);
  CHECK_FALSE(globex_project(t).deleted_at.has_value());
  CHECK(t.db.remove_all<Project>().only_trashed().force().where_not_null(projects.deleted_at).execute() == 2);
  CHECK(count_all_projects(t) == 1);
}

TEST_CASE("attach and detach refuse a parent or target row outside the active tenant", "[tenant_scope][tenant][relations]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  const Project own = t.db.find_or_fail<Project>(t.seed.acme_project);
  const Label urgent = t.db.find_or_fail<Label>(t.seed.acme_label);
  Project forged = forged_project(t);
  Label forged_label{t.seed.globex_label, "acme", "secret"};
  CHECK_THROWS_AS(projects.labels.attach(t.db, own, forged_label), dorm::TenantScopeError);
  CHECK_THROWS_AS(projects.labels.attach(t.db, forged, urgent), dorm::TenantScopeError);
  CHECK_THROWS_AS(projects.labels.detach(t.db, forged, forged_label), dorm::TenantScopeError);
  CHECK_THROWS_AS(projects.labels.detach_all(t.db, forged), dorm::TenantScopeError);
  CHECK(t.db.query_value<std::int64_t>("SELECT COUNT(*) FROM labels_projects") == 2);
  CHECK(projects.labels.detach(t.db, own, urgent));
  projects.labels.attach(t.db, own, urgent);
  CHECK(projects.labels.detach_all(t.db, own) == 1);
}
