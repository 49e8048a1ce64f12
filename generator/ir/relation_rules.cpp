#include "ir/relation_rules.hpp"

#include <map>
#include <string>

#include "ir/names.hpp"
#include "ir/relations.hpp"
#include "ir/validate_common.hpp"
#include "ir/value_rules.hpp"

namespace dorm::ir {
namespace {

class RelationRules {
 public:
  RelationRules(const Schema& schema, Diagnostics& diags) : schema_(schema), diags_(diags) {}

  /// A free name for `r` after what it loads: a belongs_to after its key (`author_id` -> `author`),
  /// a has_one after the target's singular, the others after the target's plural.
  static std::string suggested_relation_name(const Table& t, const Relation& r) {
    std::string base;
    switch (r.kind) {
      case Relation::Kind::belongs_to:
        base = belongs_to_name(r.foreign_key, r.local_key, r.target);
        break;
      case Relation::Kind::has_one:
        base = singular_snake(r.target);
        break;
      case Relation::Kind::has_many:
      case Relation::Kind::many_to_many:
        base = plural_snake(r.target);
        break;
    }
    return free_relation_name(t, base);
  }

  static std::string relation_label(const Table& t, const Relation& r) {
    return "relation " + in_quotes(r.name) + " of table " + in_quotes(t.name);
  }

  void check_relations(const Table& t) {
    std::map<std::string, const Relation*> seen;
    for (const Relation& r : t.relations) {
      check_relation_name(t, r, seen);
      check_relation_keys(t, r);
      check_cascade(t, r);
    }
  }

  /// `cascade` names what a unit of work does to related rows: "persist" (insert the new ones
  /// with this row) on any kind; "remove" and orphan removal only where the related rows belong
  /// to this row, a has_one or has_many (a belongs_to's parent and a many_to_many's targets are
  /// shared with other rows).
  void check_cascade(const Table& t, const Relation& r) {
    static const std::vector<std::string> values{"persist", "remove"};
    const bool owns_targets = r.kind == Relation::Kind::has_one || r.kind == Relation::Kind::has_many;
    const std::string kind = r.kind == Relation::Kind::belongs_to ? "belongs_to" : "many_to_many";
    const std::string shared = r.kind == Relation::Kind::belongs_to
                                   ? "its parent row, which other rows may reference"
                                   : "its target rows, which other rows may link to (the pivot rows go with it)";
    for (const Relation::CascadeValue& v : r.cascade) {
      if (v.name != "persist" && v.name != "remove") {
        diags_.error(v.loc, "dorm-bad-cascade",
                     in_quotes(v.name) + " is not a cascade of " + relation_label(t, r) + "; use persist or remove");
        suggest(diags_, v.loc, v.name, values);
      } else if (v.name == "remove" && !owns_targets) {
        diags_.error(v.loc, "dorm-bad-cascade",
                     "cascade 'remove' on " + kind + " " + relation_label(t, r) + " would remove " + shared +
                         "; cascade remove is for has_one and has_many");
      }
    }
    if (r.orphan_removal && !owns_targets) {
      diags_.error(r.orphan_removal_loc, "dorm-bad-cascade",
                   "orphan removal on " + kind + " " + relation_label(t, r) +
                       " means nothing: only a has_one or has_many row can leave its parent's collection");
    }
  }

  /// A relation is a member of the struct beside the columns: `post.author` cannot be both.
  void check_relation_name(const Table& t, const Relation& r, std::map<std::string, const Relation*>& seen) {
    if (const Column* c = t.find_column(r.name)) {
      diags_.error(r.loc, "dorm-relation-name-clash",
                   relation_label(t, r) + " has the name of a column; name the relation after what it loads");
      diags_.note(c->loc, "column " + in_quotes(c->name) + " is here");
      diags_.note(r.loc, "rename it, for example to " + in_quotes(suggested_relation_name(t, r)) +
                             ", a name no column or relation of " + in_quotes(t.name) + " has");
      return;
    }
    if (auto [it, inserted] = seen.emplace(r.name, &r); !inserted) {
      diags_.error(r.loc, "dorm-duplicate-relation", relation_label(t, r) + " is defined twice");
      diags_.note(it->second->loc, "previous definition of " + in_quotes(it->second->name) + " is here");
    }
  }

  /// The column `column` of `on` that `r` joins through, or null after reporting why there is none.
  /// `role` is how messages name the key, `member` the relation member that sets it.
  const Column* relation_key(const Table& t, const Relation& r, const std::string& column, const Table& on,
                             std::string_view role, std::string_view member, std::string_view table_kind = "table") {
    if (column.empty()) {
      diags_.error(r.loc, "dorm-relation-key-required",
                   relation_label(t, r) + " needs \"" + std::string(member) + "\": table " + in_quotes(on.name) +
                       " has no single-column primary key to default to");
      return nullptr;
    }
    if (const Column* c = on.find_column(column)) return c;
    diags_.error(r.loc, "dorm-unknown-relation-key",
                 relation_label(t, r) + " uses " + std::string(role) + " " + in_quotes(column) +
                     ", which must be a column of " + std::string(table_kind) + " " + in_quotes(on.name));
    suggest(diags_, r.loc, column, column_names(on));
    return nullptr;
  }

  /// SQLite compares INTEGER and REAL keys by value, but never a number with TEXT or a BLOB.
  static int type_class(Storage s) { return s == Storage::real ? static_cast<int>(Storage::integer) : static_cast<int>(s); }

  void check_key_types(const Table& t, const Relation& r, const Table& a_table, const Column* a, const Table& b_table,
                       const Column* b) {
    // An inferred relation is its foreign key, which check_reference already judges (as a warning).
    if (r.inferred || a == nullptr || b == nullptr || type_class(a->storage) == type_class(b->storage)) return;
    // A NUMERIC side converts the other's number-like text when comparing: values can match.
    if (a->storage == Storage::numeric || b->storage == Storage::numeric) return;
    diags_.error(r.loc, "dorm-relation-key-type",
                 relation_label(t, r) + " joins " + in_quotes(a_table.name + "." + a->name) + " (" +
                     storage_keyword(a->storage) + ") to " + in_quotes(b_table.name + "." + b->name) + " (" +
                     storage_keyword(b->storage) + "); the values can never match");
  }

  void check_relation_keys(const Table& t, const Relation& r) {
    const Table* target = find_table_folded(schema_, r.target);
    if (target == nullptr) {
      diags_.error(r.loc, "dorm-unknown-relation-target",
                   relation_label(t, r) + " targets unknown table " + in_quotes(r.target));
      std::vector<std::string> tables;
      for (const Table& other : schema_.tables) tables.push_back(other.name);
      suggest(diags_, r.loc, r.target, tables);
      return;
    }
    switch (r.kind) {
      case Relation::Kind::belongs_to: {
        const Column* fk = relation_key(t, r, r.foreign_key, t, "foreign key", "foreignKey");
        const Column* lk = relation_key(t, r, r.local_key, *target, "local key", "localKey");
        check_key_types(t, r, t, fk, *target, lk);
        return;
      }
      case Relation::Kind::has_one:
      case Relation::Kind::has_many: {
        const Column* fk = relation_key(t, r, r.foreign_key, *target, "foreign key", "foreignKey");
        const Column* lk = relation_key(t, r, r.local_key, t, "local key", "localKey");
        check_key_types(t, r, *target, fk, t, lk);
        return;
      }
      case Relation::Kind::many_to_many:
        check_many_to_many(t, r, *target);
        return;
    }
  }

  void check_many_to_many(const Table& t, const Relation& r, const Table& target) {
    const Column* lk = relation_key(t, r, r.local_key, t, "local key", "localKey");
    const Column* rk = relation_key(t, r, r.related_key, target, "related key", "relatedKey");
    if (r.pivot_foreign_key == r.pivot_related_key) {
      diags_.error(r.loc, "dorm-relation-key-required",
                   relation_label(t, r) + " would keep both sides in pivot column " + in_quotes(r.pivot_foreign_key) +
                       "; set \"pivotForeignKey\" and \"pivotRelatedKey\"");
      return;
    }
    // A missing pivot was not synthesized because a key above is missing, which is reported.
    const Table* pivot = find_table_folded(schema_, r.pivot);
    if (pivot == nullptr) return;
    const Column* pfk = relation_key(t, r, r.pivot_foreign_key, *pivot, "pivot foreign key", "pivotForeignKey",
                                     "pivot table");
    const Column* prk = relation_key(t, r, r.pivot_related_key, *pivot, "pivot related key", "pivotRelatedKey",
                                     "pivot table");
    check_key_types(t, r, *pivot, pfk, t, lk);
    check_key_types(t, r, *pivot, prk, target, rk);
  }

 private:
  const Schema& schema_;
  Diagnostics& diags_;
};

}  // namespace

void check_relations(const Schema& schema, const Table& table, Diagnostics& diags) {
  RelationRules(schema, diags).check_relations(table);
}

}  // namespace dorm::ir
