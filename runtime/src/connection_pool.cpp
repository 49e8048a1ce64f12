#include "dorm/core/connection_pool.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <system_error>

namespace dorm {

using Clock = std::chrono::steady_clock;

// One connection of the pool. Only the lease holder touches `db`; the rest is guarded by the
// pool's mutex.
struct ConnectionPool::Slot {
  explicit Slot(bool is_writer) : writer(is_writer) {}
  const bool writer;
  std::optional<Database> db;  // empty after a lease ended inside a transaction: reopened on the next lease
  bool leased = false;
  std::thread::id holder;      // the leasing thread: re-entry is an error, not a wait for oneself
  Clock::time_point since;     // when the current lease began, for the timeout message
};

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::string milliseconds_text(Clock::duration duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count()) + " ms";
}

}  // namespace

ConnectionPool::ConnectionPool(ConnectionPoolOptions options) : options_(std::move(options)) {
  if (options_.readers == 0)
    throw MisuseError("[dorm.misuse.connection_pool_options] ConnectionPoolOptions::readers must be at least 1");
  if (options_.path.empty() || options_.path == ":memory:")
    throw MisuseError("[dorm.misuse.connection_pool_options] ConnectionPoolOptions::path is " +
                      std::string(options_.path.empty() ? "empty" : "':memory:', which gives every connection a "
                                                                   "database of its own") +
                      "; name the database file");
  // Absolute, so a later change of the working directory cannot split the connections.
  options_.path = std::filesystem::absolute(options_.path);
  options_.open.wal = true;
  options_.open.read_only = false;

  writer_ = std::make_unique<Slot>(true);
  Database& writer = writer_->db.emplace(Database::open(options_.path.string(), options_.open));
  // Without WAL (":memory:", a file system without shared memory) every reader would be a
  // separate database or would block the writer: refuse rather than pretend.
  const auto mode = writer.query_value<std::string>("PRAGMA journal_mode");
  if (mode.value_or("") != "wal")
    throw Error("[dorm.connection_pool.not_wal] " + quoted(options_.path) + " runs in journal_mode '" +
                mode.value_or("") + "', not WAL, so readers and the writer would block each other; use a file "
                "on a local file system");
  if (options_.migrate) options_.migrate(writer);
  if (options_.on_open) options_.on_open(writer);
  readers_.reserve(options_.readers);
  for (std::size_t i = 0; i < options_.readers; ++i) {
    readers_.push_back(std::make_unique<Slot>(false));
    readers_.back()->db.emplace(open_connection(false));
  }
}

ConnectionPool::~ConnectionPool() {
  std::unique_lock lock(mutex_);
  const auto this_thread = std::this_thread::get_id();
  auto held_here = [&](const Slot& slot) { return slot.leased && slot.holder == this_thread; };
  if (held_here(*writer_) || std::any_of(readers_.begin(), readers_.end(), [&](const auto& s) { return held_here(*s); })) {
    // Waiting would never end and closing the connection under the lease would leave it
    // dangling: the program is broken either way, so say where instead of hanging (as Pool).
    std::fprintf(stderr, "[dorm.misuse.connection_pool_destroyed] dorm::ConnectionPool of '%s' destroyed while "
                         "this thread still holds one of its leases\n", options_.path.string().c_str());
    std::terminate();
  }
  changed_.wait(lock, [&] {
    return !writer_->leased && std::none_of(readers_.begin(), readers_.end(), [](const auto& s) { return s->leased; });
  });
  readers_.clear();
  writer_.reset();  // the last connection: SQLite checkpoints and deletes the -wal file
}

Database ConnectionPool::open_connection(bool writer) const {
  Database db = Database::open(options_.path.string(), options_.open);
  // query_only rather than SQLITE_OPEN_READONLY: see docs/concurrency.md, "Readers".
  if (!writer) {
    db.execute_script("PRAGMA query_only = ON");
    db.statements().refuse_writes("a ConnectionPool reader");
  }
  if (options_.on_open) options_.on_open(db);
  return db;
}

ConnectionPool::Lease ConnectionPool::write() {
  std::unique_lock lock(mutex_);
  if (writer_->leased && writer_->holder == std::this_thread::get_id())
    throw MisuseError("[dorm.misuse.connection_pool_reentrant] write() by the thread that already holds the writer "
                      "lease of " + quoted(options_.path) + " would wait for itself; use the lease it holds");
  auto free = [&] { return !writer_->leased; };
  const bool got = options_.lease_timeout == std::chrono::milliseconds::max()
                       ? (changed_.wait(lock, free), true)
                       : changed_.wait_for(lock, options_.lease_timeout, free);
  if (!got)
    throw LeaseTimeout("[dorm.connection_pool.write_timeout] no writer connection of " + quoted(options_.path) +
                       " within " + milliseconds_text(options_.lease_timeout) + ": another thread has held the "
                       "writer lease for " + milliseconds_text(Clock::now() - writer_->since) +
                       "; keep write leases short, or raise ConnectionPoolOptions::lease_timeout");
  writer_->leased = true;
  writer_->holder = std::this_thread::get_id();
  writer_->since = Clock::now();
  lock.unlock();
  return take(writer_.get());
}

ConnectionPool::Lease ConnectionPool::read() {
  std::unique_lock lock(mutex_);
  auto free = [&] { return !checkpointing_ && readers_leased_ < readers_.size(); };
  const bool got = options_.lease_timeout == std::chrono::milliseconds::max()
                       ? (changed_.wait(lock, free), true)
                       : changed_.wait_for(lock, options_.lease_timeout, free);
  if (!got)
    throw LeaseTimeout("[dorm.connection_pool.read_timeout] no reader connection of " + quoted(options_.path) +
                       " within " + milliseconds_text(options_.lease_timeout) + ": " +
                       (checkpointing_ ? std::string("a checkpoint was waiting for the reader leases to end")
                                       : "all " + std::to_string(readers_.size()) + " readers stayed leased") +
                       "; keep read leases short, or raise ConnectionPoolOptions::readers or lease_timeout");
  Slot& slot = **std::find_if(readers_.begin(), readers_.end(), [](const auto& s) { return !s->leased; });
  slot.leased = true;
  slot.holder = std::this_thread::get_id();
  slot.since = Clock::now();
  ++readers_leased_;
  lock.unlock();
  return take(&slot);
}

// The slot is leased to this thread already: (re)open its connection when a lease ended
// inside a transaction closed it. Runs without the mutex, so only this lease waits for it.
ConnectionPool::Lease ConnectionPool::take(Slot* slot) {
  if (!slot->db) {
    try {
      slot->db.emplace(open_connection(slot->writer));
    } catch (...) {
      slot->db.reset();
      give_back(*slot);
      throw;
    }
  }
  return Lease(*this, *slot);
}

void ConnectionPool::give_back(Slot& slot) noexcept {
  Database* db = slot.db && slot.db->is_open() ? &*slot.db : nullptr;
  // A connection left inside a transaction is not handed on: closing it rolls back, so the
  // next holder never inherits someone else's BEGIN, and a reader cannot keep an old snapshot
  // (which would stop every checkpoint) past its lease.
  if (db == nullptr || db->connection().in_transaction()) {
    slot.db.reset();
  } else if (slot.writer) {
    guard_checkpoint(*db);  // still leased: no other writer appends meanwhile
  }
  std::lock_guard lock(mutex_);
  slot.leased = false;
  slot.holder = {};
  if (!slot.writer) --readers_leased_;
  changed_.notify_all();
}

// SQLite checkpoints by itself after commits (PASSIVE, wal_autocheckpoint pages), but a
// checkpoint cannot copy frames a reader's snapshot still needs, nor restart the -wal file
// while a reader uses it: with reads that always overlap, the file grows without bound. Past
// the bound the guard stops handing out reader leases, waits (at most checkpoint_wait) for
// those in use to end, and then runs a TRUNCATE checkpoint, which nothing of this pool can
// block any more; when readers stay leased too long it copies what it can (PASSIVE), lets
// them in again and tries again after a later write.
void ConnectionPool::guard_checkpoint(Database& writer) noexcept {
  if (options_.checkpoint_wal_bytes == 0) return;
  std::filesystem::path wal = options_.path;
  wal += "-wal";
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(wal, error);
  if (error || size <= options_.checkpoint_wal_bytes) return;
  bool drained = false;
  {
    std::unique_lock lock(mutex_);
    checkpointing_ = true;
    drained = changed_.wait_for(lock, options_.checkpoint_wait, [&] { return readers_leased_ == 0; });
  }
  // Another process's reader can still hold the WAL: wait for it no longer than for ours.
  Connection& connection = writer.connection();
  connection.set_busy_timeout(options_.checkpoint_wait);
  const bool done = connection.checkpoint(drained);
  connection.set_busy_timeout(options_.open.busy_timeout);
  std::lock_guard lock(mutex_);
  checkpointing_ = false;
  if (done) ++(drained ? stats_.truncated : stats_.passive);
  changed_.notify_all();
}

CheckpointStats ConnectionPool::checkpoint_stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

// ---- Lease ----

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::exchange(other.pool_, nullptr);
    slot_ = std::exchange(other.slot_, nullptr);
  }
  return *this;
}

void ConnectionPool::Lease::release() noexcept {
  if (slot_ == nullptr) return;
  pool_->give_back(*std::exchange(slot_, nullptr));
}

Database& ConnectionPool::Lease::db() const {
  if (slot_ == nullptr || !slot_->db)
    throw MisuseError("[dorm.misuse.lease_ended] this dorm::ConnectionPool::Lease has ended (released or moved from)");
  return *slot_->db;
}

bool ConnectionPool::Lease::is_writer() const {
  if (slot_ == nullptr)
    throw MisuseError("[dorm.misuse.lease_ended] this dorm::ConnectionPool::Lease has ended (released or moved from)");
  return slot_->writer;
}

}  // namespace dorm
