#include "dorm/transaction.hpp"

#include "dorm/database.hpp"

namespace dorm {

namespace {
std::string savepoint_name(int depth) { return "\"dorm_savepoint_" + std::to_string(depth) + '"'; }
}  // namespace

Transaction::Transaction(Database& db) : db_(&db), depth_(db.transaction_depth_ + 1) {
  db.execute_script(depth_ == 1 ? "BEGIN IMMEDIATE" : "SAVEPOINT " + savepoint_name(depth_));
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
  finish(depth_ == 1 ? "COMMIT" : "RELEASE " + savepoint_name(depth_));
}

void Transaction::rollback() {
  if (!active_) throw MisuseError("[dorm.misuse.transaction_finished] rollback() on a finished transaction");
  if (depth_ == 1) {
    // SQLite may already have rolled back by itself (SQLITE_FULL, SQLITE_IOERR, ...).
    if (sqlite3_get_autocommit(db_->handle()) != 0) {
      active_ = false;
      db_->transaction_depth_ = 0;
      return;
    }
    finish("ROLLBACK");
  } else {
    std::string name = savepoint_name(depth_);
    finish("ROLLBACK TO " + name + "; RELEASE " + name);
  }
}

void Transaction::finish(const std::string& sql) {
  db_->execute_script(sql);
  active_ = false;
  db_->transaction_depth_ = depth_ - 1;
}

}  // namespace dorm
