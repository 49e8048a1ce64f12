#pragma once
// dorm::Mirror: copies the writes made on chosen tables of many source databases (one per
// tenant, say) into one aggregate database, for reports across tenants. docs/mirroring.md.
//
// Why a durable outbox and not one transaction over an ATTACHed aggregate: in WAL mode SQLite
// does not commit a transaction over several files atomically, and a locked or missing
// aggregate would then block or fail every tenant's writes. Instead each write records what
// it changed in an outbox table of its own database, in its own transaction (so a rolled back
// write leaves nothing and a committed one is never lost), and replay() later applies the
// outbox to the aggregate, once: a per-source high-water mark, committed in the aggregate
// together with the rows, skips whatever an interrupted replay already applied.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dorm/core/error.hpp"

namespace dorm {

class Database;
struct PoolOptions;
class Pool;
struct TenantFailure;

namespace detail {
/// The mirror's state for one SQLite connection (the SkipMirror count its triggers read).
struct MirrorConnection;
}  // namespace detail

/// A mirror operation failed. The message starts with `[dorm.mirror.<what>]` and names the
/// source, and for a failed write the table and outbox sequence number; code() and
/// extended_code() are SQLite's when SQLite failed (5, SQLITE_BUSY, when the aggregate stayed
/// locked). A failed replay leaves the source's outbox as it was, for the next replay.
class MirrorError : public Error {
 public:
  using Error::Error;
};

/// What a Mirror copies, and where to.
struct MirrorOptions {
  /// The aggregate database file. Opened by each replay (and created when missing and
  /// `create_aggregate` is set; a missing folder is an error).
  std::string aggregate_path{};
  /// The mirrored tables: the same names in every source, and in the aggregate.
  std::vector<std::string> tables{};
  /// The aggregate column that holds the source name of each row (TEXT NOT NULL).
  std::string source_column = "dorm_source";
  /// true: the aggregate key is (source column, the table's key), so every source may use
  /// the same ids (auto-increment keys). false: the aggregate key is the table's key alone,
  /// for applications that generate ids unique across sources (UUIDs); a collision between
  /// two sources is then a MirrorError, never a silent overwrite.
  bool source_in_key = true;
  /// How long a replay waits for the aggregate's write lock before MirrorError.
  std::chrono::milliseconds busy_timeout{5000};
  /// Create the aggregate file when it does not exist (its folder must exist).
  bool create_aggregate = true;
  /// Entries applied per aggregate transaction: bounds how long a replay holds the
  /// aggregate's write lock and how much of the outbox it holds in memory.
  std::size_t batch_size = 5000;
};

/// Mirrors writes of the chosen tables from source databases into the aggregate database.
/// Thread-safe: one Mirror serves any number of threads, each replaying through its own
/// source Database. Each replay opens its own aggregate connection, so replays of different
/// sources queue on the aggregate's write lock (SQLite's busy timeout) rather than on a mutex.
class Mirror {
 public:
  explicit Mirror(MirrorOptions options);
  Mirror(const Mirror&) = delete;
  Mirror& operator=(const Mirror&) = delete;

  [[nodiscard]] const MirrorOptions& options() const noexcept { return options_; }

  /// Makes `db` record every write to the mirrored tables in its outbox, under
  /// `source_name` (the value of the aggregate's source column). Creates the outbox tables
  /// in `db` when missing and TEMP triggers on the connection: call it on every connection
  /// that writes, after migrations (it reads the tables' columns, so a later call follows
  /// added columns). Rows a table holds when it is first installed are queued as inserts, so
  /// the aggregate starts complete. A database keeps the source name it was first installed
  /// with: another name is a MirrorError (its rows would be mirrored twice under two names).
  /// Throws MirrorError when a table is missing, has no primary key, or has a column named
  /// like the source column.
  void install(Database& db, std::string_view source_name);

  /// Applies `source`'s pending outbox entries to the aggregate, in the order they were
  /// committed, in aggregate transactions of up to batch_size entries; removes them from the
  /// outbox once the aggregate has committed them. Returns the number of entries applied.
  /// Throws MirrorError when the aggregate is locked past the busy timeout, cannot be opened
  /// or written, or rejects a row; what was not committed to the aggregate stays in the
  /// outbox, and the error is remembered (last_error()) until a replay of that source
  /// succeeds. Throws MisuseError inside a transaction of `source` (its uncommitted writes
  /// would be replayed) and MirrorError when `source_name` is not the installed name.
  std::size_t replay(Database& source, std::string_view source_name);
  /// replay() under the name `source` was installed with; returns 0 when never installed.
  std::size_t replay(Database& source);
  /// replay() that throws nothing, for hooks that must not fail (mirror_pool's on_release):
  /// false when it failed, the error being kept for last_error() and failed_sources().
  bool try_replay(Database& source, std::string_view source_name) noexcept;

  /// Entries in `source`'s outbox: written, not yet replayed (or replayed and not yet
  /// removed, after a failed cleanup). 0 when the mirror was never installed there.
  [[nodiscard]] std::int64_t pending(Database& source) const;

  /// The message of the last failed replay of `source_name`, if it has not succeeded since.
  [[nodiscard]] std::optional<std::string> last_error(std::string_view source_name) const;
  /// Sources whose last replay failed: replay them again (their outboxes kept everything).
  [[nodiscard]] std::vector<std::string> failed_sources() const;

  /// Catches a pool's tenants up: replays each tenant of `pool.list()` (or only those of
  /// failed_sources() when `only_failed`), one lease at a time, and returns the tenants whose
  /// replay failed, the others having gone on. Run it at start-up: an outbox written before a
  /// crash or a restart, or whose replay failed, is replayed only when its tenant is leased
  /// again, and a tenant may not be for a long time. Tenants that were not open are opened
  /// (and migrated and installed through the pool's hooks) for it.
  std::vector<TenantFailure> replay_pool(Pool& pool, bool only_failed = false);

  /// Removes `source_name` from the aggregate: its rows in every mirrored table and its
  /// high-water mark. For a source whose database was deleted or recreated (a new database
  /// under an old name is refused until then, because its sequence numbers start over).
  void forget(std::string_view source_name);

  /// Starts `source`'s mirror over: empties its outbox, queues every current row of the
  /// mirrored tables as an insert (as a first install() does), gives it a new origin id, then
  /// forget()s its name in the aggregate, so the next replay rebuilds its rows there exactly.
  /// The remedy when replay() reports `[dorm.mirror.source_replaced]` or
  /// `[dorm.mirror.source_rewound]` (a database restored from an older copy).
  void resync(Database& source);

 private:
  std::size_t replay_batches(Database& source, const std::string& name, const std::string& origin);
  void record(const std::string& source_name, const std::string* error);

  MirrorOptions options_;
  mutable std::mutex errors_mutex_;
  std::map<std::string, std::string, std::less<>> errors_;
};

/// While it lives, writes through `db` are not recorded for the mirror: they stay out of the
/// aggregate for good (for bulky or private tables' rows, or a backfill done otherwise). It
/// is checked per row a statement changes, so it covers the statements run while it lives:
/// hold it across a whole transaction to skip the transaction. Nests. Must not outlive `db`'s
/// connection; works whether or not the mirror is installed yet.
class SkipMirror {
 public:
  explicit SkipMirror(Database& db);
  SkipMirror(const SkipMirror&) = delete;
  SkipMirror& operator=(const SkipMirror&) = delete;
  ~SkipMirror();

 private:
  std::shared_ptr<detail::MirrorConnection> state_;
};

/// Sets `options`' on_open and on_release hooks so every tenant of a dorm::Pool is mirrored:
/// install on each (re)open under the tenant's name, replay when a lease ends. A replay that
/// fails on release throws nothing: the outbox keeps the entries, mirror->failed_sources()
/// and last_error() show it, and the next release of that tenant replays them. Hooks already
/// set in `options` still run, before the mirror's.
void mirror_pool(PoolOptions& options, std::shared_ptr<Mirror> mirror);

}  // namespace dorm
