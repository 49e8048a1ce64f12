#include "dorm/database.hpp"

#include <filesystem>

namespace dorm {

namespace {

void exec_or_throw(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);  // sqlite3_errmsg still holds the message
  if (rc != SQLITE_OK) detail::throw_sqlite_error(db, rc, sql);
}

// SQLite's "attempt to write a readonly database" when a read-only connection cannot set up
// WAL mode: the -wal or -shm file is missing and cannot be created, or the -shm cannot be used.
// Names the files and the ways out (docs/concurrency.md, "Read-only databases").
std::string read_only_wal_reason(const std::string& file) {
  const std::filesystem::path path(file);
  const std::string folder = path.has_parent_path() ? path.parent_path().string() : std::string(".");
  std::string missing;
  for (const char* suffix : {"-wal", "-shm"}) {
    std::error_code ignored;
    if (!std::filesystem::exists(file + suffix, ignored)) missing += (missing.empty() ? "'" : " and '") + file + suffix + "'";
  }
  return "the database is in WAL mode, and a read-only connection needs its '-wal' and '-shm' files beside it: " +
         (missing.empty() ? "'" + file + "-shm' exists but this process cannot use it"
                          : missing + " cannot be created in the folder '" + folder + "' (not writable by this process)") +
         ". Make the folder writable, keep a read-write connection open while this one reads (it keeps the files in "
         "place), switch the database to PRAGMA journal_mode = DELETE, or, when nothing writes it while it is open, "
         "open 'file:" + file + "?immutable=1' (which ignores the -wal file)";
}

// SQLITE_READONLY_DIRECTORY: -wal or -shm cannot be created; SQLITE_READONLY_CANTINIT: the -shm
// exists but cannot be used. A URI names options SQLite reads, so its text is left as SQLite put it.
bool read_only_wal_failure(int extended, const OpenOptions& options, const std::string& file) {
  return options.read_only && (extended == SQLITE_READONLY_DIRECTORY || extended == SQLITE_READONLY_CANTINIT) &&
         file.rfind("file:", 0) != 0;
}

}  // namespace

Database Database::open(std::string_view path, const OpenOptions& options) {
  std::string file(path);
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  flags |= options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    // SQLite says only "unable to open database file" when the folder is missing; say which.
    const std::filesystem::path folder = std::filesystem::path(file).parent_path();
    std::error_code ignored;
    if ((rc & 0xff) == SQLITE_CANTOPEN && file.rfind("file:", 0) != 0 && !folder.empty()) {
      if (!std::filesystem::exists(folder, ignored)) {
        reason = "the folder '" + folder.string() + "' does not exist";
      } else if (!std::filesystem::is_directory(folder, ignored)) {
        reason = "'" + folder.string() + "' is not a folder";
      }
    }
    std::string message = "[dorm.sqlite." + std::to_string(rc) + "] cannot open database '" + file + "': " + reason;
    sqlite3_close_v2(raw);
    throw SqliteError(std::move(message), rc & 0xff, rc);
  }
  sqlite3_extended_result_codes(raw, 1);
  Database db(raw, std::move(file));
  sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count()));
  // Reading the schema here turns "file is not a database" into an error at open time
  // instead of at the first query; the message names the file, as open errors do.
  rc = sqlite3_exec(raw, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    int extended = sqlite3_extended_errcode(raw);
    std::string message = "[dorm.sqlite." + std::to_string(extended) + "] cannot open database '" + db.path() +
                          "': " + (read_only_wal_failure(extended, options, db.path()) ? read_only_wal_reason(db.path())
                                                                                      : std::string(sqlite3_errmsg(raw)));
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
      throw BusyError(std::move(message), rc & 0xff, extended);
    throw SqliteError(std::move(message), rc & 0xff, extended);
  }
  if (!options.read_only) {
    // synchronous first: switching a new file to WAL then syncs once less (8 -> 7 fdatasyncs
    // per new dorm::Pool tenant, docs/performance.md).
    exec_or_throw(raw, options.synchronous_normal ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
    if (options.wal) exec_or_throw(raw, "PRAGMA journal_mode = WAL");
  }
  exec_or_throw(raw, options.foreign_keys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
  if (options.read_only) db.cache_->refuse_writes("opened with OpenOptions::read_only");
  return db;
}

Database::Database(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), cache_(std::make_unique<StatementCache>(db)) {}

Database::Database(Database&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), cache_(std::move(other.cache_)),
      statement_hook_(std::move(other.statement_hook_)), transaction_depth_(other.transaction_depth_) {
  other.db_ = nullptr;
  other.transaction_depth_ = 0;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (cache_) cache_->clear();
    sqlite3_close_v2(db_);
    db_ = other.db_;
    path_ = std::move(other.path_);
    cache_ = std::move(other.cache_);
    statement_hook_ = std::move(other.statement_hook_);
    transaction_depth_ = other.transaction_depth_;
    other.db_ = nullptr;
    other.transaction_depth_ = 0;
  }
  return *this;
}

Database::~Database() {
  if (db_ == nullptr) return;
  cache_->clear();
  // close_v2 defers the close until statements the user prepared through handle() are gone,
  // so the destructor never fails.
  sqlite3_close_v2(db_);
}

void Database::close() {
  if (db_ == nullptr) return;
  // Finalizing a statement an open cursor still reads would leave the cursor dangling.
  if (cache_->in_use()) throw_in_use();
  cache_->clear();
  int rc = sqlite3_close(db_);
  if (rc == SQLITE_BUSY) throw_in_use();  // a private statement of an open cursor
  if (rc != SQLITE_OK) {
    detail::throw_sqlite_error(db_, rc, "");
  }
  db_ = nullptr;
}

void Database::throw_in_use() {
  throw MisuseError("[dorm.misuse.close_in_use] close() while a cursor of this database is still open; "
                    "destroy the cursor first");
}

void Database::throw_closed() {
  throw MisuseError("[dorm.misuse.closed] the database is closed (or was moved from)");
}

void Database::execute_script(std::string_view sql) {
  if (db_ == nullptr) throw_closed();
  exec_or_throw(db_, std::string(sql));
}

}  // namespace dorm

namespace dorm {

namespace {
int trace_statement(unsigned type, void* context, void* statement, void*) {
  if (type == SQLITE_TRACE_STMT) {
    const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
    (*static_cast<std::function<void(std::string_view)>*>(context))(sql != nullptr ? sql : "");
  }
  return 0;
}
}  // namespace

void Database::on_statement(std::function<void(std::string_view sql)> hook) {
  if (db_ == nullptr) throw_closed();
  if (!hook) {
    sqlite3_trace_v2(db_, 0, nullptr, nullptr);
    statement_hook_.reset();
    return;
  }
  statement_hook_ = std::make_unique<std::function<void(std::string_view)>>(std::move(hook));
  sqlite3_trace_v2(db_, SQLITE_TRACE_STMT, trace_statement, statement_hook_.get());
}

}  // namespace dorm
