#include "ir/validate.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "ir/cpp_name_rules.hpp"
#include "ir/inferred_relations_check.hpp"
#include "ir/factory_rules.hpp"
#include "ir/names.hpp"
#include "ir/relations.hpp"
#include "ir/sql_name_rules.hpp"
#include "ir/storage_rules.hpp"
#include "ir/value_rules.hpp"

namespace dorm::ir {
namespace {

std::string storage_name(Storage s) {
  switch (s) {
    case Storage::integer:
      return "INTEGER";
    case Storage::real:
      return "REAL";
    case Storage::text:
      return "TEXT";
    case Storage::blob:
      return "BLOB";
    case Storage::numeric:
      return "NUMERIC";
  }
  return "TEXT";
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

std::vector<std::string> column_names(const Table& t) {
  std::vector<std::string> out;
  for (const Column& c : t.columns) out.push_back(c.name);
  return out;
}

void suggest(Diagnostics& diags, const SourceLocation& loc, std::string_view word,
             const std::vector<std::string>& names) {
  if (auto best = did_you_mean(word, names)) diags.note(loc, "did you mean '" + *best + "'?");
}

/// An in-memory database that lets SQLite itself judge and evaluate default expressions. Opened
/// on first use, so schemas without SQL defaults never open one.
class ScratchDb {
 public:
  /// SQLite's error for `expr` as a column default, or "" when SQLite accepts it. The expression
  /// must stay one default: a table with exactly one column, so `1), y DEFAULT (2` is rejected.
  std::string default_error(const std::string& expr) {
    sqlite3* db = get();
    if (db == nullptr) return "";  // cannot check; the migration will report it instead
    const std::string sql = "CREATE TEMP TABLE t(x DEFAULT (" + expr + "))";
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, &tail) != SQLITE_OK) {
      return sqlite3_errmsg(db);
    }
    const int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return sqlite3_errmsg(db);
    int columns = 0;
    sqlite3_stmt* info = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info('t')", -1, &info, nullptr) == SQLITE_OK &&
        sqlite3_step(info) == SQLITE_ROW) {
      columns = sqlite3_column_int(info, 0);
    }
    sqlite3_finalize(info);
    sqlite3_exec(db, "DROP TABLE temp.t", nullptr, nullptr, nullptr);
    if (tail != nullptr && std::string_view(tail).find_first_not_of(" \t\r\n") != std::string_view::npos) {
      return "the expression must not end the statement";
    }
    if (columns != 1) return "the expression must be a single expression";
    return "";
  }

  /// SQLite's error when it computes `expr` as the default of an inserted row, or "": CREATE
  /// TABLE accepts `abs(-9223372036854775808)` or an unknown function, and only each INSERT
  /// that relies on the default would fail. Computed once here so dorm-gen reports it instead.
  /// Extension loading stays off here, as in every dorm connection, so load_extension() is
  /// refused ("not authorized") and never runs; random() or CURRENT_TIMESTAMP compute fine.
  std::string evaluation_error(const std::string& expr) {
    sqlite3* db = get();
    if (db == nullptr) return "";
    const std::string create = "CREATE TEMP TABLE d(x DEFAULT (" + expr + "))";
    if (sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return sqlite3_errmsg(db);
    std::string message;
    if (sqlite3_exec(db, "INSERT INTO temp.d DEFAULT VALUES", nullptr, nullptr, nullptr) != SQLITE_OK) {
      message = sqlite3_errmsg(db);
    }
    sqlite3_exec(db, "DROP TABLE temp.d", nullptr, nullptr, nullptr);
    return message;
  }

  /// The value of a valid constant expression as text, or nullopt for NULL (or when it cannot
  /// be evaluated).
  std::optional<std::string> evaluate(const std::string& expr) {
    sqlite3* db = get();
    if (db == nullptr) return std::nullopt;
    const std::string sql = "SELECT (" + expr + ")";
    sqlite3_stmt* stmt = nullptr;
    std::optional<std::string> out;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      out = std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };

  sqlite3* get() {
    if (!db_ && !failed_) {
      sqlite3* raw = nullptr;
      if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK) {
        db_.reset(raw);
      } else {
        sqlite3_close(raw);
        failed_ = true;
      }
    }
    return db_.get();
  }

  std::unique_ptr<sqlite3, Closer> db_;
  bool failed_ = false;
};

/// `loc` when the front end knew where the keyword is, else the column's own location.
const SourceLocation& at(const SourceLocation& loc, const Column& c) { return loc.line != 0 ? loc : c.loc; }

bool is_string_column(const Column& c) { return c.cpp_type == CppType::string && !c.is_json; }
bool is_number_column(const Column& c) { return c.cpp_type == CppType::int64 || c.cpp_type == CppType::float64; }

/// One side of a column's numeric range: the stricter of `minimum` and `exclusiveMinimum` (or of
/// the two maximums).
struct Bound {
  double value = 0;
  bool exclusive = false;
  const char* keyword = "";
  SourceLocation loc;
};

std::optional<Bound> lower_bound(const Column& c) {
  const Checks& k = c.checks;
  std::optional<Bound> out;
  if (k.minimum) out = Bound{*k.minimum, false, "minimum", at(c.check_locs.minimum, c)};
  if (k.exclusive_minimum && (!out || *k.exclusive_minimum >= out->value)) {
    out = Bound{*k.exclusive_minimum, true, "exclusiveMinimum", at(c.check_locs.exclusive_minimum, c)};
  }
  return out;
}

std::optional<Bound> upper_bound(const Column& c) {
  const Checks& k = c.checks;
  std::optional<Bound> out;
  if (k.maximum) out = Bound{*k.maximum, false, "maximum", at(c.check_locs.maximum, c)};
  if (k.exclusive_maximum && (!out || *k.exclusive_maximum <= out->value)) {
    out = Bound{*k.exclusive_maximum, true, "exclusiveMaximum", at(c.check_locs.exclusive_maximum, c)};
  }
  return out;
}

/// True when no value lies between the bounds; an integer column needs an integer between them.
bool leaves_no_value(const Bound& lo, const Bound& hi, bool integer) {
  if (integer) {
    const double first = lo.exclusive ? std::floor(lo.value) + 1 : std::ceil(lo.value);
    const double last = hi.exclusive ? std::ceil(hi.value) - 1 : std::floor(hi.value);
    return first > last;
  }
  return lo.value > hi.value || (lo.value == hi.value && (lo.exclusive || hi.exclusive));
}

/// A literal default as the JSON value validate() would see in the member.
nlohmann::json default_as_json(const Column& c, const DefaultValue& d) {
  using Kind = DefaultValue::Kind;
  if (d.kind == Kind::text) return d.value;
  if (d.kind == Kind::boolean || c.cpp_type == CppType::boolean) return d.value == "1";
  if (d.kind == Kind::null) return nullptr;
  return nlohmann::json::parse(d.value, nullptr, false);
}

class Validator {
 public:
  Validator(const Schema& schema, Diagnostics& diags) : schema_(schema), diags_(diags) {}

  void run() {
    check_table_names();
    check_index_names();
    check_cpp_type_names();
    check_enum_class_names();
    for (const Table& t : schema_.tables) check_table(t);
    check_inferred_relations(schema_, diags_);
  }

 private:
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
        if (const Table* other = find_table_folded(ix.name)) {
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

  const Table* find_table_folded(std::string_view name) const {
    for (const Table& t : schema_.tables) {
      if (sql_name_key(t.name) == sql_name_key(name)) return &t;
    }
    return nullptr;
  }

  void check_table(const Table& t) {
    if (t.columns.empty()) {
      diags_.error(t.loc, "dorm-empty-table", "table " + in_quotes(t.name) + " has no columns");
      return;
    }
    check_columns(t);
    check_primary_key(t);
    for (const Index& u : t.uniques) check_index_columns(t, u, "unique constraint");
    for (const Index& ix : t.indexes) check_index_columns(t, ix, "index " + in_quotes(ix.name));
    for (const Column& c : t.columns) {
      check_auto_increment(t, c);
      if (c.references) check_reference(c);
      check_checks(c);
      if (c.default_value) check_default(c, *c.default_value);
      check_storage(c, diags_);
      if (c.role != ColumnRole::data) check_trait_column(t, c);
    }
    check_relations(t);
    if (!t.traits.tenant_column.empty()) check_tenant_column(t);
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
                     storage_name(a->storage) + ") to " + in_quotes(b_table.name + "." + b->name) + " (" +
                     storage_name(b->storage) + "); the values can never match");
  }

  void check_relation_keys(const Table& t, const Relation& r) {
    const Table* target = find_table_folded(r.target);
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
    const Table* pivot = find_table_folded(r.pivot);
    if (pivot == nullptr) return;
    const Column* pfk = relation_key(t, r, r.pivot_foreign_key, *pivot, "pivot foreign key", "pivotForeignKey",
                                     "pivot table");
    const Column* prk = relation_key(t, r, r.pivot_related_key, *pivot, "pivot related key", "pivotRelatedKey",
                                     "pivot table");
    check_key_types(t, r, *pivot, pfk, t, lk);
    check_key_types(t, r, *pivot, prk, target, rk);
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
    const Table* target = find_table_folded(fk.table);
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
                     "column " + in_quotes(c.name) + " (" + storage_name(c.storage) + ") references " +
                         in_quotes(target->name + "." + parent->name) + " (" + storage_name(parent->storage) +
                         "); values will never match");
    }
    if (fk.on_delete == "SET NULL" && !c.nullable) {
      diags_.error(fk.loc, "dorm-bad-reference-action",
                   "'onDelete: SET NULL' on NOT NULL column " + in_quotes(c.name) + " fails every delete");
    }
  }

  void check_checks(const Column& c) {
    const Checks& k = c.checks;
    const CheckLocations& where = c.check_locs;
    const bool is_string = is_string_column(c);
    const bool is_number = is_number_column(c);
    if ((k.min_length || k.max_length) && !is_string) {
      diags_.error(at(k.min_length ? where.min_length : where.max_length, c), "dorm-check-type",
                   "minLength/maxLength apply to strings, but " + in_quotes(c.name) + " is not one");
    }
    if ((k.minimum || k.maximum) && !is_number) {
      diags_.error(at(k.minimum ? where.minimum : where.maximum, c), "dorm-check-type",
                   "minimum/maximum apply to numbers, but " + in_quotes(c.name) + " is not one");
    }
    if ((k.exclusive_minimum || k.exclusive_maximum) && !is_number) {
      diags_.error(at(k.exclusive_minimum ? where.exclusive_minimum : where.exclusive_maximum, c), "dorm-check-type",
                   "exclusiveMinimum/exclusiveMaximum apply to numbers, but " + in_quotes(c.name) + " is not one");
    }
    if (k.pattern && !is_string) {
      diags_.error(at(where.pattern, c), "dorm-check-type",
                   "pattern applies to strings, but " + in_quotes(c.name) + " is not one");
    }
    if (k.min_length && k.max_length && *k.min_length > *k.max_length) {
      diags_.error(at(where.max_length, c), "dorm-check-range",
                   "minLength of " + in_quotes(c.name) + " is greater than its maxLength");
    }
    if (is_number) check_bounds(c);
    if (k.pattern) {
      // Compiled as the runtime compiles it, so a pattern accepted here never fails at run time.
      if (const std::string message = pattern_error(*k.pattern); !message.empty()) {
        diags_.error(at(where.pattern, c), "dorm-bad-pattern",
                     "pattern of " + in_quotes(c.name) + " is not a valid regular expression: " + message);
      }
    }
    for (const std::string& value : k.enum_values) {
      const auto v = nlohmann::json::parse(value, nullptr, false);
      if (!fits_type(c, v)) {
        diags_.error(at(where.enum_values, c), "dorm-enum-type",
                     "enum value " + value + " does not fit column " + in_quotes(c.name));
        continue;
      }
      // A value no row can hold is dead, and factories that pick it make invalid rows.
      for (const BrokenRule& rule : broken_rules(c, v)) {
        diags_.warning(at(where.enum_values, c), "dorm-enum-breaks-rule",
                       "enum value " + value + " of " + in_quotes(c.name) + " breaks " + rule.keyword + ": it " +
                           rule.reason);
      }
    }
    check_enum_class(c);
    check_examples(c);
  }

  /// True when JSON `v` can be a value of column `c` (null only when it is nullable).
  static bool fits_type(const Column& c, const nlohmann::json& v) {
    if (v.is_null()) return c.nullable;
    if (c.is_json) return true;
    switch (c.cpp_type) {
      case CppType::int64:
        return v.is_number_integer();
      case CppType::float64:
        return v.is_number();
      case CppType::boolean:
        return v.is_boolean();
      case CppType::string:
        return v.is_string();
      case CppType::bytes:
        return false;
    }
    return false;
  }

  /// Bounds that leave no value: minimum 5 with maximum 1, exclusiveMinimum 5 with maximum 5, or
  /// on an integer column exclusiveMinimum 1 with exclusiveMaximum 2.
  void check_bounds(const Column& c) {
    const std::optional<Bound> lo = lower_bound(c);
    const std::optional<Bound> hi = upper_bound(c);
    if (!lo || !hi) return;
    const bool integer = c.cpp_type == CppType::int64;
    if (!leaves_no_value(*lo, *hi, integer)) return;
    diags_.error(hi->loc, "dorm-check-range",
                 std::string(lo->keyword) + " " + number_text(lo->value) + " and " + hi->keyword + " " +
                     number_text(hi->value) + " of " + in_quotes(c.name) + " leave no " +
                     (integer ? "integer" : "value") + " between them");
  }

  /// `x-dorm-enum-class` needs a string column with an `enum` of strings, a name C++ accepts and
  /// values that give distinct enumerators.
  void check_enum_class(const Column& c) {
    if (!c.wants_enum_class) return;
    const SourceLocation& loc = at(c.check_locs.enum_class, c);
    const std::string what = "'x-dorm-enum-class' on " + in_quotes(c.name);
    if (!is_string_column(c)) {
      diags_.error(loc, "dorm-enum-class-type",
                   what + " needs a string column with an \"enum\", but it is not a string");
      return;
    }
    if (c.checks.enum_values.empty()) {
      diags_.error(loc, "dorm-enum-class-type", what + " needs an \"enum\" listing the values");
      return;
    }
    std::vector<std::string> values;  // the enum's strings, parallel to cpp_enumerators
    for (const std::string& value : c.checks.enum_values) {
      const auto v = nlohmann::json::parse(value, nullptr, false);
      if (v.is_null()) continue;  // a nullable column's empty optional
      if (!v.is_string()) {
        diags_.error(loc, "dorm-enum-class-type", what + " needs an \"enum\" of strings, not " + value);
        return;
      }
      values.push_back(value);
    }
    if (!is_cpp_identifier(c.enum_class)) {
      diags_.error(loc, "dorm-bad-identifier",
                   "enum class name " + in_quotes(c.enum_class) + " of column " + in_quotes(c.name) +
                       " is not a C++ identifier (letters, digits and '_', not a keyword or reserved)");
    }
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < c.cpp_enumerators.size() && i < values.size(); ++i) {
      if (auto [it, inserted] = seen.emplace(c.cpp_enumerators[i], i); !inserted) {
        diags_.error(at(c.check_locs.enum_values, c), "dorm-enumerator-clash",
                     "enum values " + values[it->second] + " and " + values[i] + " of " +
                         in_quotes(c.name) + " both become C++ enumerator " + in_quotes(c.cpp_enumerators[i]) +
                         " of " + in_quotes(c.enum_class));
      }
    }
  }

  /// `examples` are documentation and factory input: one that breaks the column's rules would
  /// make factories produce rows validate() rejects, so it is worth a warning.
  void check_examples(const Column& c) {
    for (std::size_t i = 0; i < c.examples.size(); ++i) {
      const SourceLocation& loc = i < c.check_locs.examples.size() ? at(c.check_locs.examples[i], c) : c.loc;
      const auto v = nlohmann::json::parse(c.examples[i], nullptr, false);
      if (!fits_type(c, v)) {
        diags_.warning(loc, "dorm-example-breaks-rule",
                       "example " + c.examples[i] + " of " + in_quotes(c.name) + " does not fit its " +
                           storage_name(c.storage) + (v.is_null() ? " NOT NULL" : "") + " type");
        continue;
      }
      for (const BrokenRule& rule : broken_rules(c, v)) {
        diags_.warning(loc, "dorm-example-breaks-rule",
                       "example " + c.examples[i] + " of " + in_quotes(c.name) + " breaks " + rule.keyword +
                           ": it " + rule.reason);
      }
    }
  }

  void bad_default(const Column& c, const DefaultValue& d, std::string_view why) {
    diags_.error(d.loc, "dorm-default-type", "default of " + in_quotes(c.name) + " " + std::string(why));
  }

  void check_default(const Column& c, const DefaultValue& d) {
    using Kind = DefaultValue::Kind;
    switch (d.kind) {
      case Kind::sql_expression:
        if (std::string message = scratch_.default_error(d.value); !message.empty()) {
          diags_.error(
              d.loc, "dorm-bad-default-sql",
              "'x-dorm-default-sql' of " + in_quotes(c.name) + " is not a constant SQL expression: " + message);
        } else if (std::string failure = scratch_.evaluation_error(d.value); !failure.empty()) {
          diags_.error(d.loc, "dorm-default-sql-fails",
                       "'x-dorm-default-sql' of " + in_quotes(c.name) + " (" + d.value +
                           ") fails whenever SQLite computes it, so every insert relying on it would: " + failure);
        } else {
          check_default_sql_format(c, d);
        }
        return;
      case Kind::null:
        if (!c.nullable) bad_default(c, d, "is null, but the column is NOT NULL");
        return;
      case Kind::integer:
      case Kind::real:
      case Kind::boolean:
      case Kind::text:
        break;
    }
    bool ok = false;
    switch (c.cpp_type) {
      case CppType::int64:
        ok = d.kind == Kind::integer;
        break;
      case CppType::float64:
        ok = d.kind == Kind::integer || d.kind == Kind::real;
        break;
      case CppType::boolean:
        ok = d.kind == Kind::boolean || (d.kind == Kind::integer && (d.value == "0" || d.value == "1"));
        break;
      case CppType::string:
        ok = d.kind == Kind::text;
        break;
      case CppType::bytes:
        ok = false;
        break;
    }
    if (!ok) {
      const std::string shown = d.kind == Kind::text ? nlohmann::json(d.value).dump() : d.value;
      bad_default(c, d, "(" + shown + ") does not fit its " + storage_name(c.storage) + " type");
      return;
    }
    if (c.is_json) return;
    const nlohmann::json value = default_as_json(c, d);
    if (!c.checks.enum_values.empty() && !is_enum_member(value, c.checks.enum_values)) {
      diags_.error(d.loc, "dorm-default-not-in-enum",
                   "default " + value.dump() + " of " + in_quotes(c.name) + " is not one of its enum values");
    }
    // Every other rule: a default that validate() rejects would fail every insert that keeps it.
    for (const BrokenRule& rule : broken_rules(c, value)) {
      if (rule.keyword == "enum") continue;  // reported above, under its own code
      diags_.error(d.loc, "dorm-default-breaks-rule",
                   "default " + value.dump() + " of " + in_quotes(c.name) + " breaks " + rule.keyword + ": it " +
                       rule.reason);
    }
  }

  /// An SQL default of a column with a checked format must compute values of that format:
  /// CURRENT_TIMESTAMP gives "2026-01-31 12:00:00", which has no UTC offset, so its rows would fail
  /// the column's CHECK and validate() on their next update.
  void check_default_sql_format(const Column& c, const DefaultValue& d) {
    if (checked_format(c).empty()) return;
    const std::optional<std::string> value = scratch_.evaluate(d.value);
    if (!value || matches_format(*value, c.format)) return;
    diags_.error(d.loc, "dorm-default-format",
                 "'x-dorm-default-sql' of " + in_quotes(c.name) + " (" + d.value + ") computes values that are not a " +
                     c.format +
                     (c.format == "date-time" ? " (RFC 3339 needs a 'T' and a UTC offset such as 'Z')" : ""));
    if (c.format == "date-time") {
      diags_.note(d.loc,
                  "write \"x-dorm-default-sql\": \"strftime('%Y-%m-%dT%H:%M:%fZ', 'now')\", or let the table keyword "
                  "\"x-dorm-timestamps\": true keep created_at and updated_at");
    } else if (c.format == "date") {
      diags_.note(d.loc, "write \"x-dorm-default-sql\": \"date('now')\"");
    }
  }

  const Schema& schema_;
  Diagnostics& diags_;
  ScratchDb scratch_;
};

}  // namespace

void validate(const Schema& schema, Diagnostics& diags) {
  Validator(schema, diags).run();
  check_sql_names(schema, diags);
  check_cpp_names(schema, diags);
  check_factory_values(schema, diags);
}

}  // namespace dorm::ir
