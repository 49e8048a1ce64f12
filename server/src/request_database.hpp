#pragma once
// The database connection one request uses, handed back when the request is done with it.
#include <memory>
#include <optional>
#include <string>

#include "database_slots.hpp"
#include "dorm/core/database.hpp"
#include "dorm/server/rights.hpp"
#include "dorm/server/sql_guard.hpp"
#include "dorm/tenancy/pool.hpp"

namespace dorm::server {

/// A connection of the single database (a slot) or a tenant's (a Pool lease), used by one
/// request in one worker thread, with the request's rights applied by an SqlGuard (a statement
/// they refuse fails with AuthorizationError), and given back on destruction (in that thread: a
/// lease must end where it began).
class RequestDatabase {
 public:
  /// Takes tenant `*tenant`'s database from `pool`, or with no tenant a slot of `slots`, and
  /// applies `rights` to it. Throws HttpError 400 for a name the pool refuses, 503 when the
  /// database stays locked (opening and migrating it), and what opening throws otherwise.
  RequestDatabase(DatabaseSlots& slots, Pool* pool, const std::string* tenant, Rights rights);
  RequestDatabase(const RequestDatabase&) = delete;
  RequestDatabase& operator=(const RequestDatabase&) = delete;
  ~RequestDatabase();

  /// The connection.
  [[nodiscard]] Database& get() noexcept { return lease_ ? lease_->db() : database_->database; }

 private:
  DatabaseSlots& slots_;
  std::unique_ptr<GuardedDatabase> database_;  // a slot keeps its guard for its whole life
  std::optional<Pool::Lease> lease_;
  // The pool keeps its connections past the request: their guard is the request's, lifted
  // before the lease ends, so the pool's own work then (a mirror's replay) is not client SQL.
  std::optional<SqlGuard> lease_guard_;
};

}  // namespace dorm::server
