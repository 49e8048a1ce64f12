#pragma once
// The connections of a Server's single database: one per request in flight.
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/server/sql_guard.hpp"

namespace dorm::server {

// A worker's database connection and the guard that applies each request's rights to it, for
// the connection's whole life (docs/server.md, "Security model").
struct GuardedDatabase {
  explicit GuardedDatabase(Database opened) : database(std::move(opened)), guard(database.connection()) {}
  Database database;
  SqlGuard guard;
};

// Databases for the worker threads: one connection per request in flight, never shared, so at
// most `workers` are ever open (a Connection is used by one thread at a time).
class DatabaseSlots {
 public:
  DatabaseSlots(std::string path, OpenOptions open) : path_(std::move(path)), open_(open) {}

  /// A connection no other request uses, opened when none is free.
  std::unique_ptr<GuardedDatabase> take() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        auto database = std::move(free_.back());
        free_.pop_back();
        return database;
      }
    }
    return std::make_unique<GuardedDatabase>(Database::open(path_, open_));
  }
  /// Gives `database` back for the next request.
  void give_back(std::unique_ptr<GuardedDatabase> database) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(database));
  }
  /// Closes every connection not in use (all of them once the server has stopped).
  void close_all() {
    std::lock_guard lock(mutex_);
    free_.clear();
  }

 private:
  std::string path_;
  OpenOptions open_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<GuardedDatabase>> free_;
};

}  // namespace dorm::server
