// The multi-tenant example: one SQLite database per tenant, created and migrated on first use
// by a dorm::Pool, and an aggregate database that every tenant's todos are mirrored to for
// cross-tenant reports, queried there with row-level tenant scoping. Run it twice: the
// tenants' data accumulates and the aggregate follows.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <dorm/tenancy/mirror.hpp>  // not in <dorm/dorm.hpp>: only programs that pool or mirror pay for them
#include <dorm/tenancy/pool.hpp>

#include "reports/models.hpp"
#include "tenants/models.hpp"

int main(int argc, char** argv) {
  const std::filesystem::path folder = argc > 1 ? argv[1] : "tenants-data";
  try {
    std::filesystem::create_directories(folder);
    const std::filesystem::path aggregate_path = folder / "aggregate.db";

    // The aggregate: the mirrored todos table, tenant-scoped by its dorm_source column.
    auto aggregate = dorm::Database::open(aggregate_path.string());
    reports::migrate(aggregate);

    // Writes to `todos` in any tenant database go to its outbox in the same transaction, and
    // are copied to the aggregate when the tenant's lease ends (docs/mirroring.md).
    auto mirror = std::make_shared<dorm::Mirror>(dorm::MirrorOptions{.aggregate_path = aggregate_path, .tables = {"todos"}});
    dorm::PoolOptions options{.folder = folder / "tenants", .max_open = 64, .migrate = tenants::migrate};
    dorm::mirror_pool(options, mirror);
    dorm::Pool pool(std::move(options));
    // Writes a crash or a locked aggregate left in the outboxes reach the aggregate now.
    for (const dorm::TenantFailure& failure : mirror->replay_pool(pool)) {
      std::cerr << "tenant " << failure.name << " is not mirrored yet: " << failure.message << '\n';
    }

    using tenants::todos;
    for (const char* tenant : {"acme", "globex", "initech"}) {
      // The first use of a name creates tenants/<name>.db and migrates it.
      pool.with_tenant(tenant, [&](dorm::Database& db) {
        tenants::Todo todo{.title = std::string("Plan the launch for ") + tenant};
        db.insert(todo);
        if (std::string_view(tenant) == "acme") {
          tenants::Todo second{.title = "Call the printer"};
          db.insert(second);
          db.update_all<tenants::Todo>().set(todos.done = true).where(todos.id == todo.id).execute();
        }
        std::cout << tenant << ": " << db.select<tenants::Todo>().count() << " todo(s), "
                  << db.select<tenants::Todo>().where(todos.done == false).count() << " open\n";
      });
    }
    std::cout << "tenant databases: " << pool.list().size() << " in " << (folder / "tenants").string() << '\n';

    // A name that would leave the folder is refused before any file is touched.
    try {
      auto lease = pool.acquire("../aggregate");
    } catch (const dorm::TenantNameError& e) {
      std::cout << "refused: " << e.what() << '\n';
    }

    // Row-level scoping in the aggregate: inside a TenantScope every query of a tenant table
    // filters on its tenant column; without one it throws.
    {
      dorm::TenantScope scope{"acme"};
      for (const auto& todo : aggregate.select<reports::MirroredTodo>().order_by(reports::todos.id).all()) {
        std::cout << "aggregate, acme only: #" << todo.id << " " << todo.title << (todo.done ? " (done)" : "") << '\n';
      }
    }
    try {
      (void)aggregate.select<reports::MirroredTodo>().count();
    } catch (const dorm::TenantScopeError& e) {
      std::cout << "unscoped query refused: " << e.what() << '\n';
    }
    // Reports across tenants say so, greppably.
    const auto open_items = dorm::without_tenant_scope(
        [&] { return aggregate.select<reports::MirroredTodo>().where(reports::todos.done == false).count(); });
    std::cout << "aggregate, all tenants: " << open_items << " open todo(s)\n";
  } catch (const dorm::Error& e) {
    std::cerr << "tenants_example: " << e.what() << '\n';
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
