#pragma once
// dorm-serve --migrations: the migrations folder `dorm-gen migrate` writes, read once and
// applied to each database the server opens.
#include <filesystem>
#include <memory>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/schema/migrations.hpp"

namespace dorm_serve {

/// The migrations of one folder (<NNNN>_<label>.sql), kept alive for apply_migrations().
class FolderMigrations {
 public:
  /// Reads `folder`. Throws std::runtime_error naming the file when one cannot be read, and
  /// when two migrations branch from the same parent or share a number.
  explicit FolderMigrations(const std::filesystem::path& folder);

  /// Applies the ones `db` lacks (dorm::apply_migrations). Thread-safe: the list is read-only.
  void apply(dorm::Database& db) const;
  /// How many migrations the folder holds.
  [[nodiscard]] std::size_t size() const noexcept { return migrations_.size(); }

 private:
  struct Texts;
  std::shared_ptr<const Texts> texts_;  // the strings the views below point into
  std::vector<dorm::Migration> migrations_;
};

}  // namespace dorm_serve
