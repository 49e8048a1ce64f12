#include "dorm/backends/sqlite/connection.hpp"

#include <exception>
#include <filesystem>
#include <new>
#include <memory>
#include <string>
#include <vector>

#include "backends/sqlite/authorizer.hpp"
#include "dorm/backends/sqlite/error.hpp"
#include "dorm/core/error.hpp"

namespace dorm::sqlite {

namespace {

void exec_or_throw(sqlite3* db, const std::string& sql) {
  clear_refusal(db);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);  // sqlite3_errmsg still holds the message
  if (rc != SQLITE_OK) throw_error(db, rc, sql);
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

std::string savepoint_name(int depth) { return "\"dorm_savepoint_" + std::to_string(depth) + '"'; }

void set_result(sqlite3_context* context, const Connection::FunctionResult& result) {
  using Kind = Connection::FunctionResult::Kind;
  switch (result.kind) {
    case Kind::integer: sqlite3_result_int64(context, result.integer); break;
    case Kind::blob: sqlite3_result_blob64(context, result.blob.data(), result.blob.size(), SQLITE_TRANSIENT); break;
    case Kind::null: sqlite3_result_null(context); break;
    case Kind::real: sqlite3_result_double(context, result.real); break;
    case Kind::text:
      sqlite3_result_text64(context, result.blob.data(), result.blob.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      break;
    case Kind::error: sqlite3_result_error(context, result.blob.c_str(), -1); break;
  }
}

// An exception cannot cross SQLite's C frames: it fails the calling statement with its message.
void set_exception_result(sqlite3_context* context) noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  } catch (const std::exception& e) {
    sqlite3_result_error(context, e.what(), -1);
  } catch (...) {
    sqlite3_result_error(context, "an SQL function threw an exception that is not a std::exception", -1);
  }
}

std::vector<Value> argument_values(int argc, sqlite3_value** argv) {
  std::vector<Value> arguments;
  arguments.reserve(static_cast<std::size_t>(argc));
  for (int i = 0; i < argc; ++i) arguments.emplace_back(argv[i]);
  return arguments;
}

void call_function(sqlite3_context* context, int argc, sqlite3_value** argv) {
  try {
    const auto& function = *static_cast<const Connection::Function*>(sqlite3_user_data(context));
    set_result(context, function(argument_values(argc, argv)));
  } catch (...) {
    set_exception_result(context);
  }
}

void destroy_function(void* function) {
  const std::unique_ptr<Connection::Function> owned(static_cast<Connection::Function*>(function));
}

// An aggregate call's state lives in SQLite's aggregate context (one pointer per group), made
// at its first step, or at the final call when the group has no rows.
Connection::AggregateState** aggregate_slot(sqlite3_context* context, bool create) {
  return static_cast<Connection::AggregateState**>(
      sqlite3_aggregate_context(context, create ? static_cast<int>(sizeof(Connection::AggregateState*)) : 0));
}

Connection::AggregateState* aggregate_state(sqlite3_context* context) {
  Connection::AggregateState** slot = aggregate_slot(context, true);
  if (slot == nullptr) throw std::bad_alloc();
  if (*slot == nullptr) {
    const auto& make_state = *static_cast<const Connection::Aggregate*>(sqlite3_user_data(context));
    *slot = make_state().release();  // owned by the slot until aggregate_final
  }
  return *slot;
}

void aggregate_step(sqlite3_context* context, int argc, sqlite3_value** argv) {
  try {
    aggregate_state(context)->step(argument_values(argc, argv));
  } catch (...) {
    set_exception_result(context);
  }
}

void aggregate_final(sqlite3_context* context) {
  // Taken out of the slot first, so the state is freed on every path (an error in a step too).
  Connection::AggregateState** slot = aggregate_slot(context, false);
  const std::unique_ptr<Connection::AggregateState> state(slot != nullptr ? *slot : nullptr);
  if (slot != nullptr) *slot = nullptr;
  try {
    if (state != nullptr) {
      set_result(context, state->result());
    } else {
      const auto& make_state = *static_cast<const Connection::Aggregate*>(sqlite3_user_data(context));
      set_result(context, make_state()->result());  // no rows: the state's own empty result
    }
  } catch (...) {
    set_exception_result(context);
  }
}

void destroy_aggregate(void* make_state) {
  const std::unique_ptr<Connection::Aggregate> owned(static_cast<Connection::Aggregate*>(make_state));
}

// Loads one extension, with loading enabled for this call only (the C API; the SQL function
// load_extension() is never enabled). The message names the file and SQLite's reason.
void load_extension(sqlite3* db, const std::string& file, const Extension& extension) {
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, nullptr);
  char* error = nullptr;
  const int rc = sqlite3_load_extension(db, extension.path.c_str(),
                                        extension.entry_point.empty() ? nullptr : extension.entry_point.c_str(), &error);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  if (rc == SQLITE_OK) return;
  std::string reason = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  throw SqliteError("[dorm.sqlite.extension] cannot load extension '" + extension.path + "' into database '" + file +
                        "': " + reason,
                    rc & 0xff, rc);
}

int trace_statement(unsigned type, void* context, void* statement, void*) {
  if (type == SQLITE_TRACE_STMT) {
    const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
    (*static_cast<Callback<void(std::string_view)>*>(context))(sql != nullptr ? sql : "");
  }
  return 0;
}

}  // namespace

Connection Connection::open(std::string_view path, const OpenOptions& options) {
  const std::string file(path);
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
  Connection connection(raw);
  sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count()));
  // Reading the schema here turns "file is not a database" into an error at open time
  // instead of at the first query; the message names the file, as open errors do.
  rc = sqlite3_exec(raw, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    int extended = sqlite3_extended_errcode(raw);
    std::string message = "[dorm.sqlite." + std::to_string(extended) + "] cannot open database '" + file +
                          "': " + (read_only_wal_failure(extended, options, file) ? read_only_wal_reason(file)
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
  // A failure here throws: `connection` closes the handle on the way out.
  for (const Extension& extension : options.extensions) load_extension(raw, file, extension);
  return connection;
}

Connection::Connection(sqlite3* db) noexcept : db_(db) {}

Connection::Connection(Connection&& other) noexcept
    : db_(other.db_),
      statement_hook_(std::move(other.statement_hook_)),
      progress_hook_(std::move(other.progress_hook_)),
      authorizer_(std::move(other.authorizer_)) {
  other.db_ = nullptr;
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    release();
    db_ = other.db_;
    statement_hook_ = std::move(other.statement_hook_);
    progress_hook_ = std::move(other.progress_hook_);
    authorizer_ = std::move(other.authorizer_);
    other.db_ = nullptr;
  }
  return *this;
}

// close_v2 defers the close until statements the user prepared through handle() are gone, so
// the destructor never fails.
Connection::~Connection() { release(); }

void Connection::release() noexcept {
  // A statement outliving a deferred close may be prepared again: it must not reach the rule
  // freed with this object.
  if (db_ != nullptr && authorizer_ != nullptr) sqlite3_set_authorizer(db_, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

bool Connection::close() {
  if (db_ == nullptr) return true;
  const int rc = sqlite3_close(db_);
  if (rc == SQLITE_BUSY) return false;
  if (rc != SQLITE_OK) throw_error(db_, rc, "");
  db_ = nullptr;
  return true;
}

namespace {
// Marks the connection's own statements (transaction control, query_only) for the authorizer,
// which lets them through: the rule is for SQL text from the connection's users.
class OwnStatement {
 public:
  explicit OwnStatement(Connection::AuthorizerState* state) noexcept : state_(state) {
    if (state_ != nullptr) state_->own_statement = true;
  }
  OwnStatement(const OwnStatement&) = delete;
  OwnStatement& operator=(const OwnStatement&) = delete;
  ~OwnStatement() {
    if (state_ != nullptr) state_->own_statement = false;
  }

 private:
  Connection::AuthorizerState* state_;
};
}  // namespace

void Connection::set_query_only(bool on) {
  const OwnStatement own(authorizer_.get());
  exec_or_throw(db_, on ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0");
}

bool Connection::query_only() const {
  const OwnStatement own(authorizer_.get());
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, "PRAGMA query_only", -1, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    throw_error(db_, rc, "PRAGMA query_only");
  }
  rc = sqlite3_step(stmt);
  const bool on = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0) != 0;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW) throw_error(db_, rc, "PRAGMA query_only");
  return on;
}

void Connection::execute_script(std::string_view sql) { exec_or_throw(db_, std::string(sql)); }

ScriptStatement Connection::run_first(std::string_view script) {
  ScriptStatement out;
  clear_refusal(db_);
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_, script.data(), static_cast<int>(script.size()), &stmt, &tail);
  const char* end = tail != nullptr ? tail : script.data() + script.size();
  out.text = script.substr(0, static_cast<std::size_t>(end - script.data()));
  if (rc == SQLITE_OK && stmt != nullptr) {
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  if (rc != SQLITE_OK) {
    out.failed = true;
    const std::optional<std::string> refused =
        (rc & 0xff) == SQLITE_AUTH || (rc & 0xff) == SQLITE_ERROR ? take_refusal(db_) : std::nullopt;
    out.message = refused ? "refused: " + *refused : std::string(sqlite3_errmsg(db_));
    out.code = refused ? SQLITE_AUTH : rc & 0xff;
    out.extended_code = refused ? SQLITE_AUTH : sqlite3_extended_errcode(db_);
  }
  sqlite3_finalize(stmt);
  return out;
}

void Connection::begin(int depth) {
  const OwnStatement own(authorizer_.get());
  exec_or_throw(db_, depth == 1 ? std::string("BEGIN IMMEDIATE") : "SAVEPOINT " + savepoint_name(depth));
}

void Connection::commit(int depth) {
  const OwnStatement own(authorizer_.get());
  exec_or_throw(db_, depth == 1 ? std::string("COMMIT") : "RELEASE " + savepoint_name(depth));
}

void Connection::rollback(int depth) {
  const OwnStatement own(authorizer_.get());
  const std::string name = savepoint_name(depth);
  exec_or_throw(db_, depth == 1 ? std::string("ROLLBACK") : "ROLLBACK TO " + name + "; RELEASE " + name);
}

void Connection::on_statement(Callback<void(std::string_view sql)> hook) {
  if (!hook) {
    sqlite3_trace_v2(db_, 0, nullptr, nullptr);
    statement_hook_.reset();
    return;
  }
  statement_hook_ = std::make_unique<Callback<void(std::string_view)>>(std::move(hook));
  sqlite3_trace_v2(db_, SQLITE_TRACE_STMT, trace_statement, statement_hook_.get());
}

void Connection::on_progress(int instructions, Callback<bool()> stop) {
  if (!stop || instructions <= 0) {
    sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    progress_hook_.reset();
    return;
  }
  progress_hook_ = std::make_unique<Callback<bool()>>(std::move(stop));
  sqlite3_progress_handler(
      db_, instructions,
      [](void* hook) -> int {
        // An exception cannot cross SQLite's C frames: one from `stop` interrupts too.
        try {
          return (*static_cast<Callback<bool()>*>(hook))() ? 1 : 0;
        } catch (...) {
          return 1;
        }
      },
      progress_hook_.get());
}

std::string Connection::real_text(double value) {
  char buffer[64];
  sqlite3_snprintf(sizeof buffer, buffer, "%!.15g", value);
  return buffer;
}

void Connection::create_function(const std::string& name, int arity, bool deterministic, Function function) {
  // SQLite owns this copy from here on and frees it through destroy_function (also when the
  // call fails), so it is released to the C API.
  auto* owned = std::make_unique<Function>(std::move(function)).release();
  const int rc = sqlite3_create_function_v2(db_, name.c_str(), arity,
                                            SQLITE_UTF8 | (deterministic ? SQLITE_DETERMINISTIC : 0), owned,
                                            call_function, nullptr, nullptr, destroy_function);
  if (rc != SQLITE_OK) throw_error(db_, rc, "");
}

void Connection::create_aggregate(const std::string& name, int arity, bool deterministic, Aggregate make_state) {
  // Owned by SQLite from here on, as in create_function.
  auto* owned = std::make_unique<Aggregate>(std::move(make_state)).release();
  const int rc = sqlite3_create_function_v2(db_, name.c_str(), arity,
                                            SQLITE_UTF8 | (deterministic ? SQLITE_DETERMINISTIC : 0), owned, nullptr,
                                            aggregate_step, aggregate_final, destroy_aggregate);
  if (rc != SQLITE_OK) throw_error(db_, rc, "");
}

void Connection::fail(int rc, std::string_view sql) const { throw_error(db_, rc, sql); }

}  // namespace dorm::sqlite
