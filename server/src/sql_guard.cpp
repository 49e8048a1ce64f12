#include "dorm/server/sql_guard.hpp"

#include "dorm/server/sql_policy.hpp"

namespace dorm::server {

SqlGuard::SqlGuard(sqlite::Connection& connection) : connection_(&connection) {
  connection.harden_for_untrusted_sql();
  install(Rights::read_only);
}

void SqlGuard::apply(Rights rights) {
  if (rights != rights_) install(rights);
}

void SqlGuard::install(Rights rights) {
  // query_only first: set_query_only is the connection's own statement, never refused.
  connection_->set_query_only(rights == Rights::read_only);
  connection_->set_authorizer([rights](const sqlite::StatementAction& action) { return sql_refusal(action, rights); });
  rights_ = rights;
}

}  // namespace dorm::server
