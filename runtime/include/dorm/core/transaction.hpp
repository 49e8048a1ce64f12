#pragma once
// RAII transactions over the connection seam. The outermost is the engine's write transaction
// (SQLite: BEGIN IMMEDIATE, see Connection::begin); nested ones are savepoints.

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
  void finish();

  Database* db_;
  int depth_;  ///< 1 for the outermost transaction
  bool active_ = true;
};

}  // namespace dorm
