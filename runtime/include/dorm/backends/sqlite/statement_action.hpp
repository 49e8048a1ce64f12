#pragma once
// What a statement being prepared asks to do, one action at a time, as SQLite's authorizer
// (sqlite3_set_authorizer) reports it: the input of a Connection::Authorizer rule. The names
// are SQLite's action codes (SQLITE_CREATE_TABLE, SQLITE_READ, ...) without the engine header,
// and the arguments are sorted by meaning instead of SQLite's positional ones.
#include <string_view>

namespace dorm::sqlite {

/// The kind of an action, one per SQLite authorizer action code.
enum class ActionKind {
  create_index,         ///< CREATE INDEX: name = index, detail = table
  create_table,         ///< CREATE TABLE: name = table
  create_temp_index,    ///< CREATE INDEX on a TEMP table: name = index, detail = table
  create_temp_table,    ///< CREATE TEMP TABLE: name = table
  create_temp_trigger,  ///< CREATE TEMP TRIGGER: name = trigger, detail = table
  create_temp_view,     ///< CREATE TEMP VIEW: name = view
  create_trigger,       ///< CREATE TRIGGER: name = trigger, detail = table
  create_view,          ///< CREATE VIEW: name = view
  delete_rows,          ///< DELETE (also DROP TABLE's deletes): name = table
  drop_index,           ///< DROP INDEX: name = index, detail = table
  drop_table,           ///< DROP TABLE: name = table
  drop_temp_index,      ///< DROP INDEX of a TEMP table: name = index, detail = table
  drop_temp_table,      ///< DROP TABLE of a TEMP table: name = table
  drop_temp_trigger,    ///< DROP TRIGGER of a TEMP trigger: name = trigger, detail = table
  drop_temp_view,       ///< DROP VIEW of a TEMP view: name = view
  drop_trigger,         ///< DROP TRIGGER: name = trigger, detail = table
  drop_view,            ///< DROP VIEW: name = view
  insert,               ///< INSERT (also the schema table's row of a CREATE): name = table
  pragma,               ///< PRAGMA: name = pragma, detail = its argument (empty without one)
  read,                 ///< reading a column: name = table, detail = column
  select,               ///< a SELECT (its reads are reported one by one as `read`)
  transaction,          ///< BEGIN, COMMIT, ROLLBACK, END: name = the operation as SQLite names it
  update,               ///< UPDATE of a column: name = table, detail = column
  attach,               ///< ATTACH: name = the file name
  detach,               ///< DETACH: name = the database name
  alter_table,          ///< ALTER TABLE: name = table (database = the table's database)
  reindex,              ///< REINDEX: name = index
  analyze,              ///< ANALYZE: name = table
  create_vtable,        ///< CREATE VIRTUAL TABLE: name = table, detail = module
  drop_vtable,          ///< DROP of a virtual table: name = table, detail = module
  function,             ///< a call of an SQL function: name = the function
  savepoint,            ///< SAVEPOINT, RELEASE, ROLLBACK TO: name = operation, detail = savepoint
  recursive,            ///< a recursive common table expression (WITH RECURSIVE)
  other,                ///< an action code this build does not know (a newer SQLite)
};

/// One action of a statement being prepared. The views are valid during the rule's call only.
struct StatementAction {
  ActionKind kind = ActionKind::other;
  std::string_view name;      ///< the object acted on (see ActionKind for each kind)
  std::string_view detail;    ///< the second argument (see ActionKind), empty when none
  std::string_view database;  ///< "main", "temp" or an attached name; empty when none applies
  std::string_view inner;     ///< the trigger or view the action comes from; empty for the statement itself
};

/// The action as SQL says it, for messages: "CREATE TABLE", "ATTACH", "PRAGMA", "function call".
[[nodiscard]] std::string_view sql_name(ActionKind kind) noexcept;

}  // namespace dorm::sqlite
