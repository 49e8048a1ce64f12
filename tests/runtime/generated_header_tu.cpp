// Compiled with clang++ -fsyntax-only by the test runtime.generated_header_compiles_with_clang:
// the generated header and the runtime umbrella header together, with some of the DSL in use
// so the templates are instantiated.
#include <dorm/dorm.hpp>

#include "rt/models.hpp"

namespace {
[[maybe_unused]] void use_the_api(dorm::Database& db) {
  rt::migrate(db);
  rt::User user{.email = "a@example.com", .name = "A"};
  db.insert(user);
  [[maybe_unused]] auto found = db.find<rt::User>(user.id);
  [[maybe_unused]] auto adults = db.select<rt::User>()
                                     .where(rt::users.age >= 18 && rt::users.name.like("A%"))
                                     .order_by(rt::users.id.desc())
                                     .limit(10)
                                     .all();
  [[maybe_unused]] auto member = db.find<rt::Membership>(std::int64_t{1}, std::int64_t{2});
  for ([[maybe_unused]] const rt::Sample& s : db.select<rt::Sample>().cursor()) {
  }
}
}  // namespace
