#pragma once
// The migrations folder users commit: `<NNNN>_<label>.sql` (up and down SQL, with a header
// saying what changed and which migration it follows) next to `<NNNN>_<label>.snapshot.json`
// (the schema after it). This module reads, checks and renders those files; main writes them.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/plan.hpp"

namespace dorm::migrate {

/// One migration as read from its .sql file.
struct MigrationFile {
  std::string id;                   ///< file name without .sql: "0002_add_summary"
  int number = 0;                   ///< 2
  std::filesystem::path sql_path;
  std::filesystem::path snapshot_path;  ///< may not exist for hand-written migrations
  std::string follows;              ///< id of the parent migration, "" for the first
  std::string up_sql;               ///< between `-- up` and `-- down`, trimmed
  std::string down_sql;
  bool needs_foreign_keys_off = false;
};

/// The `<NNNN>_<label>.sql` files of `dir` sorted by number (then id); an absent folder has
/// none. Throws std::runtime_error naming the file when one has no `-- up` section.
[[nodiscard]] std::vector<MigrationFile> read_migrations(const std::filesystem::path& dir);

/// Parses one migration file's text (see render_migration for the format).
[[nodiscard]] MigrationFile parse_migration(std::string_view text, const std::string& id);

/// One message per conflict: two migrations following the same parent (branches made from the
/// same snapshot), or two with the same number. Empty when the history is a line.
[[nodiscard]] std::vector<std::string> find_conflicts(const std::vector<MigrationFile>& migrations);

/// The text of migration `id`:
///
///     -- dorm migration 0002_add_summary
///     -- follows: 0001_init
///     -- foreign-keys: on
///     -- changes:
///     --   add column posts.summary
///
///     -- up
///     ALTER TABLE "posts" ADD COLUMN "summary" TEXT;
///
///     -- down
///     ...
[[nodiscard]] std::string render_migration(const std::string& id, const std::string& follows,
                                           const MigrationPlan& plan);

}  // namespace dorm::migrate
