#pragma once
// Schema difference -> the SQL that turns a database of one schema into the other, the SQLite
// way: ALTER TABLE where SQLite allows it (RENAME TO, RENAME COLUMN, ADD COLUMN), CREATE/DROP
// INDEX, and otherwise the documented table rebuild (https://sqlite.org/lang_altertable.html,
// "Making Other Kinds Of Table Schema Changes"): create the new table, copy, drop the old one,
// rename, recreate the indexes. Rebuilds and DROP TABLE need foreign keys OFF while they run,
// or dropping a parent table would delete its children through ON DELETE CASCADE; the plan says
// so and the runtime switches them off around that migration's transaction.
#include <string>
#include <vector>

#include "ir/schema.hpp"

namespace dorm::migrate {

/// What one migration does.
struct MigrationPlan {
  std::vector<std::string> changes;      ///< one line per change: "add column posts.summary"
  std::vector<std::string> up;           ///< statements without trailing semicolons
  std::vector<std::string> down;         ///< the reverse (data a drop lost stays lost)
  std::vector<std::string> destructive;  ///< changes that lose data: "drop column users.nickname"
  bool needs_foreign_keys_off = false;   ///< a rebuild or DROP TABLE is among the statements

  [[nodiscard]] bool empty() const noexcept { return up.empty(); }
};

/// The migration from `from` (the latest snapshot) to `to` (the current schema). Renames come
/// from `x-dorm-renamed-from` in `to` (ir::Table::renamed_from, ir::Column::renamed_from); a
/// rename whose old name is not in `from` is ignored, so the keyword may stay in the schema.
[[nodiscard]] MigrationPlan plan_migration(const ir::Schema& from, const ir::Schema& to);

}  // namespace dorm::migrate
