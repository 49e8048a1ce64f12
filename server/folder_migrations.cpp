#include "folder_migrations.hpp"

#include <stdexcept>
#include <string>

#include "migrate/migrations_dir.hpp"

namespace dorm_serve {

struct FolderMigrations::Texts {
  std::vector<dorm::migrate::MigrationFile> files;
  std::vector<std::string> checksums;
};

FolderMigrations::FolderMigrations(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder)) {
    throw std::runtime_error("--migrations: '" + folder.string() + "' is not a folder");
  }
  auto texts = std::make_shared<Texts>();
  texts->files = dorm::migrate::read_migrations(folder);
  if (const auto conflicts = dorm::migrate::find_conflicts(texts->files); !conflicts.empty()) {
    throw std::runtime_error("--migrations: " + conflicts.front());
  }
  for (const auto& file : texts->files) texts->checksums.push_back(dorm::migration_checksum(file.up_sql));
  for (std::size_t i = 0; i < texts->files.size(); ++i) {
    const auto& file = texts->files[i];
    migrations_.push_back({file.id, texts->checksums[i], file.up_sql, file.needs_foreign_keys_off});
  }
  texts_ = std::move(texts);
}

void FolderMigrations::apply(dorm::Database& db) const { dorm::apply_migrations(db, migrations_); }

}  // namespace dorm_serve
