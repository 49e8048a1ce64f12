#include "ir/table_rules.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "ir/names.hpp"
#include "ir/validate_common.hpp"

namespace dorm::ir {
namespace {

class TableRules {
 public:
  explicit TableRules(Diagnostics& diags) : diags_(diags) {}

  /// The table's own rules that come before its columns': columns, primary key, unique
  /// constraints and indexes. False for a table without columns (reported), whose other rules
  /// are skipped.
  bool check_table(const Table& t) {
    if (t.columns.empty()) {
      diags_.error(t.loc, "dorm-empty-table", "table " + in_quotes(t.name) + " has no columns");
      return false;
    }
    check_columns(t);
    check_primary_key(t);
    for (const Index& u : t.uniques) check_index_columns(t, u, "unique constraint");
    for (const Index& ix : t.indexes) check_index_columns(t, ix, "index " + in_quotes(ix.name));
    return true;
  }

  /// The runtime binds the active dorm::TenantScope's value (an integer or a string) to the
  /// tenant column in every query and forces it on insert: it must be a plain, required integer
  /// or string column with no default of its own.
  void check_tenant_column(const Table& t) {
    const std::string& name = t.traits.tenant_column;
    const Column* c = t.find_column(name);
    if (c == nullptr) {
      diags_.error(t.traits.tenant_column_loc, "dorm-tenant-column",
                   "x-dorm-tenant-column of table " + in_quotes(t.name) + " names " + in_quotes(name) +
                       ", which is not a column of the table; declare it as a required integer or string property");
      return;
    }
    const bool integer = c->cpp_type == CppType::int64 && c->storage == Storage::integer;
    const bool text = c->cpp_type == CppType::string && c->storage == Storage::text;
    std::string problem;
    if ((!integer && !text) || c->is_json || !c->cpp_enum.empty() || !c->enum_class.empty()) {
      problem = "an integer or string column";
    } else if (c->nullable) {
      problem = "required (NOT NULL): a row without a tenant would belong to no scope";
    } else if (c->default_value || c->auto_increment) {
      problem = "without a default: the tenant scope sets it on insert";
    } else if (c->role != ColumnRole::data) {
      problem = "a declared column, not one a timestamp or soft-delete trait adds";
    }
    if (!problem.empty()) {
      diags_.error(c->loc, "dorm-tenant-column",
                   "tenant column " + in_quotes(name) + " of table " + in_quotes(t.name) + " must be " + problem);
      diags_.note(t.traits.tenant_column_loc, "x-dorm-tenant-column names it here");
    }
    check_tenant_uniques(t);
  }

  /// SQLite enforces a UNIQUE constraint over the whole table, so one without the tenant column
  /// makes a value taken by one tenant unavailable to all others, and a failed insert tells a
  /// tenant that another holds it. Usually the value should be unique per tenant.
  void check_tenant_uniques(const Table& t) {
    const std::string& tenant = t.traits.tenant_column;
    auto warn = [&](const Index& ix, const std::string& what) {
      if (std::find(ix.columns.begin(), ix.columns.end(), tenant) != ix.columns.end()) return;
      std::string columns;
      for (const std::string& column : ix.columns) columns += (columns.empty() ? "" : ", ") + column;
      diags_.warning(ix.loc, "dorm-tenant-unique",
                     what + " (" + columns + ") of tenant table " + in_quotes(t.name) +
                         " does not include the tenant column " + in_quotes(tenant) +
                         ": a value one tenant holds is refused to every other, which tells them it is taken; "
                         "add " + in_quotes(tenant) + " to make it unique per tenant");
    };
    for (const Index& u : t.uniques) warn(u, "unique constraint");
    for (const Index& ix : t.indexes) {
      if (ix.unique) warn(ix, "unique index " + in_quotes(ix.name));
    }
  }

  /// A column the schema declares under a trait column's name must be what the trait would add:
  /// the runtime writes timestamp text into it.
  void check_trait_column(const Table& t, const Column& c) {
    const bool deleted_at = c.role == ColumnRole::deleted_at;
    const char* trait = deleted_at ? "x-dorm-soft-delete" : "x-dorm-timestamps";
    const bool sql_default = c.default_value && c.default_value->kind == DefaultValue::Kind::sql_expression;
    if (c.cpp_type != CppType::string || c.storage != Storage::text || c.is_json || c.nullable != deleted_at ||
        sql_default || !c.cpp_enum.empty() || !c.enum_class.empty()) {
      diags_.error(c.loc, "dorm-trait-column",
                   std::string(trait) + " of table " + in_quotes(t.name) + " writes timestamps into " +
                       in_quotes(c.name) + ", which must then be " +
                       (deleted_at ? "a nullable string" : "a required string") +
                       " without an SQL default; remove the property and let the trait add it");
    }
  }

  /// The runtime binds the loaded version and the next one (an integer each), and finds the row
  /// by its key, which must therefore not be what changes.
  void check_version_columns(const Table& t) {
    const Column* first = nullptr;
    for (const Column& c : t.columns) {
      if (!c.version) continue;
      if (first != nullptr) {
        diags_.error(c.version_loc, "dorm-bad-version-column",
                     "table " + in_quotes(t.name) + " has a second version column, " + in_quotes(c.name) +
                         "; an optimistic lock needs one");
        diags_.note(first->version_loc, "the first version column, " + in_quotes(first->name) + ", is declared here");
        continue;
      }
      first = &c;
      std::string problem;
      const bool sql_default = c.default_value && c.default_value->kind == DefaultValue::Kind::sql_expression;
      if (c.storage != Storage::integer || c.cpp_type != CppType::int64 || !c.cpp_enum.empty() || c.time_point) {
        problem = "an integer column";
      } else if (c.nullable || sql_default) {
        problem = "NOT NULL (required) and without an SQL default: update(row) compares it with the row's value";
      } else if (t.is_primary_key(c.name)) {
        problem = "a column other than the primary key: the key finds the row whose version is checked";
      } else if (c.role != ColumnRole::data || c.name == t.traits.tenant_column) {
        problem = "a column of its own, not a timestamp, soft-delete or tenant column";
      }
      if (!problem.empty()) {
        diags_.error(c.version_loc, "dorm-bad-version-column",
                     "version column " + in_quotes(c.name) + " of table " + in_quotes(t.name) + " must be " + problem);
      }
    }
  }

  void check_columns(const Table& t) {
    std::map<std::string, const Column*> names;
    std::map<std::string, const Column*> members;
    for (const Column& c : t.columns) {
      if (auto [it, inserted] = names.emplace(sql_name_key(c.name), &c); !inserted) {
        diags_.error(c.loc, "dorm-duplicate-column",
                     "column " + in_quotes(c.name) + " of table " + in_quotes(t.name) + " is defined twice");
        diags_.note(it->second->loc, "previous definition of " + in_quotes(it->second->name) + " is here");
        continue;
      }
      if (c.cpp_name.empty()) continue;
      if (auto [it, inserted] = members.emplace(c.cpp_name, &c); !inserted) {
        diags_.error(c.loc, "dorm-name-clash",
                     "columns " + in_quotes(it->second->name) + " and " + in_quotes(c.name) + " of table " +
                         in_quotes(t.name) + " both become C++ member " + in_quotes(c.cpp_name) +
                         "; set \"x-dorm-cpp-name\" on one");
        diags_.note(it->second->loc, "column " + in_quotes(it->second->name) + " is here");
      }
    }
    check_relation_members(t, members);
  }

  /// Relations become members of the table's struct next to the columns, so their C++ names
  /// must differ from the columns' and from each other.
  void check_relation_members(const Table& t, const std::map<std::string, const Column*>& columns) {
    std::map<std::string, const Relation*> members;
    for (const Relation& r : t.relations) {
      if (r.cpp_name.empty()) continue;
      if (auto col = columns.find(r.cpp_name); col != columns.end()) {
        // The same name is dorm-relation-name-clash; only differing names that meet in C++ land here.
        if (col->second->name == r.name) continue;
        diags_.error(r.loc, "dorm-name-clash",
                     "relation " + in_quotes(r.name) + " and column " + in_quotes(col->second->name) + " of table " +
                         in_quotes(t.name) + " both become C++ member " + in_quotes(r.cpp_name) +
                         "; rename the relation");
        diags_.note(col->second->loc, "column " + in_quotes(col->second->name) + " is here");
        continue;
      }
      if (auto [it, inserted] = members.emplace(r.cpp_name, &r); !inserted && it->second->name != r.name) {
        diags_.error(r.loc, "dorm-name-clash",
                     "relations " + in_quotes(it->second->name) + " and " + in_quotes(r.name) + " of table " +
                         in_quotes(t.name) + " both become C++ member " + in_quotes(r.cpp_name) + "; rename one");
        diags_.note(it->second->loc, "relation " + in_quotes(it->second->name) + " is here");
      }
    }
  }

  void unknown_column(const Table& t, const SourceLocation& loc, std::string_view what, const std::string& name) {
    diags_.error(loc, "dorm-unknown-column",
                 std::string(what) + " names column " + in_quotes(name) + ", which table " + in_quotes(t.name) +
                     " does not have");
    suggest(diags_, loc, name, column_names(t));
  }

  void check_primary_key(const Table& t) {
    if (t.primary_key.empty()) {
      diags_.error(t.loc, "dorm-missing-primary-key",
                   "table " + in_quotes(t.name) + " has no primary key; find, update and erase need one");
      diags_.note(t.loc, "mark a column with \"x-dorm-primary-key\": true");
      return;
    }
    for (const std::string& name : t.primary_key) {
      if (t.find_column(name) == nullptr) unknown_column(t, t.primary_key_loc, "the primary key", name);
    }
  }

  void check_index_columns(const Table& t, const Index& ix, const std::string& what) {
    if (ix.columns.empty()) diags_.error(ix.loc, "dorm-unknown-column", what + " has no columns");
    for (const std::string& name : ix.columns) {
      if (t.find_column(name) == nullptr) unknown_column(t, ix.loc, what, name);
    }
  }

  void check_auto_increment(const Table& t, const Column& c) {
    if (!c.auto_increment) return;
    if (t.primary_key.size() != 1 || t.primary_key.front() != c.name || c.storage != Storage::integer ||
        c.cpp_type != CppType::int64) {
      diags_.error(c.loc, "dorm-bad-auto-increment",
                   "'x-dorm-auto-increment' on " + in_quotes(c.name) +
                       " needs it to be the table's only primary key column, of type integer");
    }
  }

 private:
  Diagnostics& diags_;
};

}  // namespace

bool check_table(const Table& table, Diagnostics& diags) { return TableRules(diags).check_table(table); }

void check_auto_increment(const Table& table, const Column& column, Diagnostics& diags) {
  TableRules(diags).check_auto_increment(table, column);
}

void check_trait_column(const Table& table, const Column& column, Diagnostics& diags) {
  TableRules(diags).check_trait_column(table, column);
}

void check_tenant_column(const Table& table, Diagnostics& diags) { TableRules(diags).check_tenant_column(table); }

void check_version_columns(const Table& table, Diagnostics& diags) { TableRules(diags).check_version_columns(table); }

}  // namespace dorm::ir
