#include "ir/inferred_relations_check.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

#include "ir/names.hpp"
#include "ir/relations.hpp"

namespace dorm::ir {
namespace {

const Table* find_table(const Schema& schema, std::string_view name) {
  const auto folded = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  for (const Table& t : schema.tables) {
    if (folded(t.name) == folded(name)) return &t;
  }
  return nullptr;
}

/// The `x-dorm-relations` entry that declares the relation inference could not add.
std::string declaration(const std::string& name, const Table& target, const Column& column) {
  const auto q = [](const std::string& text) { return nlohmann::json(text).dump(); };
  return "\"x-dorm-relations\": {" + q(name) + ": {\"kind\": \"belongs_to\", \"target\": " + q(target.name) +
         ", \"foreignKey\": " + q(column.name) + ", \"localKey\": " + q(column.references->column) + "}}";
}

}  // namespace

void check_inferred_relations(const Schema& schema, Diagnostics& diags) {
  for (const Table& t : schema.tables) {
    if (t.is_generated_pivot) continue;  // its keys are the many_to_many's, named by dorm, not the user
    for (const Column& c : t.columns) {
      if (!c.references || covering_belongs_to(t, c) != nullptr) continue;
      const Table* target = find_table(schema, c.references->table);
      if (target == nullptr || target->find_column(c.references->column) == nullptr) continue;  // a reference error
      const std::string name = belongs_to_name(c.name, c.references->column, target->name);
      const std::optional<std::string> taker = relation_name_taker(t, name);
      if (!taker) continue;
      diags.warning(c.references->loc, "dorm-inferred-relation-name",
                    "column '" + c.name + "' references '" + target->name + "." + c.references->column +
                        "' but gets no belongs_to: its name '" + name + "' is taken by " + *taker + " of table '" +
                        t.name + "'");
      const std::string singular = singular_snake(target->name);
      const std::string free =
          singular != name && !relation_name_taker(t, singular) ? singular : free_relation_name(t, name);
      diags.note(c.references->loc, "to load it, declare it under a free name: " + declaration(free, *target, c));
    }
  }
}

}  // namespace dorm::ir
