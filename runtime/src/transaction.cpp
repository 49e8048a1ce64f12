#include "dorm/core/transaction.hpp"

#include "dorm/core/database.hpp"

namespace dorm {

Transaction::Transaction(Database& db) : db_(&db), depth_(db.transaction_depth_ + 1) {
  db.connection().begin(depth_);
  db.transaction_depth_ = depth_;
}

Transaction::~Transaction() {
  if (!active_) return;
  try {
    rollback();
  } catch (...) {
    // A destructor must not throw; SQLite has already rolled back when this fails.
    db_->transaction_depth_ = depth_ - 1;
  }
}

void Transaction::commit() {
  if (!active_) throw MisuseError("[dorm.misuse.transaction_finished] commit() on a finished transaction");
  if (db_->transaction_depth_ != depth_)
    throw MisuseError("[dorm.misuse.transaction_order] commit() of an outer transaction while an inner one is open");
  db_->connection().commit(depth_);
  finish();
}

void Transaction::rollback() {
  if (!active_) throw MisuseError("[dorm.misuse.transaction_finished] rollback() on a finished transaction");
  // The engine may already have rolled back by itself (SQLite on SQLITE_FULL, SQLITE_IOERR, ...).
  if (depth_ == 1 && !db_->connection().in_transaction()) {
    active_ = false;
    db_->transaction_depth_ = 0;
    return;
  }
  db_->connection().rollback(depth_);
  finish();
}

void Transaction::finish() {
  active_ = false;
  db_->transaction_depth_ = depth_ - 1;
}

}  // namespace dorm
