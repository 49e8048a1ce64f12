#pragma once
// Per-connection cache of prepared statements. SQL that dorm builds (generated CRUD, query
// shapes) is registered once per process as a StaticSql with a slot number, so finding its
// statement is a vector index, not a hash of the text. Raw SQL from users is cached by text.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dorm/core/statement.hpp"

namespace dorm {

/// SQL text built once per process, with a process-wide slot that keys its statement cache.
struct StaticSql {
  std::string text;
  std::size_t slot;
};

/// Registers `text` as a StaticSql. Call it once per SQL shape, from a function-local static.
[[nodiscard]] StaticSql make_static_sql(std::string text);
/// make_static_sql() of a compile-time text (dorm/expr/sql_text.hpp): out of line, so a query
/// shape's registration is one call.
[[nodiscard]] StaticSql make_static_sql(std::string_view text);

class StatementCache;

/// Exclusive use of a prepared statement for one execution; resets it when released so locks
/// are dropped and the statement can be reused. When the cached statement is already in use
/// (a query run again while its cursor is open), the lease holds a fresh private statement.
class StatementLease {
 public:
  StatementLease(Statement& cached, bool& in_use) noexcept : statement_(&cached), in_use_(&in_use) { in_use = true; }
  explicit StatementLease(std::unique_ptr<Statement> owned) noexcept
      : statement_(owned.get()), owned_(std::move(owned)) {}
  StatementLease(StatementLease&& other) noexcept
      : statement_(other.statement_), in_use_(other.in_use_), owned_(std::move(other.owned_)) {
    other.statement_ = nullptr;
    other.in_use_ = nullptr;
  }
  StatementLease& operator=(StatementLease&&) = delete;
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;
  ~StatementLease() {
    if (statement_ != nullptr) statement_->reset();
    if (in_use_ != nullptr) *in_use_ = false;
  }

  Statement& operator*() const noexcept { return *statement_; }
  Statement* operator->() const noexcept { return statement_; }

 private:
  Statement* statement_;
  bool* in_use_ = nullptr;
  std::unique_ptr<Statement> owned_;
};

/// The statements of one connection. Not thread-safe, like the connection that owns it.
class StatementCache {
 public:
  explicit StatementCache(Connection& connection) noexcept;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache();

  /// The statement for dorm-built SQL, prepared on first use.
  StatementLease lease(const StaticSql& sql) {
    if (sql.slot < slots_.size() && slots_[sql.slot] && !slots_[sql.slot]->in_use) [[likely]] {
      Entry& e = *slots_[sql.slot];
      return StatementLease(e.statement, e.in_use);
    }
    return lease_slow(sql);
  }
  /// The statement for user-written SQL, cached by its text (a bounded number of entries).
  StatementLease lease(std::string_view sql);

  /// Finalizes every statement (before the connection closes).
  void clear() noexcept;
  [[nodiscard]] std::size_t size() const noexcept;
  /// True while a statement of the cache is leased (e.g. by an open cursor).
  [[nodiscard]] bool in_use() const noexcept;

  /// Why this connection refuses the writes dorm builds (e.g. "opened with
  /// OpenOptions::read_only"), or nullptr when it takes them. Read by the executor's read-only
  /// rule (dorm/query/executor.hpp).
  [[nodiscard]] const char* read_only_reason() const noexcept { return read_only_reason_; }
  /// Makes this connection refuse the writes dorm builds from now on, saying `reason` (a string
  /// literal: it is kept, not copied).
  void refuse_writes(const char* reason) noexcept { read_only_reason_ = reason; }

 private:
  struct Entry {
    Statement statement;
    bool in_use = false;
  };
  StatementLease lease_slow(const StaticSql& sql);

  Connection* connection_;
  const char* read_only_reason_ = nullptr;
  std::vector<std::unique_ptr<Entry>> slots_;
  // User-written SQL by text: a hash map defined in the runtime library (statement_cache.cpp),
  // so that this header, which every TU includes, need not include <unordered_map>. Created at
  // the first raw SQL statement.
  struct TextEntries;
  std::unique_ptr<TextEntries> by_text_;
};

}  // namespace dorm
