#pragma once
// What the tenant scoping tests share: a migrated in-memory database holding the rows of two
// organizations, "acme" (tenant A) and "globex" (tenant B), and of two teams (1 and 2) for the
// integer tenant column, written under a bypass; and a statement log proving what ran.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <dorm/dorm.hpp>

#include "tenancy/models.hpp"

namespace tenancy_test {

inline constexpr std::string_view acme = "acme";
inline constexpr std::string_view globex = "globex";

/// The ids of the seeded rows, per tenant.
struct Seed {
  std::int64_t acme_project = 0;     ///< "A-1", budget 100, with tasks a1 (done) and a2
  std::int64_t acme_project2 = 0;    ///< "A-2", budget 50, no tasks
  std::int64_t globex_project = 0;   ///< "B-1", budget 1000, with task b1
  std::int64_t acme_task = 0;        ///< a1
  std::int64_t globex_task = 0;      ///< b1
  std::int64_t acme_label = 0;       ///< "urgent" on A-1
  std::int64_t globex_label = 0;     ///< "secret" on B-1
  std::int64_t team1_counter = 0;    ///< team 1's "visits"
  std::int64_t team2_counter = 0;    ///< team 2's "visits"
};

inline tenancy::Project make_project(std::string_view org, std::string code, std::int64_t budget) {
  tenancy::Project p;
  p.org_id = std::string(org);
  p.name = "Project " + code;
  p.code = std::move(code);
  p.budget = budget;
  return p;
}

inline tenancy::Task make_task(std::string_view org, std::int64_t project, std::string title, bool done = false) {
  tenancy::Task t;
  t.org_id = std::string(org);
  t.project_id = project;
  t.title = std::move(title);
  t.done = done;
  return t;
}

/// An in-memory database with both tenants' rows (see Seed).
struct TwoTenants {
  dorm::Database db = dorm::Database::open(":memory:");
  Seed seed;

  TwoTenants() {
    tenancy::migrate(db);
    dorm::without_tenant_scope([&] {
      auto a1 = make_project(acme, "A-1", 100);
      auto a2 = make_project(acme, "A-2", 50);
      auto b1 = make_project(globex, "B-1", 1000);
      db.insert(a1);
      db.insert(a2);
      db.insert(b1);
      seed.acme_project = a1.id;
      seed.acme_project2 = a2.id;
      seed.globex_project = b1.id;
      auto ta1 = make_task(acme, a1.id, "a1", true);
      auto ta2 = make_task(acme, a1.id, "a2");
      auto tb1 = make_task(globex, b1.id, "b1");
      db.insert(ta1);
      db.insert(ta2);
      db.insert(tb1);
      seed.acme_task = ta1.id;
      seed.globex_task = tb1.id;
      tenancy::Label la{0, std::string(acme), "urgent"};
      tenancy::Label lb{0, std::string(globex), "secret"};
      db.insert(la);
      db.insert(lb);
      seed.acme_label = la.id;
      seed.globex_label = lb.id;
      tenancy::projects.labels.attach(db, a1, la);
      tenancy::projects.labels.attach(db, b1, lb);
      tenancy::Counter c1{0, 1, "visits", 10};
      tenancy::Counter c2{0, 2, "visits", 20};
      db.insert(c1);
      db.insert(c2);
      seed.team1_counter = c1.id;
      seed.team2_counter = c2.id;
    });
    tenancy::Country fr{"FR", "France"};
    db.insert(fr);
  }

  /// Every statement the connection starts from now on.
  std::vector<std::string>& log_statements() {
    db.on_statement([this](std::string_view sql) { statements.emplace_back(sql); });
    return statements;
  }
  std::vector<std::string> statements;
};

}  // namespace tenancy_test
