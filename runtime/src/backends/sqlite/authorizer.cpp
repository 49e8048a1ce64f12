#include "backends/sqlite/authorizer.hpp"

#include <exception>
#include <string_view>
#include <utility>

namespace dorm::sqlite {

namespace {

// The refusal the last denied action left, per thread: the connection it belongs to and why.
struct Refusal {
  sqlite3* db = nullptr;
  std::string reason;
};
thread_local Refusal last_refusal;

ActionKind kind_of(int code) noexcept {
  switch (code) {
    case SQLITE_CREATE_INDEX: return ActionKind::create_index;
    case SQLITE_CREATE_TABLE: return ActionKind::create_table;
    case SQLITE_CREATE_TEMP_INDEX: return ActionKind::create_temp_index;
    case SQLITE_CREATE_TEMP_TABLE: return ActionKind::create_temp_table;
    case SQLITE_CREATE_TEMP_TRIGGER: return ActionKind::create_temp_trigger;
    case SQLITE_CREATE_TEMP_VIEW: return ActionKind::create_temp_view;
    case SQLITE_CREATE_TRIGGER: return ActionKind::create_trigger;
    case SQLITE_CREATE_VIEW: return ActionKind::create_view;
    case SQLITE_DELETE: return ActionKind::delete_rows;
    case SQLITE_DROP_INDEX: return ActionKind::drop_index;
    case SQLITE_DROP_TABLE: return ActionKind::drop_table;
    case SQLITE_DROP_TEMP_INDEX: return ActionKind::drop_temp_index;
    case SQLITE_DROP_TEMP_TABLE: return ActionKind::drop_temp_table;
    case SQLITE_DROP_TEMP_TRIGGER: return ActionKind::drop_temp_trigger;
    case SQLITE_DROP_TEMP_VIEW: return ActionKind::drop_temp_view;
    case SQLITE_DROP_TRIGGER: return ActionKind::drop_trigger;
    case SQLITE_DROP_VIEW: return ActionKind::drop_view;
    case SQLITE_INSERT: return ActionKind::insert;
    case SQLITE_PRAGMA: return ActionKind::pragma;
    case SQLITE_READ: return ActionKind::read;
    case SQLITE_SELECT: return ActionKind::select;
    case SQLITE_TRANSACTION: return ActionKind::transaction;
    case SQLITE_UPDATE: return ActionKind::update;
    case SQLITE_ATTACH: return ActionKind::attach;
    case SQLITE_DETACH: return ActionKind::detach;
    case SQLITE_ALTER_TABLE: return ActionKind::alter_table;
    case SQLITE_REINDEX: return ActionKind::reindex;
    case SQLITE_ANALYZE: return ActionKind::analyze;
    case SQLITE_CREATE_VTABLE: return ActionKind::create_vtable;
    case SQLITE_DROP_VTABLE: return ActionKind::drop_vtable;
    case SQLITE_FUNCTION: return ActionKind::function;
    case SQLITE_SAVEPOINT: return ActionKind::savepoint;
    case SQLITE_RECURSIVE: return ActionKind::recursive;
    default: return ActionKind::other;
  }
}

std::string_view text(const char* s) noexcept { return s != nullptr ? std::string_view(s) : std::string_view(); }

// SQLite passes its two arguments by position, with a meaning per code; ALTER TABLE (database,
// table) and a function call (unused, function) put the object second.
StatementAction action_of(int code, const char* first, const char* second, const char* database,
                          const char* inner) noexcept {
  StatementAction action{kind_of(code), text(first), text(second), text(database), text(inner)};
  if (action.kind == ActionKind::alter_table) {
    action.database = text(first);
    action.name = text(second);
    action.detail = {};
  } else if (action.kind == ActionKind::function) {
    action.name = text(second);
    action.detail = {};
  }
  return action;
}

void record(sqlite3* db, std::string reason) {
  // The first refusal of a statement is the one to report: SQLite goes on checking after it.
  if (last_refusal.db == db) return;
  last_refusal.db = db;
  last_refusal.reason = std::move(reason);
}

}  // namespace

int authorize(void* state, int code, const char* first, const char* second, const char* database,
              const char* inner) noexcept {
  auto& s = *static_cast<Connection::AuthorizerState*>(state);
  if (s.own_statement) return SQLITE_OK;
  try {
    std::optional<std::string> refused = s.rule(action_of(code, first, second, database, inner));
    if (!refused) return SQLITE_OK;
    record(s.db, std::move(*refused));
  } catch (const std::exception& e) {
    record(s.db, std::string("the authorizer rule failed: ") + e.what());
  } catch (...) {
    record(s.db, "the authorizer rule failed");
  }
  return SQLITE_DENY;
}

void clear_refusal(sqlite3* db) noexcept {
  if (last_refusal.db == db) last_refusal.db = nullptr;
}

std::optional<std::string> take_refusal(sqlite3* db) {
  if (db == nullptr || last_refusal.db != db) return std::nullopt;
  last_refusal.db = nullptr;
  return std::move(last_refusal.reason);
}

std::string_view sql_name(ActionKind kind) noexcept {
  switch (kind) {
    case ActionKind::create_index: return "CREATE INDEX";
    case ActionKind::create_table: return "CREATE TABLE";
    case ActionKind::create_temp_index: return "CREATE INDEX (temporary)";
    case ActionKind::create_temp_table: return "CREATE TEMP TABLE";
    case ActionKind::create_temp_trigger: return "CREATE TEMP TRIGGER";
    case ActionKind::create_temp_view: return "CREATE TEMP VIEW";
    case ActionKind::create_trigger: return "CREATE TRIGGER";
    case ActionKind::create_view: return "CREATE VIEW";
    case ActionKind::delete_rows: return "DELETE";
    case ActionKind::drop_index: return "DROP INDEX";
    case ActionKind::drop_table: return "DROP TABLE";
    case ActionKind::drop_temp_index: return "DROP INDEX (temporary)";
    case ActionKind::drop_temp_table: return "DROP TABLE (temporary)";
    case ActionKind::drop_temp_trigger: return "DROP TRIGGER (temporary)";
    case ActionKind::drop_temp_view: return "DROP VIEW (temporary)";
    case ActionKind::drop_trigger: return "DROP TRIGGER";
    case ActionKind::drop_view: return "DROP VIEW";
    case ActionKind::insert: return "INSERT";
    case ActionKind::pragma: return "PRAGMA";
    case ActionKind::read: return "read";
    case ActionKind::select: return "SELECT";
    case ActionKind::transaction: return "transaction control";
    case ActionKind::update: return "UPDATE";
    case ActionKind::attach: return "ATTACH";
    case ActionKind::detach: return "DETACH";
    case ActionKind::alter_table: return "ALTER TABLE";
    case ActionKind::reindex: return "REINDEX";
    case ActionKind::analyze: return "ANALYZE";
    case ActionKind::create_vtable: return "CREATE VIRTUAL TABLE";
    case ActionKind::drop_vtable: return "DROP TABLE (virtual)";
    case ActionKind::function: return "function call";
    case ActionKind::savepoint: return "SAVEPOINT";
    case ActionKind::recursive: return "WITH RECURSIVE";
    case ActionKind::other: return "unknown action";
  }
  return "unknown action";
}

void Connection::set_authorizer(Authorizer rule) {
  if (!rule) {
    sqlite3_set_authorizer(db_, nullptr, nullptr);
    authorizer_.reset();
    return;
  }
  auto state = std::make_unique<AuthorizerState>();
  state->rule = std::move(rule);
  state->db = db_;
  // sqlite3_set_authorizer expires every prepared statement of the connection.
  sqlite3_set_authorizer(db_, authorize, state.get());
  authorizer_ = std::move(state);
  clear_refusal(db_);
}

void Connection::harden_for_untrusted_sql() {
  sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, 0);
  const int rc_c_api = sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  const int rc_sql = sqlite3_enable_load_extension(db_, 0);
  const int rc_tokenizer = sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
  const int rc_defensive = sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  const int rc_trusted = sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  for (int rc : {rc_c_api, rc_sql, rc_tokenizer, rc_defensive, rc_trusted}) {
    if (rc != SQLITE_OK) fail(rc, "");
  }
}

}  // namespace dorm::sqlite
