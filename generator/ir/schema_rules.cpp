#include "ir/schema_rules.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "ir/names.hpp"
#include "ir/validate_common.hpp"
#include "ir/value_rules.hpp"

namespace dorm::ir {
namespace {

class SchemaRules {
 public:
  SchemaRules(const Schema& schema, Diagnostics& diags) : schema_(schema), diags_(diags) {}

  void check_table_names() {
    std::map<std::string, const Table*> seen;
    for (const Table& t : schema_.tables) {
      if (sql_name_key(t.name).starts_with("sqlite_")) {
        diags_.error(t.loc, "dorm-reserved-name",
                     "table name " + in_quotes(t.name) + " is reserved: SQLite owns names starting with 'sqlite_'");
      }
      if (auto [it, inserted] = seen.emplace(sql_name_key(t.name), &t); !inserted) {
        diags_.error(t.loc, "dorm-duplicate-table", "table " + in_quotes(t.name) + " is defined twice");
        diags_.note(it->second->loc, "previous definition of " + in_quotes(it->second->name) + " is here");
      }
    }
  }

  /// SQLite keeps tables and indexes in one schema-wide namespace.
  void check_index_names() {
    std::map<std::string, const Index*> seen;
    for (const Table& t : schema_.tables) {
      for (const Index& ix : t.indexes) {
        if (const Table* other = find_table_folded(schema_, ix.name)) {
          diags_.error(ix.loc, "dorm-duplicate-index",
                       "index " + in_quotes(ix.name) + " has the name of table " + in_quotes(other->name));
          continue;
        }
        if (auto [it, inserted] = seen.emplace(sql_name_key(ix.name), &ix); !inserted) {
          diags_.error(ix.loc, "dorm-duplicate-index",
                       "index name " + in_quotes(ix.name) + " is used twice; SQLite index names are schema-wide");
          diags_.note(it->second->loc, "first index " + in_quotes(it->second->name) + " is here");
        }
      }
    }
  }

  /// Structs and table objects share the generated namespace.
  void check_cpp_type_names() {
    std::map<std::string, std::pair<const Table*, std::string>> seen;
    std::map<std::string, const Table*> tables;
    for (const Table& t : schema_.tables) {
      // Only a name the schema sets can land here: assign_names keeps the header's own names free.
      const auto& fixed = header_namespace_names();
      for (const std::string& name : {t.cpp_name, t.object_name}) {
        if (std::find(fixed.begin(), fixed.end(), name) != fixed.end()) {
          diags_.error(t.loc, "dorm-name-clash",
                       "C++ name " + in_quotes(name) + " of table " + in_quotes(t.name) +
                           " is a name the generated header declares itself; set \"x-dorm-struct\" to another name");
        }
      }
      // A table defined twice is already reported; its names would only repeat that.
      if (!tables.emplace(sql_name_key(t.name), &t).second) continue;
      const std::pair<std::string, std::string> names[] = {{t.cpp_name, "struct"}, {t.object_name, "table object"}};
      for (const auto& [name, kind] : names) {
        if (name.empty()) continue;
        if (auto [it, inserted] = seen.emplace(name, std::pair{&t, kind}); !inserted) {
          if (it->second.first == &t && kind == "table object") {
            diags_.error(t.loc, "dorm-name-clash",
                         "table " + in_quotes(t.name) + " gives the same C++ name " + in_quotes(name) +
                             " to its struct and its table object; set \"x-dorm-struct\"");
          } else if (it->second.first != &t) {
            diags_.error(t.loc, "dorm-name-clash",
                         "C++ " + kind + " name " + in_quotes(name) + " of table " + in_quotes(t.name) +
                             " clashes with the " + it->second.second + " of table " +
                             in_quotes(it->second.first->name));
            diags_.note(it->second.first->loc, "table " + in_quotes(it->second.first->name) + " is here");
          }
        }
      }
    }
  }

  /// `x-dorm-enum-class` enums live in the generated namespace beside the structs and table
  /// objects; their names must differ from those and from each other.
  void check_enum_class_names() {
    std::map<std::string, std::string> taken;  // C++ name -> what has it, for the message
    for (const Table& t : schema_.tables) {
      taken.emplace(t.cpp_name, "the struct of table " + in_quotes(t.name));
      taken.emplace(t.object_name, "the table object of table " + in_quotes(t.name));
    }
    std::map<std::string, const Column*> enums;
    for (const Table& t : schema_.tables) {
      for (const Column& c : t.columns) {
        if (c.enum_class.empty() || !c.wants_enum_class) continue;
        const SourceLocation& loc = at(c.check_locs.enum_class, c);
        const std::string label =
            "enum class " + in_quotes(c.enum_class) + " of column " + in_quotes(t.name + "." + c.name);
        if (auto it = taken.find(c.enum_class); it != taken.end()) {
          diags_.error(loc, "dorm-name-clash",
                       label + " has the C++ name of " + it->second +
                           "; name the enum with \"x-dorm-enum-class\": \"<Name>\"");
        } else if (auto [e, inserted] = enums.emplace(c.enum_class, &c); !inserted) {
          diags_.error(loc, "dorm-name-clash", label + " is declared twice; give one another name");
          diags_.note(at(e->second->check_locs.enum_class, *e->second),
                      "the other " + in_quotes(c.enum_class) + " is here");
        }
      }
    }
  }

  /// SQLite accepts a parent key only if it is the parent's primary key or has a UNIQUE index.
  static bool is_unique_key(const Table& t, const std::string& column) {
    if (t.primary_key.size() == 1 && sql_name_key(t.primary_key.front()) == sql_name_key(column)) return true;
    auto single = [&](const Index& ix) {
      return ix.unique && ix.columns.size() == 1 && sql_name_key(ix.columns.front()) == sql_name_key(column);
    };
    return std::any_of(t.uniques.begin(), t.uniques.end(), single) ||
           std::any_of(t.indexes.begin(), t.indexes.end(), single);
  }

  void check_reference(const Column& c) {
    const ForeignKey& fk = *c.references;
    const Table* target = find_table_folded(schema_, fk.table);
    if (target == nullptr) {
      diags_.error(fk.loc, "dorm-unknown-reference",
                   "column " + in_quotes(c.name) + " references unknown table " + in_quotes(fk.table));
      std::vector<std::string> tables;
      for (const Table& other : schema_.tables) tables.push_back(other.name);
      suggest(diags_, fk.loc, fk.table, tables);
      return;
    }
    const Column* parent = nullptr;
    for (const Column& pc : target->columns) {
      if (sql_name_key(pc.name) == sql_name_key(fk.column)) parent = &pc;
    }
    if (parent == nullptr) {
      diags_.error(fk.loc, "dorm-unknown-reference",
                   "column " + in_quotes(c.name) + " references unknown column " + in_quotes(fk.column) + " of table " +
                       in_quotes(target->name));
      suggest(diags_, fk.loc, fk.column, column_names(*target));
      return;
    }
    if (!is_unique_key(*target, parent->name)) {
      diags_.error(fk.loc, "dorm-reference-not-unique",
                   "column " + in_quotes(c.name) + " references " + in_quotes(target->name + "." + parent->name) +
                       ", which is neither the primary key nor unique; SQLite rejects such foreign keys");
    }
    if (parent->storage != c.storage || parent->cpp_type != c.cpp_type) {
      diags_.warning(fk.loc, "dorm-reference-type-mismatch",
                     "column " + in_quotes(c.name) + " (" + storage_keyword(c.storage) + ") references " +
                         in_quotes(target->name + "." + parent->name) + " (" + storage_keyword(parent->storage) +
                         "); values will never match");
    }
    if (fk.on_delete == "SET NULL" && !c.nullable) {
      diags_.error(fk.loc, "dorm-bad-reference-action",
                   "'onDelete: SET NULL' on NOT NULL column " + in_quotes(c.name) + " fails every delete");
    }
  }

 private:
  const Schema& schema_;
  Diagnostics& diags_;
};

}  // namespace

void check_schema_names(const Schema& schema, Diagnostics& diags) {
  SchemaRules rules(schema, diags);
  rules.check_table_names();
  rules.check_index_names();
  rules.check_cpp_type_names();
  rules.check_enum_class_names();
}

void check_reference(const Schema& schema, const Column& column, Diagnostics& diags) {
  SchemaRules(schema, diags).check_reference(column);
}

}  // namespace dorm::ir
