#pragma once
// The migration subcommands of dorm-gen (migrate, check, introspect) and what `generate
// --migrations-dir` embeds. main() only parses arguments and calls these; each returns dorm-gen's
// exit code (0 ok, 1 schema errors or a refused migration, 2 usage, 3 I/O error, 4 drift).
#include <filesystem>
#include <string>
#include <vector>

namespace dorm::migrate {

struct MigrateOptions {
  std::string name;                  ///< label of the new migration: "add_summary"
  std::filesystem::path migrations_dir;
  std::vector<std::string> schemas;  ///< JSON Schema files
  bool allow_destructive = false;
};

/// `dorm-gen migrate`: diffs the latest snapshot of `migrations_dir` against the schemas and
/// writes `<NNNN>_<name>.sql` and `<NNNN>_<name>.snapshot.json`. Writes nothing when nothing
/// changed, when two migrations branch from one parent, or when the change loses data and
/// `allow_destructive` is false.
int run_migrate(const MigrateOptions& options);

struct CheckOptions {
  std::filesystem::path migrations_dir;
  std::vector<std::string> schemas;
  std::string database;  ///< "" or a database file to compare with what the migrations build
};

/// `dorm-gen check`: exit 4 when the schemas changed since the latest snapshot, or when the
/// database's tables, columns, indexes and foreign keys (PRAGMA table_info, index_list,
/// foreign_key_list) differ from those of a fresh database the migrations built.
int run_check(const CheckOptions& options);

/// `dorm-gen introspect`: one JSON Schema file per table of `database` under `out_dir`.
int run_introspect(const std::string& database, const std::filesystem::path& out_dir);

/// The C++ that `generate --migrations-dir` puts into the models header instead of the
/// CREATE-IF-NOT-EXISTS migrate(): `inline const dorm::Migration migrations[]` (oldest first)
/// and a migrate(db) that applies the pending ones. Throws std::runtime_error on a conflict or
/// an unreadable file.
[[nodiscard]] std::string migrations_code(const std::filesystem::path& migrations_dir);

}  // namespace dorm::migrate
