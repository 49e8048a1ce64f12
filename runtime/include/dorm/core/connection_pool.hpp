#pragma once
// dorm::ConnectionPool: one database file used by many threads of one process.
//
// SQLite in WAL mode lets any number of connections read while one writes, but only one can
// write at a time. The pool mirrors that: one writer connection, leased by one thread at a
// time (the others queue on a mutex of the pool, not on SQLite's file lock, so they never see
// SQLITE_BUSY from each other), and `readers` read-only connections (PRAGMA query_only) leased
// one per thread. A checkpoint guard keeps the -wal file bounded even when readers never let
// SQLite's own checkpoints finish. docs/concurrency.md explains the model and each choice.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/core/error.hpp"

namespace dorm {

/// How a ConnectionPool opens and guards its database.
struct ConnectionPoolOptions {
  std::filesystem::path path{};  ///< the database file; created when missing (its folder must exist)
  std::size_t readers = 4;       ///< read-only connections, at least 1
  /// How long write() and read() wait for a free connection before LeaseTimeout;
  /// std::chrono::milliseconds::max() waits forever, 0 fails at once when none is free.
  std::chrono::milliseconds lease_timeout{5000};
  /// Checkpoint guard: when a writer lease ends with the -wal file larger than this, the pool
  /// checkpoints and truncates it (docs/concurrency.md, "Checkpoint starvation"). 0 turns the
  /// guard off (SQLite's own automatic checkpoints still run).
  std::uint64_t checkpoint_wal_bytes = std::uint64_t{64} << 20;
  /// How long the guard holds new read() calls back while it waits for the reader leases in
  /// use to end; past it, it runs a PASSIVE checkpoint instead and tries again after the next
  /// write.
  std::chrono::milliseconds checkpoint_wait{1000};
  /// Brings the database to the current schema (the generated `migrate`): run once, on the
  /// writer connection, when the pool is built, before any reader opens.
  std::function<void(Database&)> migrate{};
  /// Every time a connection is opened (the writer and each reader), after migrate.
  std::function<void(Database&)> on_open{};
  /// How each connection is opened. `wal` is always on and `read_only` always off: readers
  /// are made read-only with PRAGMA query_only instead (docs/concurrency.md says why).
  OpenOptions open{};
};

/// What the checkpoint guard did, for monitoring and tests.
struct CheckpointStats {
  std::uint64_t truncated = 0;  ///< TRUNCATE checkpoints that emptied the -wal file
  std::uint64_t passive = 0;    ///< PASSIVE fallbacks: readers stayed leased past checkpoint_wait
};

/// write() or read() found no free connection within lease_timeout. Not a SQLite error: the
/// wait was in the pool, no SQLite lock was involved.
class LeaseTimeout : public Error {
 public:
  using Error::Error;
};

/// One database file shared by many threads: one writer connection handed out exclusively
/// and `readers` read-only ones. Every member function is thread-safe. Not movable (leases
/// point into it). Every Lease must end before the pool is destroyed.
class ConnectionPool {
 public:
  class Lease;

  /// Opens the writer (creating the file, switching it to WAL, running migrate and on_open),
  /// then the readers. Throws MisuseError for readers == 0 or an empty path, and what opening,
  /// migrate or on_open throws.
  explicit ConnectionPool(ConnectionPoolOptions options);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  /// Waits for leases held by other threads, then closes every connection (the writer last,
  /// so SQLite checkpoints and removes the -wal file). Stops the program with a message when
  /// this thread still holds a lease.
  ~ConnectionPool();

  /// The writer connection, exclusively: waits while another thread holds it (at most
  /// lease_timeout, then LeaseTimeout). Throws MisuseError when this thread holds it already.
  [[nodiscard]] Lease write();
  /// A reader connection: waits while all are leased or a checkpoint is draining them (at
  /// most lease_timeout, then LeaseTimeout). Writes through it fail with SqliteError
  /// [dorm.sqlite.8] (attempt to write a readonly database).
  [[nodiscard]] Lease read();

  /// Runs `body(Database&)` under a writer lease and returns what it returns.
  template <class F>
  std::invoke_result_t<F, Database&> with_writer(F&& body);
  /// Runs `body(Database&)` under a reader lease and returns what it returns.
  template <class F>
  std::invoke_result_t<F, Database&> with_reader(F&& body);

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return options_.path; }
  [[nodiscard]] std::size_t readers() const noexcept { return options_.readers; }
  /// What the checkpoint guard has done so far.
  [[nodiscard]] CheckpointStats checkpoint_stats() const;

 private:
  struct Slot;

  Lease take(Slot* slot_or_null);
  void give_back(Slot& slot) noexcept;
  void guard_checkpoint(Database& writer) noexcept;
  [[nodiscard]] Database open_connection(bool writer) const;

  ConnectionPoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;  // a lease ended, or a checkpoint let readers in again
  std::unique_ptr<Slot> writer_;
  std::vector<std::unique_ptr<Slot>> readers_;
  std::size_t readers_leased_ = 0;
  bool checkpointing_ = false;  // the guard holds new reads back
  CheckpointStats stats_;
};

/// Use of one connection of a ConnectionPool by one thread, until release() or destruction.
/// Movable, not copyable; end it in the thread that took it. Do not keep references to its
/// Database past it. A lease that ends inside a transaction (a BEGIN never committed) closes
/// its connection, which rolls the transaction back; the next lease reopens it.
class ConnectionPool::Lease {
 public:
  Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), slot_(std::exchange(other.slot_, nullptr)) {}
  /// Ends the current lease, then takes `other`'s.
  Lease& operator=(Lease&& other) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() { release(); }

  /// The connection. Throws MisuseError on an ended (or moved-from) lease.
  [[nodiscard]] Database& db() const;
  [[nodiscard]] Database* operator->() const { return &db(); }
  [[nodiscard]] Database& operator*() const { return db(); }
  /// True for the writer's lease, false for a reader's. Throws MisuseError on an ended lease.
  [[nodiscard]] bool is_writer() const;
  /// True until the lease ends.
  [[nodiscard]] explicit operator bool() const noexcept { return slot_ != nullptr; }
  /// Ends the lease now (a writer's runs the checkpoint guard first). Does nothing on an ended
  /// lease.
  void release() noexcept;

 private:
  friend class ConnectionPool;
  Lease(ConnectionPool& pool, Slot& slot) noexcept : pool_(&pool), slot_(&slot) {}

  ConnectionPool* pool_ = nullptr;
  Slot* slot_ = nullptr;
};

template <class F>
std::invoke_result_t<F, Database&> ConnectionPool::with_writer(F&& body) {
  Lease held = write();
  return std::invoke(std::forward<F>(body), held.db());
}

template <class F>
std::invoke_result_t<F, Database&> ConnectionPool::with_reader(F&& body) {
  Lease held = read();
  return std::invoke(std::forward<F>(body), held.db());
}

}  // namespace dorm
