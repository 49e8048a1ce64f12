#pragma once
// Versioned migrations: a list of SQL scripts (written by `dorm-gen migrate`, embedded in the
// generated header) applied in order, each in its own transaction, and recorded in the
// `dorm_migrations` table with a checksum so an edited, already-applied migration is caught.
#include <span>
#include <string>
#include <string_view>

#include "dorm/core/error.hpp"

namespace dorm {

class Database;

/// One migration: its id ("0002_add_summary"), the checksum of its up SQL (see
/// migration_checksum), the SQL itself (several statements), and whether it must run with
/// foreign keys OFF (a table rebuild or DROP TABLE, which would otherwise cascade deletes).
/// The fields are views: generated code points them at string literals; other callers keep the
/// strings alive until apply_migrations() returns.
struct Migration {
  std::string_view id;
  std::string_view checksum;
  std::string_view up_sql;
  bool needs_foreign_keys_off = false;
};

/// A migration could not be applied (its SQL failed, it broke a foreign key, it was edited after
/// being applied, ...). The message names the migration and, for SQL errors, the statement.
class MigrationError : public Error {
 public:
  using Error::Error;
};

/// FNV-1a 64 of `up_sql` as 16 hex digits: what dorm-gen writes as a migration's checksum.
[[nodiscard]] std::string migration_checksum(std::string_view up_sql);

/// Applies the migrations of `migrations` that `db` has not applied yet, in list order, each in
/// one transaction together with its row in `dorm_migrations` (id, checksum, applied_at): a
/// failing migration leaves the database exactly as it was before it and throws MigrationError.
/// Migrations with needs_foreign_keys_off run with `PRAGMA foreign_keys = OFF` (switched before
/// BEGIN, restored after COMMIT) and `PRAGMA foreign_key_check` must pass before they commit.
/// Throws MigrationError when an applied migration's checksum differs from the listed one, and
/// MisuseError when called inside a transaction. Returns how many migrations were applied.
/// Ids recorded in the database but not listed (a newer program migrated it) are left alone.
///
/// A database with user tables but no recorded migrations (made by a schema-only migrate(), by
/// hand, or introspected) is adopted first: the smallest k for which migrations 1..k, run on an
/// empty in-memory database, build exactly its schema (dorm/schema/schema_shape.hpp) are recorded as
/// applied, and the rest run as usual. Tables no migration creates are not compared (a database
/// holding only such tables is migrated from the start). When no k matches, throws
/// MigrationError `[dorm.migration.baseline]` showing the difference from the closest one,
/// changing nothing.
std::size_t apply_migrations(Database& db, std::span<const Migration> migrations);

}  // namespace dorm
