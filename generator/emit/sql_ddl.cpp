#include "emit/sql_ddl.hpp"

#include <algorithm>

#include "ir/names.hpp"

namespace dorm::emit {
namespace {

std::string column_list(const std::vector<std::string>& columns) {
  std::string out = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += ir::quote_identifier(columns[i]);
  }
  return out + ')';
}

bool has_single_unique(const ir::Table& table, const std::string& column) {
  return std::any_of(table.uniques.begin(), table.uniques.end(), [&](const ir::Index& u) {
    return u.name.empty() && u.columns.size() == 1 && u.columns.front() == column;
  });
}

std::string column_definition(const ir::Table& table, const ir::Column& column) {
  std::string out = ir::quote_identifier(column.name) + ' ' + storage_keyword(column.storage);
  const bool single_key = table.primary_key.size() == 1 && table.primary_key.front() == column.name;
  // An INTEGER PRIMARY KEY is the rowid: never NULL, so NOT NULL would only add noise.
  const bool rowid_alias = single_key && column.storage == ir::Storage::integer;
  if (single_key) {
    out += " PRIMARY KEY";
    if (column.auto_increment) out += " AUTOINCREMENT";
  }
  if (!column.nullable && !rowid_alias) out += " NOT NULL";
  if (column.default_value) out += " DEFAULT " + default_sql(*column.default_value);
  if (has_single_unique(table, column.name)) out += " UNIQUE";
  return out;
}

std::string foreign_key_constraint(const ir::Column& column, const ir::ForeignKey& fk) {
  std::string out = "FOREIGN KEY (" + ir::quote_identifier(column.name) + ") REFERENCES " +
                    ir::quote_identifier(fk.table) + " (" + ir::quote_identifier(fk.column) + ')';
  if (!fk.on_delete.empty()) out += " ON DELETE " + fk.on_delete;
  if (!fk.on_update.empty()) out += " ON UPDATE " + fk.on_update;
  return out;
}

}  // namespace

std::string storage_keyword(ir::Storage storage) {
  switch (storage) {
    case ir::Storage::integer:
      return "INTEGER";
    case ir::Storage::real:
      return "REAL";
    case ir::Storage::text:
      return "TEXT";
    case ir::Storage::blob:
      return "BLOB";
  }
  return "TEXT";
}

std::string default_sql(const ir::DefaultValue& value) {
  using Kind = ir::DefaultValue::Kind;
  switch (value.kind) {
    case Kind::null:
      return "NULL";
    case Kind::integer:
    case Kind::real:
    case Kind::boolean:
      return value.value;
    case Kind::text:
      return ir::quote_literal(value.value);
    case Kind::sql_expression:
      return '(' + value.value + ')';  // SQLite requires parentheses around expressions
  }
  return "NULL";
}

std::vector<std::string> create_statements(const ir::Table& table) {
  std::vector<std::string> lines;
  for (const ir::Column& column : table.columns) lines.push_back(column_definition(table, column));
  if (table.primary_key.size() > 1) lines.push_back("PRIMARY KEY " + column_list(table.primary_key));
  for (const ir::Index& unique : table.uniques) {
    if (unique.name.empty() && unique.columns.size() == 1) continue;  // inline on the column
    std::string constraint = unique.name.empty() ? "" : "CONSTRAINT " + ir::quote_identifier(unique.name) + ' ';
    lines.push_back(constraint + "UNIQUE " + column_list(unique.columns));
  }
  for (const ir::Column& column : table.columns) {
    if (column.references) lines.push_back(foreign_key_constraint(column, *column.references));
  }

  std::string create = "CREATE TABLE IF NOT EXISTS " + ir::quote_identifier(table.name) + " (\n";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    create += "  " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
  }
  create += ')';

  std::vector<std::string> statements{std::move(create)};
  for (const ir::Index& index : table.indexes) {
    statements.push_back(std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " +
                         ir::quote_identifier(index.name) + " ON " + ir::quote_identifier(table.name) + ' ' +
                         column_list(index.columns));
  }
  return statements;
}

}  // namespace dorm::emit
