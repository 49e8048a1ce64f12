#include "ir/relations.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "ir/names.hpp"

namespace dorm::ir {
namespace {

/// SQLite compares table names ASCII case-insensitively; so does the lookup of a target or pivot.
bool same_table_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

Table* find_table(std::vector<Table>& tables, std::string_view name) {
  auto it = std::find_if(tables.begin(), tables.end(), [&](const Table& t) { return same_table_name(t.name, name); });
  return it == tables.end() ? nullptr : &*it;
}

/// The default local/related key: the only primary key column, or "" for a composite (or no) key.
std::string single_key(const Table* table) {
  return table != nullptr && table->primary_key.size() == 1 ? table->primary_key.front() : std::string();
}

void fill_defaults(const Table& self, const Table* target, Relation& r) {
  switch (r.kind) {
    case Relation::Kind::belongs_to:
      if (r.foreign_key.empty()) r.foreign_key = r.name + "_id";
      if (r.local_key.empty()) r.local_key = single_key(target);
      return;
    case Relation::Kind::has_one:
    case Relation::Kind::has_many:
      if (r.foreign_key.empty()) r.foreign_key = singular_snake(self.name) + "_id";
      if (r.local_key.empty()) r.local_key = single_key(&self);
      return;
    case Relation::Kind::many_to_many: {
      // The declared spelling of the target, so `"target": "Tags"` still shares `posts_tags`.
      const std::string& other = target != nullptr ? target->name : r.target;
      if (r.pivot.empty()) r.pivot = std::min(self.name, other) + '_' + std::max(self.name, other);
      if (r.pivot_foreign_key.empty()) r.pivot_foreign_key = singular_snake(self.name) + "_id";
      if (r.pivot_related_key.empty()) r.pivot_related_key = singular_snake(other) + "_id";
      if (r.local_key.empty()) r.local_key = single_key(&self);
      if (r.related_key.empty()) r.related_key = single_key(target);
      return;
    }
  }
}

/// Adds a belongs_to for each `<name>_id` reference, as a convenience that never overrides or
/// shadows what the schema says; references to unknown tables or columns are left to validate.
void infer_belongs_to(std::vector<Table>& tables, Table& self) {
  std::vector<Relation> inferred;
  for (const Column& c : self.columns) {
    if (!c.references || c.name.size() <= 3 || !c.name.ends_with("_id")) continue;
    const Table* target = find_table(tables, c.references->table);
    if (target == nullptr || target->find_column(c.references->column) == nullptr) continue;
    const std::string name = c.name.substr(0, c.name.size() - 3);
    // Compared as C++ members too (`class_id` next to a column `class_`), so an inferred
    // relation can never be the cause of a name clash the user did not write.
    const std::string member = member_name_for_column(name);
    const auto taken = [&](const auto& x) {
      return x.name == name || member_name_for_column(x.name) == member || (!x.cpp_name.empty() && x.cpp_name == member);
    };
    if (std::any_of(self.relations.begin(), self.relations.end(), taken) ||
        std::any_of(self.columns.begin(), self.columns.end(), taken) ||
        std::any_of(inferred.begin(), inferred.end(), taken)) {
      continue;
    }
    Relation r;
    r.kind = Relation::Kind::belongs_to;
    r.name = name;
    r.target = target->name;
    r.foreign_key = c.name;
    r.local_key = c.references->column;
    r.inferred = true;
    r.loc = c.references->loc;
    inferred.push_back(std::move(r));
  }
  self.relations.insert(self.relations.end(), inferred.begin(), inferred.end());
}

/// A pivot column holding `key` of `side`: same type, NOT NULL, cascading when the row goes.
Column pivot_column(const std::string& name, const Table& side, const Column& key, const SourceLocation& loc) {
  Column c;
  c.name = name;
  c.storage = key.storage;
  c.cpp_type = key.cpp_type;
  c.format = key.format;
  c.nullable = false;
  c.references = ForeignKey{side.name, key.name, "CASCADE", "", loc};
  c.loc = loc;
  return c;
}

/// The pivot table `r` needs, or nullopt when a key it would hold is missing or the two pivot
/// keys coincide; validate reports why.
std::optional<Table> synthesize_pivot(const Table& self, const Table* target, const Relation& r) {
  if (target == nullptr || r.pivot_foreign_key.empty() || r.pivot_related_key.empty() ||
      r.pivot_foreign_key == r.pivot_related_key) {
    return std::nullopt;
  }
  const Column* local = self.find_column(r.local_key);
  const Column* related = target->find_column(r.related_key);
  if (local == nullptr || related == nullptr) return std::nullopt;
  Table pivot;
  pivot.name = r.pivot;
  pivot.description = "Links " + self.name + " and " + target->name + " (many_to_many).";
  pivot.columns.push_back(pivot_column(r.pivot_foreign_key, self, *local, r.loc));
  pivot.columns.push_back(pivot_column(r.pivot_related_key, *target, *related, r.loc));
  pivot.primary_key = {r.pivot_foreign_key, r.pivot_related_key};
  pivot.primary_key_loc = r.loc;
  // The key's index serves lookups from the first side only; the second needs its own.
  for (const Column& c : pivot.columns) pivot.indexes.push_back({"idx_" + r.pivot + '_' + c.name, {c.name}, false, r.loc});
  pivot.is_generated_pivot = true;
  pivot.loc = r.loc;
  return pivot;
}

}  // namespace

void resolve_relations(Schema& schema) {
  std::vector<Table>& tables = schema.tables;
  for (Table& self : tables) {
    for (Relation& r : self.relations) fill_defaults(self, find_table(tables, r.target), r);
  }
  for (Table& self : tables) infer_belongs_to(tables, self);

  // Appended after the loop, so no reference into `tables` is invalidated while it runs.
  std::vector<Table> pivots;
  for (const Table& self : tables) {
    for (const Relation& r : self.relations) {
      if (r.kind != Relation::Kind::many_to_many || r.pivot.empty()) continue;
      if (find_table(tables, r.pivot) != nullptr || find_table(pivots, r.pivot) != nullptr) continue;
      if (auto pivot = synthesize_pivot(self, find_table(tables, r.target), r)) pivots.push_back(std::move(*pivot));
    }
  }
  for (Table& pivot : pivots) tables.push_back(std::move(pivot));
}

}  // namespace dorm::ir
