#pragma once
// RAII transactions. The outermost is BEGIN IMMEDIATE (taking the write lock up front avoids
// the deadlock two deferred writers can reach in WAL mode); nested ones are SAVEPOINTs.
#include <string>

namespace dorm {

class Database;

/// An open transaction or savepoint; rolled back on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction(Transaction&&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  /// Makes the changes permanent (or releases the savepoint into the outer transaction).
  void commit();
  /// Undoes every change made since the transaction began.
  void rollback();
  [[nodiscard]] bool is_active() const noexcept { return active_; }

 private:
  void finish(const std::string& sql);

  Database* db_;
  int depth_;  ///< 1 for the outermost transaction
  bool active_ = true;
};

}  // namespace dorm
