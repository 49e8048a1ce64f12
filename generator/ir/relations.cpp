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
      if (r.local_key.empty()) r.local_key = single_key(&self);
      if (r.related_key.empty()) r.related_key = single_key(target);
      // Named after the key they hold, so a text key `isbn` gives `book_isbn`, not `book_id`.
      if (r.pivot_foreign_key.empty()) r.pivot_foreign_key = pivot_column_name(self.name, r.local_key);
      if (r.pivot_related_key.empty()) r.pivot_related_key = pivot_column_name(other, r.related_key);
      return;
    }
  }
}

/// Adds a belongs_to for each single-column reference no declared belongs_to covers, named by
/// belongs_to_name(), as a convenience that never overrides or shadows what the schema says: a name
/// already taken gets no relation (validate warns, dorm-inferred-relation-name); references to
/// unknown tables or columns are left to validate.
void infer_belongs_to(std::vector<Table>& tables, Table& self) {
  for (const Column& c : self.columns) {
    if (!c.references) continue;
    const Table* target = find_table(tables, c.references->table);
    if (target == nullptr || target->find_column(c.references->column) == nullptr) continue;
    if (covering_belongs_to(self, c) != nullptr) continue;
    const std::string name = belongs_to_name(c.name, c.references->column, target->name);
    if (relation_name_taker(self, name)) continue;
    Relation r;
    r.kind = Relation::Kind::belongs_to;
    r.name = name;
    r.target = target->name;
    r.foreign_key = c.name;
    r.local_key = c.references->column;
    r.inferred = true;
    r.loc = c.references->loc;
    self.relations.push_back(std::move(r));
  }
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

/// A column's unique single-column constraint or index, or its being the whole primary key:
/// a reference through it finds at most one row.
bool is_unique_column(const Table& t, const std::string& column) {
  if (t.primary_key == std::vector<std::string>{column}) return true;
  const auto single = [&](const Index& ix) { return ix.unique && ix.columns == std::vector<std::string>{column}; };
  return std::any_of(t.uniques.begin(), t.uniques.end(), single) || std::any_of(t.indexes.begin(), t.indexes.end(), single);
}

Relation make_relation(Relation::Kind kind, std::string name, const Table& target, std::string foreign_key,
                       std::string local_key, const SourceLocation& loc) {
  Relation r;
  r.kind = kind;
  r.name = std::move(name);
  r.target = target.name;
  r.foreign_key = std::move(foreign_key);
  r.local_key = std::move(local_key);
  r.loc = loc;
  return r;
}

/// The foreign-key columns of `t` whose reference resolves, with their parent tables.
std::vector<std::pair<const Column*, Table*>> resolved_references(std::vector<Table>& tables, const Table& t) {
  std::vector<std::pair<const Column*, Table*>> out;
  for (const Column& c : t.columns) {
    if (!c.references) continue;
    Table* parent = find_table(tables, c.references->table);
    if (parent != nullptr && parent->find_column(c.references->column) != nullptr) out.emplace_back(&c, parent);
  }
  return out;
}

}  // namespace

const Relation* covering_belongs_to(const Table& table, const Column& column) {
  for (const Relation& r : table.relations) {
    if (r.kind == Relation::Kind::belongs_to && r.foreign_key == column.name) return &r;
  }
  return nullptr;
}

std::optional<std::string> relation_name_taker(const Table& table, std::string_view name) {
  const std::string member = member_name_for_column(name);
  const auto member_of = [](const auto& x) { return x.cpp_name.empty() ? member_name_for_column(x.name) : x.cpp_name; };
  for (const Column& c : table.columns) {
    if (c.name == name || member_of(c) == member) return "column '" + c.name + "'";
  }
  for (const Relation& r : table.relations) {
    if (r.name == name || member_of(r) == member) return "relation '" + r.name + "'";
  }
  return std::nullopt;
}

std::string free_relation_name(const Table& table, std::string_view base) {
  return first_free_name(base, [&](const std::string& x) { return relation_name_taker(table, x).has_value(); });
}

void infer_relations_from_foreign_keys(Schema& schema) {
  std::vector<Table>& tables = schema.tables;
  // By name, so the names handed out never depend on the order tables were read in.
  std::vector<Table*> order;
  for (Table& t : tables) order.push_back(&t);
  std::stable_sort(order.begin(), order.end(), [](const Table* a, const Table* b) { return a->name < b->name; });

  for (Table* child : order) {
    for (const auto& [column, parent] : resolved_references(tables, *child)) {
      const std::string name = free_relation_name(*child, belongs_to_name(column->name, column->references->column, parent->name));
      child->relations.push_back(make_relation(Relation::Kind::belongs_to, name, *parent, column->name,
                                               column->references->column, column->references->loc));
    }
  }
  for (Table* child : order) {
    const auto references = resolved_references(tables, *child);
    for (const auto& [column, parent] : references) {
      const Table* p = parent;
      const auto to_parent = std::count_if(references.begin(), references.end(), [&](const auto& x) { return x.second == p; });
      const bool one = is_unique_column(*child, column->name);
      std::string base = one ? singular_snake(child->name) : plural_snake(child->name);
      // Two keys from one child to one parent (sender_id, recipient_id): one relation per key.
      if (to_parent > 1) base += "_as_" + belongs_to_name(column->name, column->references->column, parent->name);
      parent->relations.push_back(make_relation(one ? Relation::Kind::has_one : Relation::Kind::has_many,
                                                free_relation_name(*parent, base), *child, column->name,
                                                column->references->column, column->references->loc));
    }
  }
  // A primary key of exactly two foreign keys makes the table a pivot between their parents.
  for (Table* pivot : order) {
    if (pivot->primary_key.size() != 2) continue;
    const auto references = resolved_references(tables, *pivot);
    const auto reference_of = [&](const std::string& key) -> std::pair<const Column*, Table*> {
      for (const auto& r : references) {
        if (r.first->name == key) return r;
      }
      return {nullptr, nullptr};
    };
    const auto a = reference_of(pivot->primary_key[0]);
    const auto b = reference_of(pivot->primary_key[1]);
    if (a.first == nullptr || b.first == nullptr) continue;
    for (const auto& [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
      Table& self = *from.second;
      const Column& far = *to.first;
      const std::string base = plural_snake(belongs_to_name(far.name, far.references->column, to.second->name));
      Relation r = make_relation(Relation::Kind::many_to_many, free_relation_name(self, base), *to.second, "",
                                 from.first->references->column, pivot->loc);
      r.pivot = pivot->name;
      r.pivot_foreign_key = from.first->name;
      r.pivot_related_key = far.name;
      r.related_key = far.references->column;
      self.relations.push_back(std::move(r));
    }
  }
}

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
