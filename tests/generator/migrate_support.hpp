#pragma once
// Helpers of the migration tests: schemas from inline JSON, scratch folders, and applying a
// planned migration to a real database through the runtime (dorm::apply_migrations), so every
// planned statement is run by SQLite, not only compared as text.
#include <catch2/catch.hpp>

#include <dorm/dorm.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "frontend/json/json_schema_reader.hpp"
#include "ir/diagnostics.hpp"
#include "ir/names.hpp"
#include "ir/relations.hpp"
#include "ir/validate.hpp"
#include "migrate/migrations_dir.hpp"
#include "migrate/plan.hpp"

namespace migrate_test {

/// The schema of `files` (JSON texts), named and validated; any diagnostic fails the test.
inline dorm::ir::Schema schema_of(const std::vector<std::string>& files) {
  dorm::ir::Schema schema;
  dorm::ir::Diagnostics diags;
  for (std::size_t i = 0; i < files.size(); ++i)
    dorm::frontend::json::read_schema_text(files[i], "t" + std::to_string(i) + ".json", schema, diags);
  dorm::ir::resolve_relations(schema);
  dorm::ir::assign_names(schema);
  dorm::ir::validate(schema, diags);
  INFO(diags.str());
  REQUIRE_FALSE(diags.has_errors());
  return schema;
}

/// A fresh, empty folder under the system's temporary directory, private to this process (ctest
/// runs test cases in parallel, and other build trees may run the same tests); removed at the end.
struct ScratchDir {
  std::filesystem::path path;
  explicit ScratchDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() /
             ("dorm_migrate_test_" + std::to_string(::getpid()) + '_' + name)) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string join(const std::vector<std::string>& statements) {
  std::string out;
  for (const auto& s : statements) out += s + ";\n";
  return out;
}

/// Applies `plan` to `db` as migration `id`, the way generated code does.
inline void apply(dorm::Database& db, const std::string& id, const dorm::migrate::MigrationPlan& plan) {
  const std::string sql = join(plan.up);
  const std::string sum = dorm::migration_checksum(sql);
  const dorm::Migration m{id, sum, sql, plan.needs_foreign_keys_off};
  dorm::apply_migrations(db, std::span<const dorm::Migration>(&m, 1));
}

}  // namespace migrate_test
