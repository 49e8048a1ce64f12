#include "emit/relation_view.hpp"

#include <stdexcept>

#include "emit/view_model.hpp"
#include "ir/names.hpp"

namespace dorm::emit {

using kainjow::mustache::data;

namespace {

const ir::Table& table_named(const ir::Schema& schema, const std::string& name) {
  const ir::Table* t = schema.find_table(name);
  if (t == nullptr) throw std::logic_error("relation to unknown table " + name + " passed validation");
  return *t;
}

// The column type of `table.column`, e.g. `dorm::Column<users_id_column>`.
std::string column_type(const ir::Table& table, const std::string& column) {
  const ir::Column* c = table.find_column(column);
  if (c == nullptr) throw std::logic_error("relation key " + table.name + "." + column + " passed validation");
  return "dorm::Column<" + column_type_name(table, *c) + ">";
}

const char* kind_name(ir::Relation::Kind kind) {
  switch (kind) {
    case ir::Relation::Kind::belongs_to: return "belongs_to";
    case ir::Relation::Kind::has_one: return "has_one";
    case ir::Relation::Kind::has_many: return "has_many";
    case ir::Relation::Kind::many_to_many: return "many_to_many";
  }
  return "has_many";
}

// ` static constexpr bool cascade_persist = true, orphan_removal = true;`: the declared
// cascades only (dorm/session/cascade.hpp reads them), "" when the relation declares none.
std::string cascade_constants(const ir::Relation& r) {
  auto declared = [&](std::string_view name) {
    for (const auto& v : r.cascade)
      if (v.name == name) return true;
    return false;
  };
  std::string names;
  for (const char* name : {"persist", "remove"}) {
    if (declared(name)) names += std::string(names.empty() ? "" : ", ") + "cascade_" + name + " = true";
  }
  if (r.orphan_removal) names += std::string(names.empty() ? "" : ", ") + "orphan_removal = true";
  return names.empty() ? "" : " static constexpr bool " + names + ";";
}

}  // namespace

std::string relation_type_name(const ir::Table& table, const ir::Relation& relation) {
  return ir::relation_type_identifier(table, relation);
}

data relation_view(const ir::Schema& schema, const ir::Table& table, const ir::Relation& r) {
  const ir::Table& target = table_named(schema, r.target);
  const std::string self = relation_type_name(table, r);
  std::string base;
  std::string description;
  std::string result;
  switch (r.kind) {
    case ir::Relation::Kind::belongs_to:
      base = "dorm::BelongsTo<" + self + ", " + column_type(table, r.foreign_key) + ", " +
             column_type(target, r.local_key) + ">";
      description = table.name + "." + r.foreign_key + " -> " + target.name + "." + r.local_key;
      result = "std::optional<" + target.cpp_name + ">";
      break;
    case ir::Relation::Kind::has_one:
    case ir::Relation::Kind::has_many: {
      const bool many = r.kind == ir::Relation::Kind::has_many;
      base = std::string(many ? "dorm::HasMany<" : "dorm::HasOne<") + self + ", " +
             column_type(target, r.foreign_key) + ", " + column_type(table, r.local_key) + ">";
      description = target.name + "." + r.foreign_key + " -> " + table.name + "." + r.local_key;
      result = many ? "std::vector<" + target.cpp_name + ">" : "std::optional<" + target.cpp_name + ">";
      break;
    }
    case ir::Relation::Kind::many_to_many: {
      const ir::Table& pivot = table_named(schema, r.pivot);
      base = "dorm::ManyToMany<" + self + ", " + column_type(table, r.local_key) + ", " +
             column_type(pivot, r.pivot_foreign_key) + ", " + column_type(pivot, r.pivot_related_key) + ", " +
             column_type(target, r.related_key) + ">";
      description = "through " + pivot.name + "(" + r.pivot_foreign_key + ", " + r.pivot_related_key + ")";
      result = "std::vector<" + target.cpp_name + ">";
      break;
    }
  }
  data view;
  view.set("relation_type", self);
  view.set("member", r.cpp_name);
  view.set("base", base);
  view.set("kind", kind_name(r.kind));
  // These four land in comments only.
  view.set("table_name", ir::cpp_comment_text(table.name));
  view.set("relation_name", ir::cpp_comment_text(r.name));
  view.set("target_name", ir::cpp_comment_text(target.name));
  view.set("description", ir::cpp_comment_text(description));
  view.set("name_literal", ir::cpp_string_literal(r.name));
  view.set("result_type", result);
  view.set("struct_name", table.cpp_name);
  view.set("cascade_constants", cascade_constants(r));
  return view;
}

data relation_views(const ir::Schema& schema, const ir::Table& table) {
  data list{data::type::list};
  for (const auto& r : table.relations) list << relation_view(schema, table, r);
  return list;
}

}  // namespace dorm::emit
