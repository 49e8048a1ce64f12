#pragma once
// The Clang front end: C++ headers whose structs carry dorm's annotations -> the same IR the JSON
// front end fills. No Clang type appears here, so dorm-gen's main() needs no LLVM headers.
//
// Annotation grammar (the macros of <dorm/annotations.hpp>; each is
// [[clang::annotate("dorm.<kind>", args...)]] under Clang and nothing elsewhere):
//
//   table      := class-key table-annotation+ name '{' member* '}'
//   table-annotation :=
//       DORM_TABLE("sql_name")                       required; makes the struct a table
//     | DORM_COMPOSITE_KEY("col", "col", ...)        the primary key over several columns
//     | DORM_UNIQUE_TOGETHER("col", "col", ...)      UNIQUE (col, col) constraint
//     | DORM_INDEX_ON("col", ..., ["name=idx"])      CREATE INDEX
//     | DORM_UNIQUE_INDEX_ON("col", ..., ["name=idx"])
//   member     := field-annotation* type name [= init] ';'     a column (every data member)
//               | relation ';'
//   field-annotation :=
//       DORM_PRIMARY_KEY | DORM_AUTO_INCREMENT | DORM_UNIQUE | DORM_INDEX | DORM_INDEX_NAMED("idx")
//     | DORM_DEFAULT(literal) | DORM_DEFAULT_SQL("expr") | DORM_COLUMN("sql_name") | DORM_IGNORE
//     | DORM_NOT_NULL | DORM_REFERENCES("table", "col", ["on_delete=ACTION"], ["on_update=ACTION"])
//     | DORM_CHECK(["min_length=N"], ["max_length=N"], ["minimum=X"], ["maximum=X"], ["pattern=RE"])
//   relation   := DORM_BELONGS_TO | DORM_HAS_ONE | DORM_HAS_MANY | DORM_MANY_TO_MANY
//                 '(' name ',' TargetStruct [, "key=column"]* ')'
//                 keys: foreign_key, local_key; many_to_many: pivot, pivot_foreign_key,
//                 pivot_related_key, related_key
//   enum       := enum-key [DORM_AS_TEXT] name ...      DORM_AS_TEXT: stored by enumerator name
//
// Column names are the member names unless DORM_COLUMN renames them; "col" arguments are SQL
// column names. Field types map through their declarations (never their spelling):
// std::optional<T> is nullable, std::string is TEXT, any integer type INTEGER, float/double REAL,
// bool INTEGER 0/1, std::vector<std::byte> BLOB, an enum INTEGER (or TEXT, DORM_AS_TEXT),
// std::chrono::time_point<system_clock, D> TEXT "YYYY-MM-DD HH:MM:SS". Anything else is an error
// at the field. Only structs defined in the scanned headers are tables.
//
// Shape (clang-doc's): annotated_reader.cpp is the action factory and the run; annotation.cpp
// reads one annotation and knows the grammar's words; type_mapping.cpp maps field types;
// struct_mapper.cpp has one visitor per annotation kind (table, field, relation) filling the IR
// without judging it: schema rules stay in ir::validate. Mistakes in annotations are reported
// through Clang's DiagnosticsEngine, so they print as `file:line:col: error:` with a caret.
#include <cstddef>
#include <string>
#include <vector>

#include "ir/schema.hpp"

namespace dorm::frontend::annotated {

struct ScanOptions {
  std::vector<std::string> headers;       ///< as given; each distinct file is read once
  std::string compile_commands_dir;       ///< `-p`: a directory with compile_commands.json, or ""
  std::vector<std::string> compiler_args; ///< after `--`: -I, -D, -std, ... (added after -p's flags)
};

struct ScanResult {
  std::size_t error_count = 0;     ///< every error printed, Clang's own and the annotations'
  bool compile_errors = false;     ///< the headers do not compile: the IR is incomplete
  std::vector<std::string> dependencies;  ///< every non-system file the scan read, for a depfile
};

/// Parses `options.headers` as one translation unit (function bodies skipped) and appends a
/// table for every DORM_TABLE struct defined in them to `out`. Errors are printed to stderr as
/// they are found, with Clang's caret display.
ScanResult read_headers(const ScanOptions& options, ir::Schema& out);

}  // namespace dorm::frontend::annotated
