#pragma once
// The schema model every front end fills and every emitter reads. Plain values, no behaviour
// beyond lookups: rules about schemas live in ir/validate, names in ir/names.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/source_location.hpp"

namespace dorm::ir {

/// The type affinity a column is declared with, which decides what SQLite stores
/// (https://sqlite.org/datatype3.html): the DDL declares it as INTEGER, REAL, TEXT, BLOB or
/// NUMERIC. NUMERIC is what legacy types such as DATETIME, BOOLEAN and DECIMAL(10,2) have: text
/// that reads as a number is stored as that number (`x-dorm-affinity`, introspection).
enum class Storage { integer, real, text, blob, numeric };

/// The C++ value type of a column (before std::optional for nullable columns).
enum class CppType { int64, float64, boolean, string, bytes };

/// A column default: a literal of some kind, or a constant SQL expression such as CURRENT_TIMESTAMP.
struct DefaultValue {
  enum class Kind { null, integer, real, boolean, text, sql_expression };
  Kind kind = Kind::null;
  /// integer/real: the number as written; boolean: "1" or "0"; text: the unescaped string
  /// (JSON text for object/array defaults); sql_expression: the SQL as written.
  std::string value;
  SourceLocation loc;
};

/// Constraints from JSON Schema validation keywords, kept for CHECK constraints and validate().
struct Checks {
  std::optional<std::int64_t> min_length;
  std::optional<std::int64_t> max_length;
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::optional<double> exclusive_minimum;  ///< JSON Schema draft 6+: a number (value > it)
  std::optional<double> exclusive_maximum;  ///< value < it
  std::vector<std::string> enum_values;  ///< JSON text of each allowed value, in schema order
  std::optional<std::string> pattern;
};

/// Where a column's validation keywords are written, so diagnostics point at the keyword rather
/// than the property. Line 0 (unknown) when a front end has no position for one.
struct CheckLocations {
  SourceLocation min_length;
  SourceLocation max_length;
  SourceLocation minimum;
  SourceLocation maximum;
  SourceLocation exclusive_minimum;
  SourceLocation exclusive_maximum;
  SourceLocation enum_values;
  SourceLocation pattern;
  SourceLocation format;
  SourceLocation enum_class;
  SourceLocation affinity;  ///< `x-dorm-affinity`; line 0 when the type's default affinity is used
  std::vector<SourceLocation> examples;  ///< parallel to Column::examples
};

/// `x-dorm-references`: a foreign key from one column to a column of another table.
struct ForeignKey {
  std::string table;
  std::string column;
  std::string on_delete;  ///< "" or one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION
  std::string on_update;
  SourceLocation loc;
};

/// Why a column exists: declared in the schema, or added by a table trait (ir/traits).
enum class ColumnRole { data, created_at, updated_at, deleted_at };

struct Column {
  std::string name;      ///< SQL name, as written in the schema
  std::string cpp_name;  ///< C++ member name (ir::assign_names fills it when empty)
  SourceLocation cpp_name_loc;  ///< the `x-dorm-cpp-name` keyword; line 0 when the schema does not set it
  Storage storage = Storage::text;
  CppType cpp_type = CppType::string;
  std::string format;  ///< JSON Schema format (date-time, date, uuid, email, ...) or ""
  /// Annotated structs: the member is a std::chrono::system_clock time point. `format` says
  /// "date-time", but the runtime stores SQLite's datetime text ("YYYY-MM-DD HH:MM:SS[.fff]",
  /// UTC), so RFC 3339's rules (and their CHECK) do not apply: the C++ type is the rule.
  bool time_point = false;
  bool is_json = false;  ///< object/array property stored as JSON text
  /// is_json: "object" or "array", the top-level JSON type validate() and the CHECK require;
  /// "" accepts any JSON text (snapshots written before dorm checked JSON).
  std::string json_type;
  bool nullable = true;
  bool auto_increment = false;
  std::optional<DefaultValue> default_value;
  Checks checks;
  std::optional<ForeignKey> references;
  std::string description;
  /// Annotated structs: the C++ enum the member holds, e.g. "::blog::Status". Stored as its
  /// value (INTEGER) or, for an enum declared DORM_AS_TEXT, as its enumerator's name (TEXT).
  std::string cpp_enum;
  /// DORM_AS_TEXT enums: the enumerators, in order. `x-dorm-enum-class` columns: one C++
  /// identifier per `enum` value but null, in the same order (ir::assign_names: "read-only" ->
  /// read_only).
  std::vector<std::string> cpp_enumerators;
  /// `x-dorm-renamed-from`: the column's previous name, so a migration renames instead of
  /// dropping and adding (which would lose the data). "" when it was not renamed.
  std::string renamed_from;
  /// `x-dorm-enum-class`: a string `enum` becomes a C++ enum class of this name (in the schema's
  /// namespace), stored as the enum's text. "" for a plain std::string column.
  std::string enum_class;
  /// `x-dorm-enum-class` is set: `true` (enum_class stays "" until ir::assign_names names it
  /// struct + PascalCase column) or a name (already in enum_class).
  bool wants_enum_class = false;
  /// `x-dorm-cpp-type`: the member is this user C++ type ("acme::Money"), stored as the column's
  /// storage through its dorm::type_mapping specialization (dorm/core/type_mapping.hpp). "" for
  /// none. Annotated structs: the member's class type, found with its type_mapping.
  std::string cpp_custom_type;
  SourceLocation cpp_custom_type_loc;  ///< the keyword; line 0 when not set
  /// `x-dorm-cpp-include`: the header declaring cpp_custom_type and its type_mapping, included by
  /// the generated header ("acme/money.hpp"). "" for none.
  std::string cpp_include;
  SourceLocation cpp_include_loc;  ///< the keyword; line 0 when not set
  /// JSON Schema `examples` as JSON text, in order; factories use the first for patterned strings.
  std::vector<std::string> examples;
  ColumnRole role = ColumnRole::data;
  /// `x-dorm-version` / DORM_VERSION: the optimistic lock's version, checked and incremented by
  /// every update(row) (an integer, NOT NULL, not a key; one per table).
  bool version = false;
  SourceLocation version_loc;  ///< the keyword; line 0 when the column is no version
  CheckLocations check_locs;
  SourceLocation loc;
};

/// An index or a UNIQUE constraint over one or more columns.
struct Index {
  std::string name;  ///< "" for an unnamed UNIQUE constraint
  std::vector<std::string> columns;
  bool unique = false;
  SourceLocation loc;
};

/// A named relation from one table to another. Keys are SQL column names:
/// - belongs_to: `foreign_key` is a column of this table referencing `local_key` of `target`
///   (posts.author_id -> users.id);
/// - has_one / has_many: `foreign_key` is a column of `target` referencing `local_key` of this
///   table (users.id <- posts.author_id);
/// - many_to_many: rows of `pivot` link this table's `local_key` (through
///   `pivot_foreign_key`) to the target's `related_key` (through `pivot_related_key`).
struct Relation {
  enum class Kind { has_one, has_many, belongs_to, many_to_many };
  Kind kind = Kind::has_many;
  std::string name;      ///< as written in the schema
  std::string cpp_name;  ///< C++ member name (ir::assign_names fills it when empty)
  std::string target;
  std::string foreign_key;
  std::string local_key;
  std::string pivot;              ///< many_to_many only
  std::string pivot_foreign_key;  ///< many_to_many only
  std::string pivot_related_key;  ///< many_to_many only
  std::string related_key;        ///< many_to_many only
  bool inferred = false;          ///< a belongs_to inferred from x-dorm-references
  /// One value of `cascade` as written ("persist", "remove"; ir::validate checks it) and where.
  struct CascadeValue {
    std::string name;
    SourceLocation loc;
  };
  /// `cascade`: what a unit of work does to the related rows when it persists or removes this
  /// table's row (docs/json-schema.md, Relations). Empty when not declared.
  std::vector<CascadeValue> cascade;
  bool orphan_removal = false;     ///< `orphanRemoval`: a child that leaves the loaded collection is removed
  SourceLocation orphan_removal_loc;  ///< the keyword; line 0 when not written
  SourceLocation loc;
};

/// Table-level behaviours: `x-dorm-timestamps` (created_at/updated_at columns the runtime
/// sets), `x-dorm-soft-delete` (a deleted_at column; remove() sets it), `x-dorm-tenant-column`
/// (a declared column every query of the table filters on while a dorm::TenantScope is active).
struct Traits {
  bool timestamps = false;
  bool soft_delete = false;
  SourceLocation timestamps_loc;
  SourceLocation soft_delete_loc;
  std::string tenant_column;  ///< SQL name of the tenant column; empty: the table is not tenant-scoped
  SourceLocation tenant_column_loc;
};

struct Table {
  std::string name;      ///< SQL name from $id or title
  std::string cpp_name;  ///< C++ struct name, e.g. "User" for table "users"
  SourceLocation cpp_name_loc;  ///< the `x-dorm-struct` keyword; line 0 when the schema does not set it
  std::string object_name;  ///< C++ name of the table object, e.g. "users"
  std::string description;
  std::vector<Column> columns;  ///< declaration order, kept everywhere
  std::vector<std::string> primary_key;  ///< one or several column names, in key order
  SourceLocation primary_key_loc;
  std::vector<Index> indexes;  ///< CREATE INDEX statements (unique or not)
  std::vector<Index> uniques;  ///< UNIQUE table constraints
  std::vector<Relation> relations;
  Traits traits;
  bool is_generated_pivot = false;  ///< synthesized for a many_to_many relation
  /// Annotated structs (the Clang front end): the user's header defining the struct, as the
  /// generated header includes it ("blog/users.hpp"), and the struct's qualified name
  /// ("::blog::User"). The generated code then extends that struct instead of defining one.
  std::string source_header;
  std::string cpp_qualified_name;
  /// `x-dorm-renamed-from`: the table's previous name, for ALTER TABLE ... RENAME TO in a migration.
  std::string renamed_from;
  SourceLocation loc;

  [[nodiscard]] const Column* find_column(std::string_view column_name) const;
  [[nodiscard]] bool is_primary_key(std::string_view column_name) const;
};

struct Schema {
  std::vector<Table> tables;  ///< sorted by name before emitting, so input order never matters
  std::vector<std::string> source_files;  ///< as given to dorm-gen, for the banner

  [[nodiscard]] const Table* find_table(std::string_view table_name) const;
};

}  // namespace dorm::ir
