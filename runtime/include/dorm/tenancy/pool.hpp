#pragma once
// dorm::Pool: one SQLite database per name (tenant, user) in one folder, opened on demand.
//
// The first acquire() of a name creates its file and migrates it; later ones reuse the open
// handle. At most `max_open` handles stay open: beyond that the least recently used unleased
// handle is closed, and reopened (and migrated again) transparently when its tenant comes
// back. A Lease gives one thread exclusive use of one tenant's Database, which is
// single-threaded (NOMUTEX); other threads use other tenants meanwhile and wait only for the
// same tenant. The full semantics, with the reasons for each choice, are in docs/pool.md.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/tenancy/tenant_name.hpp"

namespace dorm {

/// How a Pool finds, opens and prepares its databases.
struct PoolOptions {
  std::filesystem::path folder{};  ///< where the tenant files live; created when missing
  /// Part of every file name ("v2.alice.db"): a new prefix gives every tenant a fresh database
  /// (DORM's database version). 1-32 bytes of [a-z0-9_-], or empty.
  std::string version_prefix{};
  /// Handles kept open. All leased at once, the pool opens more for the time being and closes
  /// the extra ones as their leases end (docs/pool.md, "The open-handle limit").
  std::size_t max_open = 256;
  /// Brings a database to the current schema (the generated `migrate`); run every time a
  /// handle is opened, before on_open. Called from several threads at once for different
  /// tenants, so it must be thread-safe (the generated one is).
  std::function<void(Database&)> migrate{};
  OpenOptions open{};  ///< how each file is opened
  /// After migrate, every time a handle is (re)opened.
  std::function<void(Database&, std::string_view name)> on_open{};
  /// When a lease ends, before another thread can use the handle. Its exception propagates
  /// from Lease::release() (and from with_tenant()); when the lease ends in the destructor it is
  /// recorded, see Pool::take_release_errors(). The lease ends either way.
  std::function<void(Database&, std::string_view name)> on_release{};
};

/// migrate_all()'s progress, passed after each tenant.
struct MigrateProgress {
  std::size_t done = 0;   ///< tenants finished, this one included
  std::size_t total = 0;  ///< tenants listed when migrate_all() started
  std::string_view name;  ///< the tenant just finished
  bool ok = true;         ///< false when it failed (its error is in the report)
};

/// A tenant whose operation failed: its name, the exception's what() and the exception itself
/// (to rethrow, or to tell a MigrationError from a BusyError).
struct TenantFailure {
  std::string name;
  std::string message;
  std::exception_ptr error;
};

/// What migrate_all() did: every tenant is in exactly one of the two lists (tenants dropped
/// while it ran are in neither).
struct MigrateAllReport {
  std::vector<std::string> migrated;   ///< at the current schema now, in list() order
  std::vector<TenantFailure> failed;   ///< in list() order
  [[nodiscard]] bool ok() const noexcept { return failed.empty(); }
};

/// One database per tenant name inside one folder, opened on demand. Thread-safe; not
/// movable (leases point into it). Every Lease must end before the Pool is destroyed.
class Pool {
 public:
  class Lease;

  /// Creates the folder when missing. Throws TenantNameError for a bad version prefix,
  /// MisuseError for max_open == 0 or an empty folder, Error when the folder cannot be made.
  explicit Pool(PoolOptions options);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  /// Waits for leases held by other threads, then closes every handle.
  ~Pool();

  /// Exclusive use of `name`'s database: opens it (creating and migrating the file on first
  /// use) unless it is open; waits while another thread holds it. Throws TenantNameError for
  /// a bad name, MisuseError when this thread already holds `name`, and what opening,
  /// migrate or on_open throws (a file this call created is removed again then).
  [[nodiscard]] Lease acquire(std::string_view name);

  /// Runs `body(Database&)` under a lease of `name` and returns what it returns. When `body`
  /// throws, the lease still ends (an on_release error is then recorded, not thrown).
  template <class F>
  std::invoke_result_t<F, Database&> with_tenant(std::string_view name, F&& body);

  /// The tenants with a file in the folder under this prefix, sorted by name.
  [[nodiscard]] std::vector<std::string> list() const;
  /// True when `name` has a file. Creates nothing. Throws TenantNameError for a bad name.
  [[nodiscard]] bool exists(std::string_view name) const;
  /// Deletes `name`'s database: waits for its lease, closes the handle and removes the file
  /// and its -wal, -shm and -journal files. False when there was no file. An acquire waiting
  /// meanwhile gets a new, empty (migrated) database once the drop is done. Throws
  /// MisuseError when this thread holds `name`, Error when a file cannot be deleted.
  bool drop(std::string_view name);
  /// Migrates every listed tenant, one at a time, calling `progress` after each; a tenant that
  /// fails is reported and the others still run. Tenants that were not open are closed again
  /// afterwards, so the open handles stay the hot ones. An exception from `progress` stops
  /// the run and propagates (that is how a caller cancels).
  MigrateAllReport migrate_all(const std::function<void(const MigrateProgress&)>& progress = {});

  /// Handles open now (leased, idle, or being closed). At most max_open, except while more
  /// than max_open leases are held at once.
  [[nodiscard]] std::size_t open_count() const;
  /// The file `name` is stored in. Throws TenantNameError for a bad name.
  [[nodiscard]] std::filesystem::path path_of(std::string_view name) const;
  [[nodiscard]] const std::filesystem::path& folder() const noexcept { return options_.folder; }
  [[nodiscard]] std::size_t max_open() const noexcept { return options_.max_open; }
  /// The on_release errors of leases that ended in their destructor since the last call
  /// (the newest 1,000), oldest first; clears them.
  [[nodiscard]] std::vector<TenantFailure> take_release_errors();

 private:
  struct Slot;
  enum class Open { create, existing_only };

  Lease lease(std::string_view name, Open mode, bool close_if_opened);
  Slot& claim(std::unique_lock<std::mutex>& lock, std::string_view name, std::string_view operation);
  void reserve_handle(std::unique_lock<std::mutex>& lock);
  std::exception_ptr end_lease(Slot& slot, bool close, bool record_error);
  void close_idle_over_limit(std::unique_lock<std::mutex>& lock);
  void unlease(Slot& slot);
  void erase_if_unused(Slot& slot);

  PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;  // a lease ended, a handle closed, a slot went away
  std::map<std::string, std::unique_ptr<Slot>, std::less<>> slots_;
  std::list<Slot*> idle_;            // open unleased handles, least recently used first
  std::size_t open_count_ = 0;       // handles open, being opened, or being closed
  std::size_t closing_ = 0;          // of those, being closed to get back under max_open
  std::vector<TenantFailure> release_errors_;
};

/// Exclusive use of one tenant's Database by one thread, until release() or destruction.
/// Movable, not copyable, but only within the thread that acquired it: the pool tracks the
/// holder by thread, so end a lease in that thread. Do not move the Database out of it, nor
/// keep references past it.
class Pool::Lease {
 public:
  Lease(Lease&& other) noexcept;
  /// Ends the current lease (as the destructor does), then takes `other`'s.
  Lease& operator=(Lease&& other) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  /// Ends the lease; an on_release error is recorded in the pool (take_release_errors()).
  ~Lease();

  /// The tenant's database. Throws MisuseError on an ended (or moved-from) lease.
  [[nodiscard]] Database& db() const;
  [[nodiscard]] Database* operator->() const { return &db(); }
  [[nodiscard]] Database& operator*() const { return db(); }
  /// The tenant's name. Throws MisuseError on an ended lease.
  [[nodiscard]] std::string_view name() const;
  /// True until the lease ends.
  [[nodiscard]] explicit operator bool() const noexcept { return slot_ != nullptr; }
  /// Ends the lease now: runs on_release and hands the database back. Rethrows on_release's
  /// exception, after the lease has ended. Does nothing on an ended lease.
  void release();

 private:
  friend class Pool;
  Lease() = default;
  Lease(Pool& pool, Slot& slot, bool opened, bool close_on_release) noexcept
      : pool_(&pool), slot_(&slot), opened_(opened), close_on_release_(close_on_release) {}
  void end_quietly() noexcept;

  Pool* pool_ = nullptr;
  Slot* slot_ = nullptr;
  bool opened_ = false;            // this acquire opened the handle (migrate already ran)
  bool close_on_release_ = false;  // migrate_all's visit of a closed tenant: close it again
};

template <class F>
std::invoke_result_t<F, Database&> Pool::with_tenant(std::string_view name, F&& body) {
  using Result = std::invoke_result_t<F, Database&>;
  Lease held = acquire(name);
  if constexpr (std::is_void_v<Result>) {
    std::invoke(std::forward<F>(body), held.db());
    held.release();
  } else {
    Result result = std::invoke(std::forward<F>(body), held.db());
    held.release();
    return std::forward<Result>(result);
  }
}

}  // namespace dorm
