#pragma once
// Applies a token's rights to the connection that runs its request's SQL.
#include "dorm/backends/sqlite/connection.hpp"
#include "dorm/server/rights.hpp"

namespace dorm::server {

/// The guard of one connection that runs SQL sent by clients: hardens it
/// (Connection::harden_for_untrusted_sql), then checks every statement against the rights of
/// the request it runs for (sql_refusal, as the connection's authorizer), with PRAGMA
/// query_only on for read-only rights as a second wall. A refused statement fails with
/// dorm::AuthorizationError, whose refused() the server puts in its 403.
///
/// Keep one guard per connection, beside it, for the connection's life, and call apply() with
/// each request's rights before its SQL: changing rights expires the connection's prepared
/// statements, so each is checked again under the new rights before it runs (a statement
/// prepared for an admin never runs for a read-only token unchecked); unchanged rights cost
/// nothing. The connection's own transaction statements (Database::transaction, begin/commit/
/// rollback) are not refused.
class SqlGuard {
 public:
  /// Hardens `connection` and applies `rights` (read-only unless said) until apply() says
  /// otherwise. For a connection shared beyond the guard's life (a dorm::Pool's), a guard per
  /// request with that request's rights.
  explicit SqlGuard(sqlite::Connection& connection, Rights rights = Rights::read_only);
  SqlGuard(const SqlGuard&) = delete;
  SqlGuard& operator=(const SqlGuard&) = delete;
  SqlGuard(SqlGuard&&) noexcept = default;
  SqlGuard& operator=(SqlGuard&&) noexcept = default;
  ~SqlGuard() = default;

  /// Makes statements run from now on follow `rights`.
  void apply(Rights rights);
  /// The rights applied now.
  [[nodiscard]] Rights rights() const noexcept { return rights_; }
  /// Takes the rights off the connection (no authorizer, query_only off) for the code of the
  /// program that runs on it next, such as a dorm::Pool lease's end (a mirror's replay); the
  /// hardening stays. Best effort: when query_only cannot be turned off, the next apply() or
  /// guard sets it again. apply() puts rights back on.
  void lift() noexcept;

 private:
  void install(Rights rights);

  sqlite::Connection* connection_;
  Rights rights_ = Rights::read_only;
  bool lifted_ = false;
};

}  // namespace dorm::server
