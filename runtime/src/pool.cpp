#include "dorm/tenancy/pool.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <system_error>
#include <thread>

namespace dorm {

// One tenant the pool knows about right now. A slot exists while its tenant is open, leased,
// being closed, or waited for; otherwise it is erased, so memory follows max_open and the
// threads, not the number of tenants ever touched.
struct Pool::Slot {
  explicit Slot(std::string tenant) : name(std::move(tenant)) {}
  std::string name;
  std::optional<Database> db;  // the open handle; only the lease holder touches it
  bool leased = false;
  std::thread::id holder;      // the leasing thread, to turn re-entry into an error
  bool busy = false;           // its handle is being closed outside the mutex
  std::size_t waiters = 0;     // threads in claim() for it: keeps the slot alive
  bool idle = false;           // in idle_
  std::list<Slot*>::iterator idle_position;
};

namespace {

std::string message_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

// Removes the database file and SQLite's side files; true when the database file was there.
// Goes on past a failure (reported in `error`) so as much as possible is gone.
bool remove_database_files(const std::filesystem::path& path, std::error_code& error) {
  const bool existed = std::filesystem::remove(path, error);
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    std::filesystem::path side = path;
    side += suffix;
    std::error_code side_error;
    std::filesystem::remove(side, side_error);
    if (!error) error = side_error;
  }
  return existed;
}

}  // namespace

Pool::Pool(PoolOptions options) : options_(std::move(options)) {
  validate_version_prefix(options_.version_prefix);
  if (options_.max_open == 0)
    throw MisuseError("[dorm.misuse.pool_options] PoolOptions::max_open must be at least 1");
  if (options_.folder.empty())
    throw MisuseError("[dorm.misuse.pool_options] PoolOptions::folder is empty; name the folder the tenant "
                      "databases live in");
  std::error_code error;
  // Absolute, so a later change of the working directory cannot move the tenants.
  options_.folder = std::filesystem::absolute(options_.folder, error);
  if (!error) std::filesystem::create_directories(options_.folder, error);
  if (error || !std::filesystem::is_directory(options_.folder))
    throw Error("[dorm.pool.folder] cannot create the pool folder '" + options_.folder.string() +
                "': " + (error ? error.message() : "a file of that name is in the way"));
}

Pool::~Pool() {
  std::unique_lock lock(mutex_);
  const auto this_thread = std::this_thread::get_id();
  for (const auto& [name, slot] : slots_) {
    if (slot->leased && slot->holder == this_thread) {
      // Waiting would never end, and closing the handle under the lease would leave it
      // dangling: the program is broken either way, so say where instead of hanging.
      std::fprintf(stderr, "[dorm.misuse.pool_destroyed] dorm::Pool destroyed while this thread still holds "
                           "the lease of tenant %s\n", quote_name(name).c_str());
      std::terminate();
    }
  }
  changed_.wait(lock, [&] {
    return std::none_of(slots_.begin(), slots_.end(),
                        [](const auto& entry) { return entry.second->leased || entry.second->busy; });
  });
  idle_.clear();
  slots_.clear();  // closes the handles
}

std::filesystem::path Pool::path_of(std::string_view name) const {
  return options_.folder / tenant_file_name(name, options_.version_prefix);
}

bool Pool::exists(std::string_view name) const { return std::filesystem::exists(path_of(name)); }

std::vector<std::string> Pool::list() const {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(options_.folder)) {
    if (!entry.is_regular_file()) continue;
    if (auto name = tenant_name_of_file(entry.path().filename().string(), options_.version_prefix))
      names.push_back(std::move(*name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::size_t Pool::open_count() const {
  std::lock_guard lock(mutex_);
  return open_count_;
}

std::vector<TenantFailure> Pool::take_release_errors() {
  std::lock_guard lock(mutex_);
  return std::exchange(release_errors_, {});
}

Pool::Lease Pool::acquire(std::string_view name) { return lease(name, Open::create, false); }

// Waits until `name` is free and leases it to this thread. Never opens anything, so the
// mutex is held only for bookkeeping.
Pool::Slot& Pool::claim(std::unique_lock<std::mutex>& lock, std::string_view name, std::string_view operation) {
  auto it = slots_.find(name);
  if (it == slots_.end()) it = slots_.emplace(std::string(name), std::make_unique<Slot>(std::string(name))).first;
  Slot& slot = *it->second;
  if (slot.leased && slot.holder == std::this_thread::get_id())
    throw MisuseError("[dorm.misuse.pool_reentrant] " + std::string(operation) + " of tenant " + quote_name(name) +
                      " by the thread that already holds its lease would wait forever; use the lease it holds");
  ++slot.waiters;
  changed_.wait(lock, [&] { return !slot.leased && !slot.busy; });
  --slot.waiters;
  slot.leased = true;
  slot.holder = std::this_thread::get_id();
  return slot;
}

Pool::Lease Pool::lease(std::string_view name, Open mode, bool close_if_opened) {
  const std::filesystem::path path = path_of(name);  // validates before anything is touched
  std::unique_lock lock(mutex_);
  Slot& slot = claim(lock, name, "acquire");
  if (slot.db) {
    idle_.erase(slot.idle_position);
    slot.idle = false;
    return Lease(*this, slot, false, false);
  }
  if (mode == Open::existing_only) {
    lock.unlock();
    const bool present = std::filesystem::exists(path);
    lock.lock();
    if (!present) {
      unlease(slot);
      return Lease();
    }
  }
  reserve_handle(lock);
  lock.unlock();
  // Opening and migrating run without the mutex: a slow tenant delays only its own waiters.
  std::optional<Database> db;
  bool created = false;
  try {
    created = !std::filesystem::exists(path);
    db.emplace(Database::open(path.string(), options_.open));
    if (options_.migrate) options_.migrate(*db);
    if (options_.on_open) options_.on_open(*db, slot.name);
  } catch (...) {
    db.reset();
    // A half-made database would be taken for a migrated one by the next acquire.
    if (created) {
      std::error_code ignored;  // the open's own error is the one to report
      remove_database_files(path, ignored);
    }
    lock.lock();
    --open_count_;
    unlease(slot);
    throw;
  }
  lock.lock();
  slot.db = std::move(db);
  return Lease(*this, slot, true, close_if_opened);
}

// Makes room for one more handle: takes a free unit, else the least recently used idle
// handle's unit (closing that handle here, outside the mutex), else exceeds max_open for the
// time being. Blocking instead could deadlock: a thread that holds max_open leases and asks
// for one more would wait for itself.
void Pool::reserve_handle(std::unique_lock<std::mutex>& lock) {
  // Handles being closed free their units in a moment; wait for those rather than exceed.
  changed_.wait(lock, [&] { return open_count_ < options_.max_open || !idle_.empty() || closing_ == 0; });
  if (open_count_ < options_.max_open || idle_.empty()) {
    ++open_count_;
    return;
  }
  Slot& victim = *idle_.front();
  idle_.pop_front();
  victim.idle = false;
  victim.busy = true;  // its tenant waits until the file is closed: no two handles per file
  std::optional<Database> closing = std::move(victim.db);
  victim.db.reset();
  lock.unlock();
  closing.reset();  // the unit passes to the caller
  lock.lock();
  victim.busy = false;
  erase_if_unused(victim);
  changed_.notify_all();
}

std::exception_ptr Pool::end_lease(Slot& slot, bool close, bool record_error) {
  std::exception_ptr error;
  Database* db = slot.db && slot.db->is_open() ? &*slot.db : nullptr;
  if (db != nullptr && options_.on_release) {
    try {
      options_.on_release(*db, slot.name);
    } catch (...) {
      error = std::current_exception();
    }
  }
  // A handle the caller closed or left inside a transaction is not handed on: closing it
  // rolls the transaction back, so the next holder never inherits someone else's BEGIN.
  const bool keep = db != nullptr && !close && !db->connection().in_transaction();
  if (!keep) slot.db.reset();  // still leased: nobody else can reach the slot
  std::unique_lock lock(mutex_);
  if (error && record_error) {
    // Recorded before unlease(): the slot (and its name) may be gone right after.
    constexpr std::size_t kept = 1000;
    if (release_errors_.size() == kept) release_errors_.erase(release_errors_.begin());
    release_errors_.push_back({slot.name, message_of(error), std::exchange(error, nullptr)});
  }
  if (keep) {
    slot.idle_position = idle_.insert(idle_.end(), &slot);
    slot.idle = true;
  } else {
    --open_count_;
  }
  unlease(slot);
  close_idle_over_limit(lock);
  return error;
}

// After a burst above max_open, each ended lease closes the least recently used idle handle
// until the pool is back at its limit.
void Pool::close_idle_over_limit(std::unique_lock<std::mutex>& lock) {
  while (open_count_ - closing_ > options_.max_open && !idle_.empty()) {
    Slot& victim = *idle_.front();
    idle_.pop_front();
    victim.idle = false;
    victim.busy = true;
    ++closing_;
    std::optional<Database> closing = std::move(victim.db);
    victim.db.reset();
    lock.unlock();
    closing.reset();
    lock.lock();
    --closing_;
    --open_count_;
    victim.busy = false;
    erase_if_unused(victim);
    changed_.notify_all();
  }
}

// With the mutex held: hands the slot back and wakes the waiters.
void Pool::unlease(Slot& slot) {
  slot.leased = false;
  slot.holder = {};
  erase_if_unused(slot);
  changed_.notify_all();
}

void Pool::erase_if_unused(Slot& slot) {
  if (!slot.leased && !slot.busy && slot.waiters == 0 && !slot.db) slots_.erase(slot.name);
}

bool Pool::drop(std::string_view name) {
  const std::filesystem::path path = path_of(name);
  std::unique_lock lock(mutex_);
  Slot& slot = claim(lock, name, "drop");
  if (slot.idle) {
    idle_.erase(slot.idle_position);
    slot.idle = false;
  }
  const bool had_handle = slot.db.has_value();
  lock.unlock();
  slot.db.reset();
  std::error_code error;
  const bool existed = remove_database_files(path, error);
  lock.lock();
  if (had_handle) --open_count_;
  unlease(slot);
  lock.unlock();
  if (error)
    throw Error("[dorm.pool.drop] cannot delete the database of tenant " + quote_name(name) + " ('" + path.string() +
                "'): " + error.message());
  return existed;
}

MigrateAllReport Pool::migrate_all(const std::function<void(const MigrateProgress&)>& progress) {
  MigrateAllReport report;
  const std::vector<std::string> names = list();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    bool ok = true;
    try {
      Lease held = lease(name, Open::existing_only, true);
      if (held) {
        // A handle opened just now was migrated by the open; an open one may predate the
        // current schema only if migrate changed, but running it again is cheap and certain.
        if (!held.opened_ && options_.migrate) options_.migrate(held.db());
        held.release();
        report.migrated.push_back(name);
      }
    } catch (...) {
      ok = false;
      std::exception_ptr error = std::current_exception();
      report.failed.push_back({name, message_of(error), error});
    }
    if (progress) progress(MigrateProgress{i + 1, names.size(), name, ok});
  }
  return report;
}

// ---- Lease ----

Pool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), slot_(std::exchange(other.slot_, nullptr)),
      opened_(other.opened_), close_on_release_(other.close_on_release_) {}

Pool::Lease& Pool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    end_quietly();
    pool_ = std::exchange(other.pool_, nullptr);
    slot_ = std::exchange(other.slot_, nullptr);
    opened_ = other.opened_;
    close_on_release_ = other.close_on_release_;
  }
  return *this;
}

Pool::Lease::~Lease() { end_quietly(); }

void Pool::Lease::end_quietly() noexcept {
  if (slot_ == nullptr) return;
  Slot& slot = *std::exchange(slot_, nullptr);
  pool_->end_lease(slot, close_on_release_, true);
}

Database& Pool::Lease::db() const {
  if (slot_ == nullptr || !slot_->db)
    throw MisuseError("[dorm.misuse.lease_ended] this dorm::Pool::Lease has ended (released or moved from)");
  return *slot_->db;
}

std::string_view Pool::Lease::name() const {
  if (slot_ == nullptr)
    throw MisuseError("[dorm.misuse.lease_ended] this dorm::Pool::Lease has ended (released or moved from)");
  return slot_->name;
}

void Pool::Lease::release() {
  if (slot_ == nullptr) return;
  Slot& slot = *std::exchange(slot_, nullptr);
  if (std::exception_ptr error = pool_->end_lease(slot, close_on_release_, false)) std::rethrow_exception(error);
}

}  // namespace dorm
