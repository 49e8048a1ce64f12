#include "migrate/plan.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "emit/sql_ddl.hpp"
#include "ir/names.hpp"
#include "ir/value_rules.hpp"

namespace dorm::migrate {
namespace {

/// Renames of one direction: new table -> old table; (new table, new column) -> old column.
struct Renames {
  std::map<std::string, std::string> tables;
  std::map<std::pair<std::string, std::string>, std::string> columns;
};

Renames renames_declared_in(const ir::Schema& from, const ir::Schema& to) {
  Renames r;
  for (const ir::Table& t : to.tables) {
    std::string old_name = t.name;
    if (!t.renamed_from.empty() && from.find_table(t.renamed_from) && !from.find_table(t.name)) {
      r.tables[t.name] = t.renamed_from;
      old_name = t.renamed_from;
    }
    const ir::Table* old_table = from.find_table(old_name);
    if (old_table == nullptr) continue;
    for (const ir::Column& c : t.columns) {
      if (!c.renamed_from.empty() && old_table->find_column(c.renamed_from) && !old_table->find_column(c.name))
        r.columns[{t.name, c.name}] = c.renamed_from;
    }
  }
  return r;
}

/// The same renames, backwards (for the down migration).
Renames inverse(const Renames& r) {
  Renames inv;
  for (const auto& [to, from] : r.tables) inv.tables[from] = to;
  for (const auto& [key, old_column] : r.columns) {
    const auto t = r.tables.find(key.first);
    inv.columns[{t == r.tables.end() ? key.first : t->second, old_column}] = key.second;
  }
  return inv;
}

std::string q(const std::string& name) { return ir::quote_identifier(name); }

/// create_statements() without IF NOT EXISTS: in a migration an existing table is a surprise to
/// report, not to skip.
std::vector<std::string> create_exact(const ir::Table& table) {
  std::vector<std::string> statements = emit::create_statements(table);
  for (std::string& s : statements) {
    if (const auto at = s.find(" IF NOT EXISTS"); at != std::string::npos) s.erase(at, 14);
  }
  return statements;
}

std::string create_index(const ir::Table& table, const ir::Index& index) {
  ir::Table only = table;
  only.indexes = {index};
  return create_exact(only).back();
}

bool same_default(const std::optional<ir::DefaultValue>& a, const std::optional<ir::DefaultValue>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->kind == b->kind && a->value == b->value);
}

bool same_reference(const std::optional<ir::ForeignKey>& a, const std::optional<ir::ForeignKey>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->table == b->table && a->column == b->column && a->on_delete == b->on_delete &&
                a->on_update == b->on_update);
}

bool same_checks(const ir::Column& a, const ir::Column& b) {
  return emit::check_constraints(a) == emit::check_constraints(b);
}

bool same_column(const ir::Column& a, const ir::Column& b) {
  return a.storage == b.storage && a.nullable == b.nullable && a.auto_increment == b.auto_increment &&
         same_default(a.default_value, b.default_value) && same_reference(a.references, b.references) &&
         same_checks(a, b);
}

bool same_indexes(const std::vector<ir::Index>& a, const std::vector<ir::Index>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const ir::Index& x, const ir::Index& y) {
    return x.name == y.name && x.columns == y.columns && x.unique == y.unique;
  });
}

bool in_single_unique(const ir::Table& table, const std::string& column) {
  return std::any_of(table.uniques.begin(), table.uniques.end(),
                     [&](const ir::Index& u) { return u.columns.size() == 1 && u.columns.front() == column; });
}

/// Widening keeps every value: INTEGER -> REAL/TEXT/NUMERIC, REAL -> TEXT/NUMERIC, TEXT -> BLOB,
/// NUMERIC -> TEXT.
bool is_widening(ir::Storage from, ir::Storage to) {
  using S = ir::Storage;
  return from == to || (from == S::integer && (to == S::real || to == S::text)) ||
         (from == S::real && to == S::text) || (from == S::text && to == S::blob) ||
         ((from == S::integer || from == S::real) && to == S::numeric) || (from == S::numeric && to == S::text);
}

/// What fills a NOT NULL column that has no default when the rows have no value for it.
std::string zero_value(ir::Storage storage) {
  switch (storage) {
    case ir::Storage::integer:
    case ir::Storage::numeric:
      return "0";
    case ir::Storage::real:
      return "0.0";
    case ir::Storage::blob:
      return "X''";
    case ir::Storage::text:
      return "''";
  }
  return "''";
}

/// SQLite's ALTER TABLE ADD COLUMN rules: no PRIMARY KEY or UNIQUE, a constant default, a
/// non-NULL default when NOT NULL, and a NULL default on a column with a REFERENCES clause.
bool can_add_column(const ir::Table& table, const ir::Column& c) {
  if (table.is_primary_key(c.name) || in_single_unique(table, c.name) || c.auto_increment) return false;
  const bool has_value_default = c.default_value && c.default_value->kind != ir::DefaultValue::Kind::null;
  if (c.default_value && c.default_value->kind == ir::DefaultValue::Kind::sql_expression) return false;
  // Text with control characters is written as an expression ('a' || char(13)), which SQLite
  // calls a non-constant default here.
  if (c.default_value && c.default_value->kind == ir::DefaultValue::Kind::text &&
      ir::literal_needs_expression(c.default_value->value))
    return false;
  if (!c.nullable && !has_value_default) return false;
  if (c.references && has_value_default) return false;
  return true;
}

/// `table` with the renames applied, as SQLite leaves it after RENAME TO / RENAME COLUMN
/// (which also rewrite foreign keys that name the renamed table or column).
ir::Schema apply_renames(const ir::Schema& schema, const Renames& r) {
  std::map<std::string, std::string> table_to;  // old -> new
  for (const auto& [to, from] : r.tables) table_to[from] = to;
  std::map<std::pair<std::string, std::string>, std::string> column_to;  // (new table, old column) -> new
  for (const auto& [key, old_column] : r.columns) column_to[{key.first, old_column}] = key.second;
  auto new_table = [&](const std::string& t) {
    const auto it = table_to.find(t);
    return it == table_to.end() ? t : it->second;
  };
  auto new_column = [&](const std::string& t, const std::string& c) {
    const auto it = column_to.find({t, c});
    return it == column_to.end() ? c : it->second;
  };
  ir::Schema out = schema;
  for (ir::Table& t : out.tables) {
    t.name = new_table(t.name);
    for (ir::Column& c : t.columns) {
      c.name = new_column(t.name, c.name);
      if (c.references) {
        c.references->table = new_table(c.references->table);
        c.references->column = new_column(c.references->table, c.references->column);
      }
    }
    for (std::string& k : t.primary_key) k = new_column(t.name, k);
    for (auto* list : {&t.uniques, &t.indexes})
      for (ir::Index& i : *list)
        for (std::string& c : i.columns) c = new_column(t.name, c);
  }
  return out;
}

class Planner {
 public:
  MigrationPlan plan;

  void run(const ir::Schema& from, const ir::Schema& to, const Renames& renames) {
    for (const auto& [to_name, from_name] : renames.tables) {
      plan.up.push_back("ALTER TABLE " + q(from_name) + " RENAME TO " + q(to_name));
      plan.changes.push_back("rename table " + from_name + " to " + to_name);
    }
    for (const auto& [key, old_column] : renames.columns) {
      plan.up.push_back("ALTER TABLE " + q(key.first) + " RENAME COLUMN " + q(old_column) + " TO " + q(key.second));
      plan.changes.push_back("rename column " + key.first + '.' + old_column + " to " + key.second);
    }
    const ir::Schema old = apply_renames(from, renames);
    std::vector<const ir::Table*> targets;
    for (const ir::Table& t : to.tables) targets.push_back(&t);
    std::sort(targets.begin(), targets.end(), [](auto* a, auto* b) { return a->name < b->name; });
    for (const ir::Table* t : targets) {
      if (old.find_table(t->name) == nullptr) {
        for (std::string& s : create_exact(*t)) plan.up.push_back(std::move(s));
        plan.changes.push_back("create table " + t->name);
      }
    }
    for (const ir::Table* t : targets) {
      std::set<std::string> renamed;
      for (const auto& [key, old_column] : renames.columns)
        if (key.first == t->name) renamed.insert(key.second);
      if (const ir::Table* before = old.find_table(t->name)) alter(*before, *t, renamed);
    }
    std::vector<std::string> dropped;
    for (const ir::Table& t : old.tables)
      if (to.find_table(t.name) == nullptr) dropped.push_back(t.name);
    std::sort(dropped.begin(), dropped.end());
    for (const std::string& name : dropped) {
      plan.up.push_back("DROP TABLE " + q(name));
      plan.changes.push_back("drop table " + name);
      plan.destructive.push_back("drop table " + name);
      plan.needs_foreign_keys_off = true;  // DROP TABLE deletes every row first, cascading to children
    }
  }

 private:
  /// `renamed`: columns of `after` that RENAME COLUMN gave their name in this migration.
  void alter(const ir::Table& before, const ir::Table& after, const std::set<std::string>& renamed) {
    std::vector<std::string> reasons;
    std::vector<const ir::Column*> added;
    bool rebuild = before.primary_key != after.primary_key || !same_indexes(before.uniques, after.uniques);
    for (const std::string& name : renamed) {
      // RENAME COLUMN rewrites CHECK expressions but not constraint names ("text_maxLength"),
      // which SQLite's errors show; the rebuild names them after the column again.
      const ir::Column* c = after.find_column(name);
      if (c != nullptr && !emit::check_constraints(*c).empty()) {
        rebuild = true;
        reasons.push_back("rename the CHECK constraints of " + after.name + '.' + name);
      }
    }
    if (before.primary_key != after.primary_key) reasons.push_back("change the primary key of " + after.name);
    if (!same_indexes(before.uniques, after.uniques)) reasons.push_back("change the unique constraints of " + after.name);
    for (const ir::Column& c : before.columns) {
      if (after.find_column(c.name) == nullptr) {
        rebuild = true;
        reasons.push_back("drop column " + after.name + '.' + c.name);
        plan.destructive.push_back("drop column " + after.name + '.' + c.name);
      }
    }
    // Column order is not compared: SQLite and dorm read columns by name, so a column the
    // schema declares before others (before timestamps or soft deletes, which come last) is
    // still an ADD COLUMN, which appends it. The physical order then differs from the
    // declaration order, and that is all: a later rebuild copies by name and creates the table
    // in declaration order, and the drift check compares columns by name (dorm/schema/schema_shape.hpp).
    for (const ir::Column& c : after.columns) {
      const ir::Column* old = before.find_column(c.name);
      if (old == nullptr) {
        added.push_back(&c);
        if (!c.nullable && !(c.default_value && c.default_value->kind != ir::DefaultValue::Kind::null)) {
          plan.destructive.push_back("add NOT NULL column " + after.name + '.' + c.name + " without a default");
        }
        continue;
      }
      if (same_column(*old, c)) continue;
      rebuild = true;
      const std::string where = after.name + '.' + c.name;
      if (old->storage != c.storage) {
        reasons.push_back("change the type of " + where + " from " + ir::storage_keyword(old->storage) + " to " +
                          ir::storage_keyword(c.storage));
        if (!is_widening(old->storage, c.storage))
          plan.destructive.push_back("narrow the type of " + where + " from " + ir::storage_keyword(old->storage) +
                                     " to " + ir::storage_keyword(c.storage));
      }
      if (old->nullable != c.nullable) {
        reasons.push_back(std::string("make ") + where + (c.nullable ? " nullable" : " NOT NULL"));
        if (!c.nullable && !c.default_value) plan.destructive.push_back("make " + where + " NOT NULL without a default");
      }
      if (!same_default(old->default_value, c.default_value)) reasons.push_back("change the default of " + where);
      if (!same_reference(old->references, c.references)) reasons.push_back("change the foreign key of " + where);
      if (!same_checks(*old, c)) reasons.push_back("change the CHECK constraints of " + where);
      if (old->auto_increment != c.auto_increment) reasons.push_back("change AUTOINCREMENT of " + where);
    }
    for (const ir::Column* c : added) {
      if (!can_add_column(after, *c)) rebuild = true;
    }

    if (rebuild) {
      for (const ir::Column* c : added) reasons.push_back("add column " + after.name + '.' + c->name);
      rebuild_table(before, after, reasons);
      return;
    }
    for (const ir::Column* c : added) {
      // ADD COLUMN takes column constraints only: CHECKs and the foreign key go inline. SQLite
      // (3.37+) tests an added CHECK against the existing rows.
      std::string definition = emit::column_definition(after, *c);
      for (const emit::CheckConstraint& check : emit::check_constraints(*c)) definition += ' ' + check.sql();
      if (c->references) {
        definition += " REFERENCES " + q(c->references->table) + " (" + q(c->references->column) + ')';
        if (!c->references->on_delete.empty()) definition += " ON DELETE " + c->references->on_delete;
        if (!c->references->on_update.empty()) definition += " ON UPDATE " + c->references->on_update;
      }
      plan.up.push_back("ALTER TABLE " + q(after.name) + " ADD COLUMN " + definition);
      plan.changes.push_back("add column " + after.name + '.' + c->name);
    }
    // Indexes: dropped or changed ones go, new or changed ones come.
    for (const ir::Index& i : before.indexes) {
      const auto same = std::find_if(after.indexes.begin(), after.indexes.end(), [&](const ir::Index& n) {
        return n.name == i.name && n.columns == i.columns && n.unique == i.unique;
      });
      if (same == after.indexes.end()) {
        plan.up.push_back("DROP INDEX " + q(i.name));
        plan.changes.push_back("drop index " + i.name);
      }
    }
    for (const ir::Index& i : after.indexes) {
      const auto same = std::find_if(before.indexes.begin(), before.indexes.end(), [&](const ir::Index& o) {
        return o.name == i.name && o.columns == i.columns && o.unique == i.unique;
      });
      if (same == before.indexes.end()) {
        plan.up.push_back(create_index(after, i));
        plan.changes.push_back("create index " + i.name + " on " + after.name);
      }
    }
  }

  void rebuild_table(const ir::Table& before, const ir::Table& after, const std::vector<std::string>& reasons) {
    plan.needs_foreign_keys_off = true;
    std::string summary = "rebuild table " + after.name + " (";
    for (std::size_t i = 0; i < reasons.size(); ++i) summary += (i ? "; " : "") + reasons[i];
    plan.changes.push_back(summary + ')');

    ir::Table fresh = after;
    fresh.name = "dorm_new_" + after.name;
    std::vector<std::string> create = create_exact(fresh);
    std::string columns;
    std::string values;
    for (const ir::Column& c : after.columns) {
      const ir::Column* old = before.find_column(c.name);
      std::string value;
      const bool has_default = c.default_value && c.default_value->kind != ir::DefaultValue::Kind::null;
      if (old != nullptr) {
        value = q(c.name);
        // Not to NUMERIC: CAST takes a number's prefix ('2024-01-31' -> 2024), where the column's
        // affinity converts only text that is a whole number.
        if (old->storage != c.storage && c.storage != ir::Storage::numeric)
          value = "CAST(" + value + " AS " + ir::storage_keyword(c.storage) + ')';
        if (!c.nullable && old->nullable) {
          value = "COALESCE(" + value + ", " +
                  (has_default ? emit::default_sql(*c.default_value) : zero_value(c.storage)) + ')';
        }
      } else if (!c.nullable && !has_default) {
        value = zero_value(c.storage);  // declared destructive above: rows get a zero value
      } else {
        continue;  // the column's default fills it
      }
      columns += (columns.empty() ? "" : ", ") + q(c.name);
      values += (values.empty() ? "" : ", ") + value;
    }
    // Deferred: the copy may pass through states a foreign key forbids; checked at COMMIT.
    plan.up.push_back("PRAGMA defer_foreign_keys = ON");
    plan.up.push_back(create.front());
    plan.up.push_back("INSERT INTO " + q(fresh.name) + " (" + columns + ") SELECT " + values + " FROM " +
                      q(after.name));
    plan.up.push_back("DROP TABLE " + q(after.name));
    plan.up.push_back("ALTER TABLE " + q(fresh.name) + " RENAME TO " + q(after.name));
    for (const ir::Index& i : after.indexes) plan.up.push_back(create_index(after, i));
  }
};

}  // namespace

MigrationPlan plan_migration(const ir::Schema& from, const ir::Schema& to) {
  const Renames renames = renames_declared_in(from, to);
  Planner up;
  up.run(from, to, renames);
  Planner down;
  down.run(to, from, inverse(renames));
  MigrationPlan plan = std::move(up.plan);
  plan.down = std::move(down.plan.up);
  return plan;
}

}  // namespace dorm::migrate
