#include "request_database.hpp"

#include <utility>

#include "dorm/server/http_error.hpp"

namespace dorm::server {

RequestDatabase::RequestDatabase(DatabaseSlots& slots, Pool* pool, const std::string* tenant, Rights rights)
    : slots_(slots) {
  try {
    if (tenant != nullptr) {
      lease_.emplace(pool->acquire(*tenant));
    } else {
      database_ = slots.take();
    }
  } catch (const TenantNameError& error) {
    throw HttpError(400, std::string("bad tenant name: ") + error.what());
  } catch (const BusyError& error) {
    throw HttpError(503, error.what());
  }
  try {
    if (lease_) {
      lease_guard_.emplace(lease_->db().connection(), rights);
    } else {
      database_->guard.apply(rights);
    }
  } catch (...) {
    if (database_) slots_.give_back(std::move(database_));
    throw;
  }
}

// A lease's on_release error (a mirror replay, say) is recorded by the pool, not thrown.
RequestDatabase::~RequestDatabase() {
  if (lease_guard_) lease_guard_->lift();
  if (database_) slots_.give_back(std::move(database_));
}

}  // namespace dorm::server
