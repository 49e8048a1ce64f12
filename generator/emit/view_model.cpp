#include "emit/view_model.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

#include "emit/enum_class_view.hpp"
#include "emit/sql_ddl.hpp"
#include "emit/validation_view.hpp"
#include "ir/names.hpp"
#include "ir/value_rules.hpp"

namespace dorm::emit {

using kainjow::mustache::data;

namespace {

std::string value_type(ir::CppType type) {
  switch (type) {
    case ir::CppType::int64: return "std::int64_t";
    case ir::CppType::float64: return "double";
    case ir::CppType::boolean: return "bool";
    case ir::CppType::string: return "std::string";
    case ir::CppType::bytes: return "std::vector<std::byte>";
  }
  return "std::string";
}

bool has_sql_default(const ir::Column& c) {
  return c.default_value && c.default_value->kind == ir::DefaultValue::Kind::sql_expression;
}

// A literal default becomes the member's initializer, so a default-constructed struct inserts
// what the database would have chosen. Every other member gets `{}`, so designated initializers
// that leave members out compile cleanly under -Wextra (-Wmissing-field-initializers).
std::string initializer(const ir::Column& c) {
  using Kind = ir::DefaultValue::Kind;
  if (!c.default_value || c.default_value->kind == Kind::null || c.default_value->kind == Kind::sql_expression ||
      c.cpp_type == ir::CppType::bytes) {
    return "{}";
  }
  const std::string& v = c.default_value->value;
  if (!c.enum_class.empty() && c.default_value->kind == Kind::text) return " = " + enumerator_of(c, v);
  switch (c.cpp_type) {
    case ir::CppType::string: return " = " + ir::cpp_std_string_literal(v);
    case ir::CppType::boolean: return v == "0" ? " = false" : " = true";
    case ir::CppType::float64: return " = " + v + (v.find_first_of(".eE") == std::string::npos ? ".0" : "");
    default: return " = " + v;
  }
}

void add_doc_lines(data& view, const std::string& text) {
  data lines{data::type::list};  // stays empty for empty text
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines << data("line", ir::cpp_comment_text(line));
  view.set("doc_lines", lines);
}

std::string join_quoted(const std::vector<std::string>& names, std::string_view separator, std::string_view suffix = "") {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += separator;
    out += ir::quote_identifier(n);
    out += suffix;
  }
  return out;
}

std::string key_condition(const ir::Table& t) {
  std::string out;
  for (const auto& k : t.primary_key) {
    if (!out.empty()) out += " AND ";
    out += ir::quote_identifier(k) + " = ?";
  }
  return out;
}

// The pieces dorm::Database::insert_many and upsert assemble into multi-row INSERTs: a prefix
// and one row's placeholders for each shape (key given / key left to SQLite), the RETURNING
// clause that reads back the rowid key and SQL defaults, and the DO UPDATE SET of an upsert.
void add_bulk_insert_view(data& view, const ir::Table& t, const std::vector<std::string>& insert_names,
                          const std::string& insert_values) {
  const std::string quoted_table = ir::quote_identifier(t.name);
  const std::string rowid_member = rowid_key_member(t);
  const auto parameters = [](const std::vector<std::string>& names) { return std::to_string(names.size()); };

  std::vector<std::string> keyed_names = insert_names;
  std::string keyed_values = insert_values;
  if (!rowid_member.empty()) {
    keyed_names.insert(keyed_names.begin(), t.primary_key.front());
    keyed_values = keyed_values.empty() ? "?" : "?, " + keyed_values;
  }
  view.set("insert_prefix_literal", sql_literal("INSERT INTO " + quoted_table + " (" + join_quoted(keyed_names, ", ") + ") VALUES "));
  view.set("insert_row_literal", sql_literal("(" + keyed_values + ")"));
  view.set("insert_parameter_count", parameters(keyed_names));
  if (rowid_member.empty()) {
    view.set("insert_prefix_without_key_literal", sql_literal("INSERT INTO " + quoted_table + " (" + join_quoted(keyed_names, ", ") + ") VALUES "));
    view.set("insert_row_without_key_literal", sql_literal("(" + keyed_values + ")"));
    view.set("insert_parameter_count_without_key", parameters(keyed_names));
  } else if (insert_names.empty()) {
    // Only the key: a multi-row VALUES cannot say DEFAULT VALUES, but NULL asks SQLite for a rowid.
    view.set("insert_prefix_without_key_literal", sql_literal("INSERT INTO " + quoted_table + " (" + ir::quote_identifier(t.primary_key.front()) + ") VALUES "));
    view.set("insert_row_without_key_literal", sql_literal("(NULL)"));
    view.set("insert_parameter_count_without_key", "0");
  } else {
    view.set("insert_prefix_without_key_literal", sql_literal("INSERT INTO " + quoted_table + " (" + join_quoted(insert_names, ", ") + ") VALUES "));
    view.set("insert_row_without_key_literal", sql_literal("(" + insert_values + ")"));
    view.set("insert_parameter_count_without_key", parameters(insert_names));
  }

  data returned{data::type::list};
  std::vector<std::string> returned_names;
  if (!rowid_member.empty()) {
    data key;
    key.set("member", rowid_member);
    key.set("index", "0");
    returned << key;
    returned_names.push_back(t.primary_key.front());
  }
  data upsert_binds{data::type::list};
  std::string upsert_set;
  for (const auto& c : t.columns) {
    if (has_sql_default(c)) {
      data ret;
      ret.set("member", c.cpp_name);
      ret.set("index", std::to_string(returned_names.size()));
      returned << ret;
      returned_names.push_back(c.name);
    }
    if (t.is_primary_key(c.name)) continue;
    const std::string q = ir::quote_identifier(c.name);
    if (!upsert_set.empty()) upsert_set += ", ";
    // An SQL-default column the row left empty keeps its stored value (created_at stays put).
    if (has_sql_default(c)) {
      upsert_set += q + " = coalesce(?, " + q + ")";
      upsert_binds << data("member", c.cpp_name);
    } else {
      upsert_set += q + " = excluded." + q;
    }
  }
  view.set("returned_columns", returned);
  view.set("returning_clause_literal", sql_literal(returned_names.empty() ? "" : " RETURNING " + join_quoted(returned_names, ", ")));
  view.set("primary_key_list_literal", sql_literal(join_quoted(t.primary_key, ", ")));
  view.set("upsert_set_literal", sql_literal(upsert_set));
  view.set("upsert_bind_columns", upsert_binds);
  view.set("has_key_value_expression", rowid_member.empty() ? "true" : "row." + rowid_member + " != 0");
}

// An annotated struct's member keeps the type the user declared (any integer width, an enum, a
// time point), so generated code names it through the struct: `decltype(User::age)`.
std::string declared_member_type(const ir::Table& t, const ir::Column& c) {
  return t.source_header.empty() ? member_type(c) : "decltype(" + t.cpp_name + "::" + c.cpp_name + ")";
}

}  // namespace

std::string column_type_name(const ir::Table& table, const ir::Column& column) {
  return ir::column_type_identifier(table, column);
}

std::string member_type(const ir::Column& column) {
  std::string type = column.enum_class.empty() ? value_type(column.cpp_type) : column.enum_class;
  // A NOT NULL column with an SQL default is optional in C++ too: left empty, the database
  // fills it on insert (see docs/json-schema.md, "SQL expression defaults").
  return column.nullable || has_sql_default(column) ? "std::optional<" + type + ">" : type;
}

std::string sql_literal(std::string_view sql) {
  if (sql.find(")sql\"") == std::string_view::npos && sql.find('\\') == std::string_view::npos) {
    return "R\"sql(" + std::string(sql) + ")sql\"";
  }
  return ir::cpp_string_literal(sql);
}

std::string cpp_double_literal(double value) {
  if (std::isnan(value)) return "std::numeric_limits<double>::quiet_NaN()";
  if (std::isinf(value)) return value > 0 ? "std::numeric_limits<double>::infinity()" : "-std::numeric_limits<double>::infinity()";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest text that reads back
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string cpp_int_literal(std::int64_t value) {
  if (value == std::numeric_limits<std::int64_t>::min()) return "(-9223372036854775807 - 1)";
  return std::to_string(value);
}

std::string rowid_key_member(const ir::Table& table) {
  if (table.primary_key.size() != 1) return "";
  const ir::Column* c = table.find_column(table.primary_key.front());
  if (c == nullptr || c->storage != ir::Storage::integer || c->cpp_type != ir::CppType::int64) return "";
  return c->cpp_name;
}

data table_view(const ir::Table& t) {
  const std::string quoted_table = ir::quote_identifier(t.name);
  const std::string rowid_member = rowid_key_member(t);

  data view;
  view.set("sql_name", ir::cpp_comment_text(t.name));  // only in comments
  view.set("struct_name", t.cpp_name);
  view.set("object_name", t.object_name);
  view.set("table_type", ir::table_type_identifier(t));
  view.set("columns_type", ir::columns_type_identifier(t));
  view.set("name_literal", ir::cpp_string_literal(t.name));
  view.set("quoted_name_literal", sql_literal(quoted_table));
  view.set("column_count", std::to_string(t.columns.size()));
  view.set("first_member", t.columns.empty() ? std::string() : t.columns.front().cpp_name);
  // An annotated struct (source_header) is the user's: the generated code neither defines it nor
  // gives it relation member functions, and names it through an alias when it lives elsewhere.
  view.set("defines_struct", t.source_header.empty());
  add_doc_lines(view, t.description.empty() ? "A row of table " + t.name + "." : t.description);

  data columns{data::type::list};
  data insert_columns{data::type::list};
  data update_columns{data::type::list};
  data returning_columns{data::type::list};
  data key_columns{data::type::list};
  data trait_aliases{data::type::list};
  data validated_columns{data::type::list};
  std::string key_parameters;
  std::string key_expression;
  std::string primary_key_list;
  std::string column_list;
  std::vector<std::string> insert_names;
  std::string insert_values;
  std::vector<std::string> returning_names;
  std::vector<std::string> update_sets;
  int index = 0;
  for (const auto& c : t.columns) {
    const std::string qualified = quoted_table + '.' + ir::quote_identifier(c.name);
    if (!column_list.empty()) column_list += ", ";
    column_list += qualified;

    data col;
    col.set("member", c.cpp_name);
    col.set("member_type", declared_member_type(t, c));
    col.set("initializer", initializer(c));
    col.set("column_type", column_type_name(t, c));
    col.set("struct_name", t.cpp_name);
    col.set("quoted_literal", sql_literal(ir::quote_identifier(c.name)));
    col.set("column_sql_name", ir::cpp_comment_text(c.name));
    col.set("name_literal", ir::cpp_string_literal(c.name));
    col.set("qualified_literal", sql_literal(qualified));
    col.set("storage", ir::storage_keyword(c.storage));
    col.set("nullable", c.nullable);
    col.set("index", std::to_string(index++));
    col.set("validation", column_validation_view(c));
    if (has_validation(c)) validated_columns << col;
    add_doc_lines(col, c.description);  // an empty list too, or mustache would use the table's
    columns << col;
    if (c.role != ir::ColumnRole::data) {
      data alias;
      alias.set("alias", c.role == ir::ColumnRole::created_at   ? "created_at_column"
                         : c.role == ir::ColumnRole::updated_at ? "updated_at_column"
                                                                : "deleted_at_column");
      alias.set("column_type", column_type_name(t, c));
      trait_aliases << alias;
    }
    if (c.name == t.traits.tenant_column) {
      data alias;
      alias.set("alias", std::string("tenant_column"));
      alias.set("column_type", column_type_name(t, c));
      trait_aliases << alias;
    }

    const bool is_key = t.is_primary_key(c.name);
    if (is_key) {
      data key;
      key.set("member", c.cpp_name);
      key.set("key_type", declared_member_type(t, c));
      if (!primary_key_list.empty()) primary_key_list += ", ";
      primary_key_list += column_type_name(t, c);
      key_columns << key;
      if (!key_parameters.empty()) key_parameters += ", ";
      key_parameters += "const " + declared_member_type(t, c) + "& " + c.cpp_name;
      const std::string term = column_type_name(t, c) + "{} == " + c.cpp_name;
      key_expression = key_expression.empty() ? term : "(" + key_expression + ") && (" + term + ")";
    } else {
      update_sets.push_back(ir::quote_identifier(c.name) + " = ?");
      update_columns << data("member", c.cpp_name);
    }
    if (c.cpp_name != rowid_member) {
      insert_names.push_back(c.name);
      if (!insert_values.empty()) insert_values += ", ";
      insert_values += has_sql_default(c) ? "coalesce(?, " + c.default_value->value + ")" : "?";
      insert_columns << data("member", c.cpp_name);
    }
    if (has_sql_default(c)) {
      data ret;
      ret.set("member", c.cpp_name);
      ret.set("index", std::to_string(returning_names.size()));
      returning_columns << ret;
      returning_names.push_back(c.name);
    }
  }
  view.set("columns", columns);
  view.set("insert_columns", insert_columns);
  view.set("update_columns", update_columns);
  view.set("key_columns", key_columns);
  view.set("primary_key_types", primary_key_list);
  view.set("key_parameters", key_parameters);
  view.set("key_expression", key_expression);
  view.set("has_key", !key_expression.empty());
  view.set("trait_aliases", trait_aliases);
  view.set("has_validation", !validated_columns.is_empty_list());
  view.set("validated_columns", validated_columns);
  view.set("returning_columns", returning_columns);
  view.set("has_returning", !returning_names.empty());
  view.set("column_list_literal", sql_literal(column_list));

  const std::string returning = returning_names.empty() ? "" : " RETURNING " + join_quoted(returning_names, ", ");
  auto insert_sql = [&](bool with_rowid) {
    std::vector<std::string> names = insert_names;
    std::string values = insert_values;
    if (with_rowid) {
      names.insert(names.begin(), t.primary_key.front());
      values = values.empty() ? "?" : "?, " + values;
    }
    if (names.empty()) return "INSERT INTO " + quoted_table + " DEFAULT VALUES" + returning;
    return "INSERT INTO " + quoted_table + " (" + join_quoted(names, ", ") + ") VALUES (" + values + ")" + returning;
  };
  view.set("insert_literal", sql_literal(insert_sql(!rowid_member.empty())));
  if (!rowid_member.empty()) {
    data rowid;
    rowid.set("member", rowid_member);
    rowid.set("insert_without_key_literal", sql_literal(insert_sql(false)));
    view.set("rowid_key", rowid);
    view.set("insert_sql_choice", "row." + rowid_member + " == 0 ? without_key : with_key");
  } else {
    view.set("rowid_key", false);
    view.set("insert_sql_choice", "with_key");
  }

  view.set("find_literal", sql_literal("SELECT " + column_list + " FROM " + quoted_table + " WHERE " + key_condition(t)));
  std::string sets;
  for (const auto& s : update_sets) sets += (sets.empty() ? "" : ", ") + s;
  if (sets.empty()) sets = key_condition(t).empty() ? "" : join_quoted(t.primary_key, ", ", " = ?");  // all-key table
  if (update_sets.empty()) {
    // Only key columns: "update" just checks the row exists (binding the key twice).
    for (const auto& k : t.primary_key) update_columns << data("member", t.find_column(k)->cpp_name);
    view.set("update_columns", update_columns);
  }
  view.set("update_literal", sql_literal("UPDATE " + quoted_table + " SET " + sets + " WHERE " + key_condition(t)));
  view.set("remove_literal", sql_literal("DELETE FROM " + quoted_table + " WHERE " + key_condition(t)));
  add_bulk_insert_view(view, t, insert_names, insert_values);
  return view;
}

}  // namespace dorm::emit
