#pragma once
// What the ConnectionPool test files share: a temporary folder per test, pool options whose
// migrate() is the generated one (schemas/entries.json), and small helpers.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <string>

#include <dorm/core/connection_pool.hpp>
#include <dorm/dorm.hpp>

#include "../temp_dir.hpp"
#include "cp_test/models.hpp"

using dorm_test::TempDir;

/// Options for a pool on `folder`/app.db with `readers` readers, migrated with cp_test::migrate.
inline dorm::ConnectionPoolOptions pool_options(const TempDir& folder, std::size_t readers = 2) {
  dorm::ConnectionPoolOptions options;
  options.path = folder.path() / "app.db";
  options.readers = readers;
  options.migrate = [](dorm::Database& db) { cp_test::migrate(db); };
  return options;
}

/// Inserts one entry and returns its id.
inline std::int64_t add_entry(dorm::Database& db, std::int64_t writer, std::int64_t seq, std::string body = "x") {
  cp_test::Entry entry{.writer = writer, .seq = seq, .body = std::move(body)};
  db.insert(entry);
  return entry.id;
}

/// The number of entries.
inline std::int64_t entry_count(dorm::Database& db) { return db.select<cp_test::Entry>().count(); }

/// True once `future` is ready, waiting at most `patience`.
template <class T>
bool finishes(std::future<T>& future, std::chrono::milliseconds patience = std::chrono::milliseconds(3000)) {
  return future.wait_for(patience) == std::future_status::ready;
}
