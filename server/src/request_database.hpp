#pragma once
// The database connection one request uses, handed back when the request is done with it.
#include <memory>
#include <optional>
#include <string>

#include "database_slots.hpp"
#include "dorm/core/database.hpp"
#include "dorm/tenancy/pool.hpp"

namespace dorm::server {

/// A connection of the single database (a slot) or a tenant's (a Pool lease), used by one
/// request in one worker thread, and given back on destruction (in that thread: a lease must
/// end where it began).
class RequestDatabase {
 public:
  /// Takes tenant `*tenant`'s database from `pool`, or with no tenant a slot of `slots`.
  /// Throws HttpError 400 for a name the pool refuses, 503 when the database stays locked
  /// (opening and migrating it), and what opening throws otherwise.
  RequestDatabase(DatabaseSlots& slots, Pool* pool, const std::string* tenant);
  RequestDatabase(const RequestDatabase&) = delete;
  RequestDatabase& operator=(const RequestDatabase&) = delete;
  ~RequestDatabase();

  /// The connection.
  [[nodiscard]] Database& get() noexcept { return lease_ ? lease_->db() : *database_; }

 private:
  DatabaseSlots& slots_;
  std::unique_ptr<Database> database_;
  std::optional<Pool::Lease> lease_;
};

}  // namespace dorm::server
