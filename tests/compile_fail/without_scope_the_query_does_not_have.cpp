// expect: require_scope_in_query.*Scope = .*NotAScopeOfUsers.*without_scope<S>\(\) names a scope this query does not apply
// without_scope<S>() naming a scope the query does not apply is a mistake (a typo, or the scope
// was never registered in dorm::global_scopes): it must not compile.
#include <string_view>

#include "blog/models.hpp"

struct NotAScopeOfUsers {
  static constexpr std::string_view name = "adults";
  static auto condition() { return blog::users.age >= 18; }
};

void without_scope_the_query_does_not_have(dorm::Database& db) {
  (void)db.select<blog::User>().without_global_scopes().all();
#ifdef DORM_EXPECT_COMPILE_FAILURE
  (void)db.select<blog::User>().without_scope<NotAScopeOfUsers>().all();
#endif
}
