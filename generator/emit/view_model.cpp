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
  std::string type = !column.cpp_custom_type.empty() ? column.cpp_custom_type
                     : column.enum_class.empty()      ? value_type(column.cpp_type)
                                                      : column.enum_class;
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

std::string foreign_key_types(const ir::Table& table, const ir::Schema& schema) {
  std::string out;
  for (const auto& c : table.columns) {
    if (!c.references) continue;
    const ir::Table* parent = schema.find_table(c.references->table);
    const ir::Column* key = parent == nullptr ? nullptr : parent->find_column(c.references->column);
    if (key == nullptr) continue;  // ir::validate reported it
    if (!out.empty()) out += ", ";
    out += "dorm::ForeignKey<dorm::Column<" + column_type_name(table, c) + ">, dorm::Column<" +
           column_type_name(*parent, *key) + ">>";
  }
  return out;
}

data table_view(const ir::Table& t, const ir::Schema& schema) {
  const std::string rowid_member = rowid_key_member(t);

  data view;
  view.set("sql_name", ir::cpp_comment_text(t.name));  // only in comments
  view.set("struct_name", t.cpp_name);
  view.set("object_name", t.object_name);
  view.set("table_type", ir::table_type_identifier(t));
  view.set("table_info_type", ir::table_info_type_identifier(t));
  view.set("name_literal", ir::cpp_string_literal(t.name));
  view.set("quoted_name_literal", sql_literal(ir::quote_identifier(t.name)));
  view.set("first_member", t.columns.empty() ? std::string() : t.columns.front().cpp_name);
  // An annotated struct (source_header) is the user's: the generated code neither defines it nor
  // gives it relation member functions, and names it through an alias when it lives elsewhere.
  view.set("defines_struct", t.source_header.empty());
  add_doc_lines(view, t.description.empty() ? "A row of table " + t.name + "." : t.description);

  // The table type's descriptors: every column (table order) and the key's (key order), as
  // dorm::Column types, which dorm/detail/table_sql.hpp and table_rows.hpp fold over.
  auto join_columns = [&](const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
      if (!out.empty()) out += ", ";
      out += "dorm::Column<" + column_type_name(t, *t.find_column(name)) + ">";
    }
    return out;
  };
  data columns{data::type::list};
  data trait_aliases{data::type::list};
  std::vector<std::string> column_names;
  for (const auto& c : t.columns) {
    column_names.push_back(c.name);
    data col;
    col.set("member", c.cpp_name);
    col.set("member_type", declared_member_type(t, c));
    col.set("initializer", initializer(c));
    col.set("column_type", column_type_name(t, c));
    col.set("table_info_type", ir::table_info_type_identifier(t));
    col.set("struct_name", t.cpp_name);
    col.set("name_literal", ir::cpp_string_literal(c.name));
    const std::string rules = column_rules(c);
    col.set("rules", rules.empty() ? data(false) : data(rules));
    col.set("sql_default", has_sql_default(c) ? data(sql_literal(c.default_value->value)) : data(false));
    col.set("has_body", !rules.empty() || has_sql_default(c));
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
    if (c.version) {
      data alias;
      alias.set("alias", std::string("version_column"));
      alias.set("column_type", column_type_name(t, c));
      trait_aliases << alias;
    }
    if (c.name == t.traits.tenant_column) {
      data alias;
      alias.set("alias", std::string("tenant_column"));
      alias.set("column_type", column_type_name(t, c));
      trait_aliases << alias;
    }
  }
  view.set("columns", columns);
  view.set("trait_aliases", trait_aliases);
  view.set("column_types", join_columns(column_names));
  const std::string foreign_keys = foreign_key_types(t, schema);
  view.set("foreign_keys", foreign_keys.empty() ? data(false) : data(foreign_keys));
  view.set("primary_key_types", join_columns(t.primary_key));
  // The relations a unit of work follows from this table (dorm/session/cascade.hpp); only
  // where one declares a cascade or orphan removal, so other tables' headers do not change.
  std::string cascading;
  for (const auto& r : t.relations)
    if (!r.cascade.empty() || r.orphan_removal)
      cascading += (cascading.empty() ? "" : ", ") + ir::relation_type_identifier(t, r);
  view.set("cascading_relations", cascading.empty() ? data(false) : data(cascading));
  if (rowid_member.empty()) {
    view.set("rowid_key", false);
  } else {
    view.set("rowid_key", data("rowid_column_type", column_type_name(t, *t.find_column(t.primary_key.front()))));
  }
  return view;
}

}  // namespace dorm::emit
