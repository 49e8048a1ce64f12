#pragma once
// The schema of a database as SQLite behaves, not as its CREATE text reads: one line per table,
// column, index and foreign key, built from the PRAGMAs. `dorm-gen check --database` compares
// a database with what the migrations build through it, and apply_migrations() uses it to
// adopt a database that has tables but no recorded migrations (docs/migrations.md).
//
// What counts is what SQLite compares (https://sqlite.org/datatype3.html):
// - a column's type is its affinity (`NVARCHAR(160)` and `TEXT` are both TEXT, `DATETIME` and
//   `NUMERIC(10,2)` both NUMERIC);
// - NOT NULL is as the column behaves: a rowid alias (`INTEGER PRIMARY KEY`) never holds NULL,
//   with or without the keyword, and neither does a key column of a WITHOUT ROWID table;
// - a default is the value SQLite stores (`(0)`, `0` and `'0'` on an INTEGER column are all the
//   integer 0; `DEFAULT NULL` is no default); an expression default is its text;
// - the primary key's columns in key order, and AUTOINCREMENT on a rowid alias;
// - foreign keys with their actions (NO ACTION is no action; a reference without columns is to
//   the parent's primary key), indexes by name, uniqueness, columns and WHERE clause, and the
//   automatic indexes of UNIQUE / PRIMARY KEY constraints by the columns they cover;
// - column order does not count (SQLite reads columns by name everywhere dorm does).
// CHECK constraints, triggers and views are not part of the shape: SQLite reports them only as
// CREATE text.
#include <cstddef>
#include <string>
#include <vector>

namespace dorm {

class Database;

/// The shape of a database's user tables (not `sqlite_*`, `dorm_migrations` or dorm's mirror
/// bookkeeping `dorm_mirror_*`), as sorted lines such as
/// `posts column title TEXT NOT NULL DEFAULT ''` or
/// `posts foreign key (author_id) REFERENCES users (id) ON DELETE CASCADE`.
struct SchemaShape {
  std::vector<std::string> lines;
  std::vector<std::string> table_names;  ///< sorted
  std::size_t tables = 0;
  std::size_t columns = 0;
  std::size_t indexes = 0;  ///< named and automatic
  std::size_t foreign_keys = 0;

  friend bool operator==(const SchemaShape& a, const SchemaShape& b) { return a.lines == b.lines; }
};

/// Reads the shape of `db` (its `main` schema). Throws SqliteError when the catalog cannot be read.
[[nodiscard]] SchemaShape schema_shape(Database& db);

/// The shape of those tables of `db` named in `only_tables` (compared case-insensitively, as
/// SQLite compares names); the others are left out.
[[nodiscard]] SchemaShape schema_shape(Database& db, const std::vector<std::string>& only_tables);

/// How an actual shape differs from an expected one: lines only expected (`missing`) and lines
/// only in the actual database (`extra`).
struct ShapeDifference {
  std::vector<std::string> missing;
  std::vector<std::string> extra;

  [[nodiscard]] bool empty() const noexcept { return missing.empty() && extra.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return missing.size() + extra.size(); }
  /// One line per difference, `  - <expected line>` then `  + <actual line>`, each ending in '\n'.
  [[nodiscard]] std::string str() const;
};

/// The lines of `expected` missing from `actual` and the lines of `actual` not in `expected`.
[[nodiscard]] ShapeDifference shape_difference(const SchemaShape& expected, const SchemaShape& actual);

}  // namespace dorm
