#include "emit/sql_ddl.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "ir/names.hpp"
#include "ir/value_rules.hpp"

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

std::string foreign_key_constraint(const ir::Column& column, const ir::ForeignKey& fk) {
  std::string out = "FOREIGN KEY (" + ir::quote_identifier(column.name) + ") REFERENCES " +
                    ir::quote_identifier(fk.table) + " (" + ir::quote_identifier(fk.column) + ')';
  if (!fk.on_delete.empty()) out += " ON DELETE " + fk.on_delete;
  if (!fk.on_update.empty()) out += " ON UPDATE " + fk.on_update;
  return out;
}

/// The GLOB of each checked format's shape. Each accepts every value validate() accepts (and some
/// it rejects: "2026-13-99"), so the database never refuses a row that passed validate().
std::string format_check(const std::string& col, std::string_view format) {
  const std::string digit = "[0-9]";
  auto repeat = [](const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  const std::string date = repeat(digit, 4) + '-' + repeat(digit, 2) + '-' + repeat(digit, 2);
  if (format == "date") return col + " GLOB '" + date + "'";
  if (format == "date-time") {
    // Date, separator, HH:MM:SS, then anything (fractions) up to a required UTC offset.
    return col + " GLOB '" + date + "[Tt ]" + repeat(digit, 2) + ':' + repeat(digit, 2) + ':' + repeat(digit, 2) +
           "*' AND (" + col + " GLOB '*[Zz]' OR " + col + " GLOB '*[+-]" + repeat(digit, 2) + ':' + repeat(digit, 2) +
           "')";
  }
  if (format == "uuid") {
    const std::string hex = "[0-9A-Fa-f]";
    return col + " GLOB '" + repeat(hex, 8) + '-' + repeat(hex, 4) + '-' + repeat(hex, 4) + '-' + repeat(hex, 4) + '-' +
           repeat(hex, 12) + "'";
  }
  return col + " GLOB '*?@?*'";  // email: something, an @, something
}

/// The SQL literals of the enum values a value of `column` can equal; null and values of another
/// type (which validate rejects) are left out.
std::vector<std::string> enum_literals(const ir::Column& column) {
  std::vector<std::string> out;
  for (const std::string& text : column.checks.enum_values) {
    const auto v = nlohmann::json::parse(text, nullptr, false);
    switch (column.cpp_type) {
      case ir::CppType::string:
        if (v.is_string()) out.push_back(ir::quote_literal(v.get<std::string>()));
        break;
      case ir::CppType::boolean:
        if (v.is_boolean()) out.push_back(v.get<bool>() ? "1" : "0");
        break;
      case ir::CppType::int64:
      case ir::CppType::float64:
        if (v.is_number()) out.push_back(v.dump());
        break;
      case ir::CppType::bytes:
        break;
    }
  }
  return out;
}

}  // namespace

std::string CheckConstraint::sql() const {
  return "CONSTRAINT " + ir::quote_identifier(name) + " CHECK (" + expression + ')';
}

std::vector<CheckConstraint> check_constraints(const ir::Column& column) {
  std::vector<CheckConstraint> out;
  if (column.time_point) return out;
  const ir::Checks& k = column.checks;
  const std::string col = ir::quote_identifier(column.name);
  auto add = [&](std::string_view keyword, std::string expression) {
    out.push_back({column.name + '_' + std::string(keyword), std::move(expression)});
  };
  if (column.is_json) {
    // NULL passes, as in every CHECK (json_valid(NULL) is 0 before SQLite 3.45, hence IS NULL).
    // AND stops at an invalid text, so json_type, which raises "malformed JSON", never sees one.
    std::string expression = col + " IS NULL OR json_valid(" + col + ')';
    if (!column.json_type.empty()) {
      expression = col + " IS NULL OR (json_valid(" + col + ") AND json_type(" + col +
                   ") = " + ir::quote_literal(column.json_type) + ')';
    }
    add("json", std::move(expression));
    return out;
  }
  if (column.cpp_type == ir::CppType::string) {
    // SQLite's length() counts the characters before the first NUL (and no SQL function counts
    // past one: replace() takes no NUL pattern). That count never exceeds the true one, so the
    // maxLength CHECK is exact without a NUL and never refuses a valid text with one; minLength
    // lets text with a NUL through and leaves it to validate(), which counts every character.
    if (k.min_length && *k.min_length > 0)
      add("minLength", "length(" + col + ") >= " + std::to_string(*k.min_length) + " OR instr(" + col + ", char(0)) > 0");
    if (k.max_length) add("maxLength", "length(" + col + ") <= " + std::to_string(*k.max_length));
  }
  if (column.cpp_type == ir::CppType::int64 || column.cpp_type == ir::CppType::float64) {
    if (k.minimum) add("minimum", col + " >= " + ir::number_text(*k.minimum));
    if (k.exclusive_minimum) add("exclusiveMinimum", col + " > " + ir::number_text(*k.exclusive_minimum));
    if (k.maximum) add("maximum", col + " <= " + ir::number_text(*k.maximum));
    if (k.exclusive_maximum) add("exclusiveMaximum", col + " < " + ir::number_text(*k.exclusive_maximum));
  }
  if (const std::vector<std::string> values = enum_literals(column); !values.empty()) {
    std::string list;
    for (const std::string& v : values) list += (list.empty() ? "" : ", ") + v;
    add("enum", col + " IN (" + list + ')');
  }
  if (const std::string_view format = ir::checked_format(column); !format.empty()) {
    add("format", format_check(col, format));
  }
  return out;
}

std::string column_definition(const ir::Table& table, const ir::Column& column) {
  std::string out = ir::quote_identifier(column.name) + ' ' + ir::storage_keyword(column.storage);
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
      // Text with control characters is an expression ('a' || char(13)), which DEFAULT takes
      // only in parentheses.
      return ir::literal_needs_expression(value.value) ? '(' + ir::quote_literal(value.value) + ')'
                                                       : ir::quote_literal(value.value);
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
    for (const CheckConstraint& check : check_constraints(column)) lines.push_back(check.sql());
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
