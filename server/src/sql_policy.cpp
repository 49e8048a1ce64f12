#include "dorm/server/sql_policy.hpp"

#include <array>
#include <string_view>

namespace dorm::server {

namespace {

using sqlite::ActionKind;
using sqlite::StatementAction;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view name) {
  for (std::string_view entry : list) {
    if (entry == name) return true;
  }
  return false;
}

// Functions that load code or reach files, whatever the SQLite build provides.
constexpr std::array<std::string_view, 7> outside_functions = {"load_extension", "readfile", "writefile", "edit",
                                                               "fsdir", "zipfile", "fts3_tokenizer"};
// Tables (virtual) that show raw pages, files, or other requests' SQL.
constexpr std::array<std::string_view, 6> outside_tables = {"sqlite_dbpage", "sqlite_dbdata", "sqlite_dbptr",
                                                            "sqlite_stmt",   "fsdir",         "zipfile"};
// Pragmas that only describe the database, whatever their argument (a table's name, ...).
constexpr std::array<std::string_view, 18> describing_pragmas = {
    "table_info",   "table_xinfo",    "table_list",    "index_info",     "index_xinfo",     "index_list",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check", "function_list", "module_list",
    "pragma_list",  "collation_list", "compile_options", "data_version", "freelist_count", "page_count"};
// Pragmas an admin may set: settings stored in the database file, and maintenance.
constexpr std::array<std::string_view, 9> admin_pragmas = {"user_version",     "application_id", "journal_mode",
                                                           "auto_vacuum",      "page_size",      "incremental_vacuum",
                                                           "wal_checkpoint",   "optimize",       "shrink_memory"};
// Pragmas that act even without an argument.
constexpr std::array<std::string_view, 4> acting_pragmas = {"incremental_vacuum", "wal_checkpoint", "optimize",
                                                            "shrink_memory"};

bool schema_table(std::string_view table) {
  return table == "sqlite_master" || table == "sqlite_schema" || table == "sqlite_temp_master" ||
         table == "sqlite_temp_schema";
}

std::string quoted(std::string_view name) { return "'" + std::string(name) + "'"; }

std::string with_rights(Rights rights) { return std::string("with a ") + std::string(rights_name(rights)) + " token"; }

std::string needs_admin(Rights rights) {
  return std::string("needs an admin token, not a ") + std::string(rights_name(rights)) + " one";
}

std::optional<std::string> pragma_refusal(const StatementAction& action, Rights rights) {
  const std::string name = lower(action.name);
  const std::string written = "PRAGMA " + name + (action.detail.empty() ? "" : " = " + std::string(action.detail));
  if (name == "writable_schema") return std::string("PRAGMA writable_schema");
  if (listed(describing_pragmas, name)) return std::nullopt;
  if (name == "database_list") {
    if (rights == Rights::admin) return std::nullopt;
    return "PRAGMA database_list " + needs_admin(rights) + " (it shows the server's file paths)";
  }
  const bool sets = !action.detail.empty() || listed(acting_pragmas, name);
  if (!sets) return std::nullopt;
  if (name == "defer_foreign_keys") {
    // Resets itself when the transaction ends, so it cannot outlast the request.
    if (rights == Rights::read_only) return written + " " + with_rights(rights);
    return std::nullopt;
  }
  if (listed(admin_pragmas, name)) {
    if (rights == Rights::admin) return std::nullopt;
    return written + " " + needs_admin(rights);
  }
  return written + ": it would change the server's connection for the requests after this one";
}

}  // namespace

std::optional<std::string> sql_refusal(const StatementAction& action, Rights rights) {
  if (listed(outside_tables, lower(action.name)) && action.kind != ActionKind::function &&
      action.kind != ActionKind::pragma) {
    if (lower(action.name) == "sqlite_stmt") return std::string("table 'sqlite_stmt' (it shows other requests' SQL)");
    return "table " + quoted(action.name) + " (raw database pages or files)";
  }
  switch (action.kind) {
    case ActionKind::select:
    case ActionKind::read:
    case ActionKind::recursive: return std::nullopt;

    case ActionKind::insert:
    case ActionKind::update:
    case ActionKind::delete_rows:
      // A CREATE or DROP writes the schema table too; its own action decides (and the
      // connection's defensive mode refuses writing the schema table directly).
      if (schema_table(lower(action.name))) return std::nullopt;
      if (rights == Rights::read_only) return "write to table " + quoted(action.name) + " " + with_rights(rights);
      return std::nullopt;

    case ActionKind::create_index:
    case ActionKind::create_table:
    case ActionKind::create_trigger:
    case ActionKind::create_view:
    case ActionKind::drop_index:
    case ActionKind::drop_table:
    case ActionKind::drop_trigger:
    case ActionKind::drop_view:
    case ActionKind::alter_table:
    case ActionKind::reindex:
    case ActionKind::analyze:
    case ActionKind::drop_vtable:
      if (rights == Rights::admin) return std::nullopt;
      return std::string(sqlite::sql_name(action.kind)) + (action.name.empty() ? "" : " " + quoted(action.name)) + " " +
             needs_admin(rights);

    case ActionKind::create_vtable:
      if (listed(outside_tables, lower(action.detail)))
        return "virtual table module " + quoted(action.detail) + " (it reaches files or raw pages)";
      if (rights == Rights::admin) return std::nullopt;
      return "CREATE VIRTUAL TABLE " + quoted(action.name) + " " + needs_admin(rights);

    case ActionKind::create_temp_index:
    case ActionKind::create_temp_table:
    case ActionKind::create_temp_trigger:
    case ActionKind::create_temp_view:
    case ActionKind::drop_temp_index:
    case ActionKind::drop_temp_table:
    case ActionKind::drop_temp_trigger:
    case ActionKind::drop_temp_view:
      return std::string(sqlite::sql_name(action.kind)) + " " + quoted(action.name) +
             ": temporary objects would outlive the request on the server's shared connection";

    case ActionKind::transaction:
    case ActionKind::savepoint:
      // The request pipeline answers these (run_query): a transaction a statement leaves open
      // is rolled back with a 400, and a "transaction" body refuses BEGIN, COMMIT, END and
      // ROLLBACK before it runs them.
      return std::nullopt;

    case ActionKind::attach:
      // VACUUM attaches its copy the same way: '' for VACUUM, the target for VACUUM INTO.
      if (action.name.empty()) return std::string("ATTACH of a temporary database (or VACUUM)");
      return "ATTACH or VACUUM INTO of " + quoted(action.name) + ": SQL over HTTP cannot reach another database file";
    case ActionKind::detach: return "DETACH " + quoted(action.name);

    case ActionKind::function:
      if (listed(outside_functions, lower(action.name)))
        return std::string(action.name) + "(): SQL over HTTP cannot load code or reach files";
      return std::nullopt;

    case ActionKind::pragma: return pragma_refusal(action, rights);

    case ActionKind::other: return std::string("an action this server does not know");
  }
  return std::string("an action this server does not know");
}

}  // namespace dorm::server
