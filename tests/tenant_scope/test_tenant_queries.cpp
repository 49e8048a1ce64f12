// Tenant scoping of the query builders (select in every form, projections, finds, relation
// loaders, eager loads, joins, the update and delete builders), adversarially: tenant B's rows
// are in the same tables, and row objects carrying B's keys are forged, yet nothing tenant A
// runs reads or changes them. Also: no scope means an error before any statement runs, and
// the per-query and per-region bypasses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include <dorm/dorm.hpp>

#include "tenancy_support.hpp"

using tenancy::Country;
using tenancy::Label;
using tenancy::Project;
using tenancy::Task;
using tenancy::countries;
using tenancy::labels;
using tenancy::projects;
using tenancy::tasks;
using tenancy_test::TwoTenants;

namespace {

template <class Rows>
std::set<std::string> orgs_of(const Rows& rows) {
  std::set<std::string> orgs;
  for (const auto& row : rows) orgs.insert(row.org_id);
  return orgs;
}

const std::set<std::string> only_acme{"acme"};
const std::set<std::string> both{"acme", "globex"};

/// Budgets of the globex project, read around the scope.
std::int64_t globex_budget(TwoTenants& t) {
  return dorm::without_tenant_scope([&] { return t.db.find_or_fail<Project>(t.seed.globex_project).budget; });
}

}  // namespace

TEST_CASE("select all, first, count and exists see only the active tenant's rows", "[tenant_scope][tenant][select]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  const auto rows = t.db.select<Project>().all();
  CHECK(rows.size() == 2);
  CHECK(orgs_of(rows) == only_acme);
  CHECK(t.db.select<Project>().count() == 2);
  CHECK(t.db.select<Project>().where(projects.code == "B-1").count() == 0);
  CHECK_FALSE(t.db.select<Project>().where(projects.code == "B-1").exists());
  CHECK_FALSE(t.db.select<Project>().where(projects.id == t.seed.globex_project).first().has_value());
  CHECK_THROWS_AS(t.db.select<Project>().where(projects.id == t.seed.globex_project).first_or_fail(), dorm::NotFound);
  CHECK(t.db.select<Project>().order_by(projects.budget.desc()).first()->code == "A-1");
}

TEST_CASE("a where on the tenant column or an or_where cannot reach another tenant's rows", "[tenant_scope][tenant][select]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  CHECK(t.db.select<Project>().where(projects.org_id == "globex").count() == 0);
  CHECK(t.db.select<Project>().where(projects.budget > 0).or_where(projects.org_id == "globex").count() == 2);
  CHECK(t.db.select<Project>().where(projects.id > 0).or_where(projects.id == t.seed.globex_project).count() == 2);
}

TEST_CASE("the tenant condition comes first in the SQL, before soft deletes and the where", "[tenant_scope][tenant][select]") {
  using Q = decltype(std::declval<dorm::Database&>().select<Project>().where(projects.budget > 1));
  CHECK(Q::sql() ==
        R"(SELECT "projects"."id", "projects"."org_id", "projects"."code", "projects"."name", "projects"."budget", )"
        R"("projects"."created_at", "projects"."updated_at", "projects"."deleted_at" FROM "projects" WHERE )"
        R"("projects"."org_id" = ? AND "projects"."deleted_at" IS NULL AND ("projects"."budget" > ?) LIMIT ? OFFSET ?)");
  CHECK(Q::scope_names() == std::array<std::string_view, 2>{"tenant", "soft_deletes"});
  using Trashed = decltype(std::declval<Q>().only_trashed());
  CHECK(Trashed::scope_names() == std::array<std::string_view, 2>{"tenant", "only_trashed"});
}

TEST_CASE("a query built once takes the tenant of the scope active when it runs", "[tenant_scope][tenant][select]") {
  TwoTenants t;
  const auto query = t.db.select<Project>().order_by(projects.code);
  {
    dorm::TenantScope scope{"acme"};
    CHECK(orgs_of(query.all()) == only_acme);
  }
  {
    dorm::TenantScope scope{"globex"};
    const auto rows = query.all();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].code == "B-1");
  }
}

TEST_CASE("paginate counts and pages only the active tenant's rows", "[tenant_scope][tenant][select]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  const auto page = t.db.select<Project>().order_by(projects.code).paginate(1, 1);
  CHECK(page.total == 2);
  CHECK(page.last_page == 2);
  REQUIRE(page.data.size() == 1);
  CHECK(page.data[0].code == "A-1");
  const auto second = t.db.select<Project>().order_by(projects.code).paginate(2, 1);
  REQUIRE(second.data.size() == 1);
  CHECK(second.data[0].code == "A-2");
  CHECK(t.db.select<Project>().paginate(3, 1).data.empty());
}

TEST_CASE("a cursor streams only the active tenant's rows, even once the scope has ended", "[tenant_scope][tenant][select]") {
  TwoTenants t;
  std::optional<dorm::Cursor<Project>> cursor;
  {
    dorm::TenantScope scope{"acme"};
    cursor.emplace(t.db.select<Project>().cursor());
  }
  std::vector<Project> rows;
  for (const auto& p : *cursor) rows.push_back(p);
  CHECK(rows.size() == 2);
  CHECK(orgs_of(rows) == only_acme);
}

TEST_CASE("projections and aggregates cover only the active tenant's rows", "[tenant_scope][tenant][select]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  const auto totals = t.db.select<Project>().columns(dorm::count(), dorm::max(projects.budget)).first();
  REQUIRE(totals);
  CHECK(std::get<0>(*totals) == 2);
  CHECK(std::get<1>(*totals) == 100);
  const auto per_org = t.db.select<Project>().columns(projects.org_id, dorm::count()).group_by(projects.org_id).all();
  REQUIRE(per_org.size() == 1);
  CHECK(std::get<0>(per_org[0]) == "acme");
  struct CodeAndBudget {
    std::string code;
    std::int64_t budget;
  };
  const auto rows = t.db.select<Project>().columns(projects.code, projects.budget).into<CodeAndBudget>();
  CHECK(rows.size() == 2);
  CHECK(std::none_of(rows.begin(), rows.end(), [](const auto& r) { return r.code == "B-1"; }));
}

TEST_CASE("find and find_or_fail do not find another tenant's row by its key", "[tenant_scope][tenant][find]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  CHECK(t.db.find<Project>(t.seed.acme_project).has_value());
  CHECK_FALSE(t.db.find<Project>(t.seed.globex_project).has_value());
  CHECK_THROWS_AS(t.db.find_or_fail<Project>(t.seed.globex_project), dorm::NotFound);
  CHECK_FALSE(t.db.find<Task>(t.seed.globex_task).has_value());
  // A text tenant is no integer tenant: counters (team_id) refuse it rather than match nothing.
  CHECK_THROWS_AS(t.db.find<tenancy::Counter>(t.seed.team2_counter), dorm::TenantScopeError);
}

TEST_CASE("relation loaders of a forged row do not return another tenant's rows", "[tenant_scope][tenant][relations]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  Project forged = tenancy_test::make_project("acme", "forged", 0);
  forged.id = t.seed.globex_project;  // B's key in a row claiming to be A's
  CHECK(forged.tasks(t.db).empty());
  CHECK(forged.labels(t.db).empty());
  Task forged_task = tenancy_test::make_task("acme", t.seed.globex_project, "forged");
  CHECK_FALSE(forged_task.project(t.db).has_value());

  const Project own = t.db.find_or_fail<Project>(t.seed.acme_project);
  CHECK(own.tasks(t.db).size() == 2);
  REQUIRE(own.labels(t.db).size() == 1);
  CHECK(own.labels(t.db)[0].name == "urgent");
}

TEST_CASE("relations linking into another tenant load nothing of it, lazily or eagerly", "[tenant_scope][tenant][relations]") {
  TwoTenants t;
  // Cross-tenant links made in a bypass: A's task pointing at B's project, B's label on A's project.
  dorm::without_tenant_scope([&] {
    auto stray = tenancy_test::make_task("acme", t.seed.globex_project, "stray");
    t.db.insert(stray);
    const Project a1 = t.db.find_or_fail<Project>(t.seed.acme_project);
    const Label secret = t.db.find_or_fail<Label>(t.seed.globex_label);
    projects.labels.attach(t.db, a1, secret);
  });
  dorm::TenantScope scope{"acme"};
  const auto stray = t.db.select<Task>().where(tasks.title == "stray").first_or_fail();
  CHECK_FALSE(stray.project(t.db).has_value());

  const auto eager_tasks = t.db.select<Task>().with(tasks.project).order_by(tasks.title).all();
  REQUIRE(eager_tasks.size() == 3);
  for (const auto& task : eager_tasks) {
    if (task->title == "stray") {
      CHECK_FALSE(task[tasks.project]);
    } else {
      CHECK(task[tasks.project]->org_id == "acme");
    }
  }
  const auto eager = t.db.select<Project>().with(projects.labels, projects.tasks.with(tasks.project)).all();
  for (const auto& project : eager) {
    for (const auto& label : project[projects.labels]) CHECK(label->org_id == "acme");
    for (const auto& task : project[projects.tasks]) CHECK(task->org_id == "acme");
  }
  const Project a1 = t.db.find_or_fail<Project>(t.seed.acme_project);
  REQUIRE(a1.labels(t.db).size() == 1);
  CHECK(a1.labels(t.db)[0].name == "urgent");
}

TEST_CASE("a join of a tenant table carries its tenant condition in the ON clause", "[tenant_scope][tenant][joins]") {
  TwoTenants t;
  dorm::without_tenant_scope([&] {
    auto stray = tenancy_test::make_task("acme", t.seed.globex_project, "stray");
    t.db.insert(stray);
  });
  dorm::TenantScope scope{"acme"};
  const auto joined = t.db.select<Task>().join<Project>(tasks.project_id == projects.id);
  CHECK(decltype(joined)::sql().find(R"(JOIN "projects" ON ("tasks"."project_id" = "projects"."id") AND )"
                                     R"("projects"."org_id" = ?)") != std::string::npos);
  CHECK(joined.count() == 2);  // a1 and a2; the stray task's project is B's
  const auto names = joined.columns(tasks.title, projects.code).all();
  for (const auto& [title, code] : names) CHECK(code != "B-1");
  const auto left = t.db.select<Task>()
                        .left_join<Project>(tasks.project_id == projects.id)
                        .where(tasks.title == "stray")
                        .columns(tasks.title, projects.code)
                        .first();
  REQUIRE(left);
  CHECK_FALSE(std::get<1>(*left).has_value());  // B's project reads as no row
  // A table without a tenant column joining a tenant table, and the reverse.
  CHECK(t.db.select<Country>().join<Project>(projects.code != countries.code).count() == 2);
  CHECK(t.db.select<Project>().join<Country>(projects.code != countries.code).count() == 2);
  CHECK(t.db.select<Project>().without_tenant_scope().left_join<Country>(projects.code == countries.code).count() == 3);
}

TEST_CASE("the update builder changes only the active tenant's rows", "[tenant_scope][tenant][update]") {
  TwoTenants t;
  {
    dorm::TenantScope scope{"acme"};
    CHECK(t.db.update_all<Project>().set(projects.budget = 1).execute_all_rows() == 2);
    CHECK(t.db.update_all<Project>().set(projects.budget = 2).where(projects.id == t.seed.globex_project).execute() == 0);
    CHECK(t.db.update_all<Project>().without_global_scopes().set(projects.budget = 3).execute_all_rows() == 2);
    CHECK(t.db.update_all<Project>().with_trashed().set(projects.budget = 4).execute_all_rows() == 2);
  }
  CHECK(globex_budget(t) == 1000);
}

TEST_CASE("the delete builder removes only the active tenant's rows", "[tenant_scope][tenant][delete]") {
  TwoTenants t;
  {
    dorm::TenantScope scope{"acme"};
    CHECK(t.db.remove_all<Project>().where(projects.id == t.seed.globex_project).execute() == 0);
    CHECK(t.db.remove_all<Project>().force().where(projects.id == t.seed.globex_project).execute() == 0);
    CHECK(t.db.remove_all<Task>().execute_all_rows() == 2);
    CHECK(t.db.remove_all<Project>().execute_all_rows() == 2);  // soft deletes
    CHECK(t.db.remove_all<Project>().only_trashed().force().execute_all_rows() == 2);
  }
  dorm::TenantScope scope{"globex"};
  CHECK(t.db.select<Project>().count() == 1);
  CHECK(t.db.select<Task>().count() == 1);
}

TEST_CASE("without_global_scopes keeps the tenant scope", "[tenant_scope][tenant][scopes]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  const auto query = t.db.select<Project>().without_global_scopes();
  CHECK(decltype(query)::scope_names() == std::array<std::string_view, 1>{"tenant"});
  CHECK(query.count() == 2);
  CHECK(t.db.select<Project>().with_trashed().count() == 2);
}

TEST_CASE("without a scope every query form throws before a statement runs", "[tenant_scope][tenant][no_scope]") {
  TwoTenants t;
  auto& log = t.log_statements();
  const Project own = dorm::without_tenant_scope([&] { return t.db.find_or_fail<Project>(t.seed.acme_project); });
  const Task task = dorm::without_tenant_scope([&] { return t.db.find_or_fail<Task>(t.seed.acme_task); });
  log.clear();
  using E = dorm::TenantScopeError;
  CHECK_THROWS_AS(t.db.select<Project>().all(), E);
  CHECK_THROWS_AS(t.db.select<Project>().first(), E);
  CHECK_THROWS_AS(t.db.select<Project>().first_or_fail(), E);
  CHECK_THROWS_AS(t.db.select<Project>().count(), E);
  CHECK_THROWS_AS(t.db.select<Project>().exists(), E);
  CHECK_THROWS_AS(t.db.select<Project>().paginate(1, 10), E);
  CHECK_THROWS_AS(t.db.select<Project>().cursor(), E);
  CHECK_THROWS_AS(t.db.select<Project>().columns(dorm::count()).all(), E);
  CHECK_THROWS_AS(t.db.select<Project>().columns(projects.code).first(), E);
  CHECK_THROWS_AS(t.db.select<Project>().without_global_scopes().all(), E);
  CHECK_THROWS_AS(t.db.find<Project>(t.seed.acme_project), E);
  CHECK_THROWS_AS(t.db.find_or_fail<Project>(t.seed.acme_project), E);
  CHECK_THROWS_AS(own.tasks(t.db), E);
  CHECK_THROWS_AS(own.labels(t.db), E);
  CHECK_THROWS_AS(task.project(t.db), E);
  CHECK_THROWS_AS(t.db.select<Country>().join<Project>(projects.code != countries.code).all(), E);
  CHECK_THROWS_AS(t.db.update_all<Project>().set(projects.budget = 1).execute_all_rows(), E);
  CHECK_THROWS_AS(t.db.remove_all<Project>().execute_all_rows(), E);
  CHECK_THROWS_AS(t.db.remove_all<Project>().force().execute_all_rows(), E);
  CHECK(log.empty());
}

TEST_CASE("without_tenant_scope on a query reads every tenant's rows, for that query only", "[tenant_scope][tenant][bypass]") {
  TwoTenants t;
  // With a scope or without: the bypass needs none.
  CHECK(orgs_of(t.db.select<Project>().without_tenant_scope().all()) == both);
  dorm::TenantScope scope{"acme"};
  CHECK(t.db.select<Project>().without_tenant_scope().count() == 3);
  CHECK(t.db.select<Project>().count() == 2);
  CHECK(t.db.select<Project>().without_tenant_scope().columns(dorm::count()).first() == std::tuple<std::int64_t>{3});
  CHECK(t.db.select<Project>().columns(dorm::count()).without_tenant_scope().first() == std::tuple<std::int64_t>{3});
  CHECK(t.db.select<Task>().join<Project>(tasks.project_id == projects.id).without_tenant_scope().count() == 3);
  CHECK(t.db.select<Task>().without_tenant_scope().join<Project>(tasks.project_id == projects.id).count() == 3);
  using Unscoped = decltype(t.db.select<Project>().without_tenant_scope());
  CHECK(Unscoped::scope_names() == std::array<std::string_view, 1>{"soft_deletes"});
  // Its eager loads are bypassed with it.
  const auto eager = t.db.select<Project>().without_tenant_scope().with(projects.tasks).order_by(projects.code).all();
  REQUIRE(eager.size() == 3);
  CHECK(eager[2][projects.tasks].size() == 1);
  CHECK(eager[2][projects.tasks][0]->org_id == "globex");
  // Updates and deletes too.
  CHECK(t.db.update_all<Project>().without_tenant_scope().set(projects.budget = 5).execute_all_rows() == 3);
  CHECK(t.db.remove_all<Task>().without_tenant_scope().where(tasks.title == "b1").execute() == 1);
}

TEST_CASE("a without_tenant_scope region runs every query form over every tenant", "[tenant_scope][tenant][bypass]") {
  TwoTenants t;
  dorm::without_tenant_scope([&] {
    CHECK(orgs_of(t.db.select<Project>().all()) == both);
    CHECK(t.db.select<Project>().where(projects.code == "B-1").first().has_value());
    CHECK(t.db.select<Project>().count() == 3);
    CHECK(t.db.select<Project>().where(projects.code == "B-1").exists());
    CHECK(t.db.select<Project>().paginate(1, 10).total == 3);
    std::size_t streamed = 0;
    for (const auto& p : t.db.select<Project>().cursor()) streamed += p.code.empty() ? 0 : 1;
    CHECK(streamed == 3);
    CHECK(t.db.select<Project>().columns(dorm::count()).first() == std::tuple<std::int64_t>{3});
    CHECK(t.db.find<Project>(t.seed.globex_project).has_value());
    const Project b1 = t.db.find_or_fail<Project>(t.seed.globex_project);
    CHECK(b1.tasks(t.db).size() == 1);
    CHECK(b1.labels(t.db).size() == 1);
    const auto eager = t.db.select<Project>().with(projects.tasks, projects.labels).all();
    std::size_t related = 0;
    for (const auto& p : eager) related += p[projects.tasks].size() + p[projects.labels].size();
    CHECK(related == 5);
    CHECK(t.db.select<Task>().join<Project>(tasks.project_id == projects.id).count() == 3);
    CHECK(t.db.update_all<Project>().set(projects.budget = 7).execute_all_rows() == 3);
    CHECK(t.db.remove_all<Task>().execute_all_rows() == 3);
  });
  CHECK(globex_budget(t) == 7);
}

TEST_CASE("tables without a tenant column work without a scope", "[tenant_scope][tenant][untouched]") {
  TwoTenants t;
  CHECK(t.db.select<Country>().count() == 1);
  CHECK(t.db.find<Country>(std::string("FR")).has_value());
  Country de{"DE", "Germany"};
  t.db.insert(de);
  de.name = "Deutschland";
  t.db.update(de);
  CHECK(t.db.update_all<Country>().set(countries.name = "France!").where(countries.code == "FR").execute() == 1);
  CHECK(t.db.remove_all<Country>().where(countries.code == "DE").execute() == 1);
  CHECK(t.db.select<Country>().all().size() == 1);
  // and inside a scope as well.
  dorm::TenantScope scope{"acme"};
  CHECK(t.db.select<Country>().count() == 1);
}

TEST_CASE("queries of a table without a tenant column carry no tenant condition", "[tenant_scope][tenant][untouched]") {
  using Q = decltype(std::declval<dorm::Database&>().select<Country>());
  STATIC_REQUIRE_FALSE(Q::tenant_scoped);
  CHECK(Q::scope_names().empty());
  CHECK(Q::sql().find("WHERE") == std::string::npos);
  STATIC_REQUIRE(std::is_same_v<dorm::default_scopes_t<Country>, dorm::type_list<>>);
}

TEST_CASE("raw SQL is not scoped", "[tenant_scope][tenant][raw]") {
  TwoTenants t;
  dorm::TenantScope scope{"acme"};
  CHECK(t.db.query_value<std::int64_t>("SELECT COUNT(*) FROM projects") == 3);
}
