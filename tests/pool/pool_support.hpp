#pragma once
// What the pool test files share: a temporary folder per test, removed afterwards, and pool
// options whose migrate() is the generated one (tests/pool/schemas, with migrations).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>

#include <dorm/dorm.hpp>
#include "../temp_dir.hpp"
#include <dorm/tenancy/pool.hpp>

#include "pool_test/models.hpp"

using dorm_test::TempDir;

/// Options for a pool in `folder` that migrates with the generated pool_test::migrate.
inline dorm::PoolOptions pool_options(const std::filesystem::path& folder, std::size_t max_open = 256) {
  dorm::PoolOptions options;
  options.folder = folder;
  options.max_open = max_open;
  options.migrate = [](dorm::Database& db) { pool_test::migrate(db); };
  return options;
}

/// Adds one to the counter `key` in `db`.
inline void bump(dorm::Database& db, const std::string& key) {
  db.execute("INSERT INTO counters (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1",
             key);
}

/// The counter `key` in `db` (0 when it was never bumped).
inline std::int64_t counter(dorm::Database& db, const std::string& key) {
  return db.query_value<std::int64_t>("SELECT value FROM counters WHERE key = ?", key).value_or(0);
}
