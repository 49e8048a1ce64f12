#include "dorm/server/sql_guard.hpp"

#include "dorm/server/sql_policy.hpp"

namespace dorm::server {

SqlGuard::SqlGuard(sqlite::Connection& connection, Rights rights) : connection_(&connection) {
  connection.harden_for_untrusted_sql();
  install(rights);
}

void SqlGuard::apply(Rights rights) {
  if (rights != rights_ || lifted_) install(rights);
}

void SqlGuard::lift() noexcept {
  try {
    connection_->set_authorizer({});
    connection_->set_query_only(false);
  } catch (...) {  // NOLINT(bugprone-empty-catch): documented best effort; apply() sets both again
  }
  lifted_ = true;
}

void SqlGuard::install(Rights rights) {
  // query_only first: set_query_only is the connection's own statement, never refused.
  connection_->set_query_only(rights == Rights::read_only);
  connection_->set_authorizer([rights](const sqlite::StatementAction& action) { return sql_refusal(action, rights); });
  rights_ = rights;
  lifted_ = false;
}

}  // namespace dorm::server
