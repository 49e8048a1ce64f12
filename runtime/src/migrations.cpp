#include "dorm/migrations.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <map>

#include "dorm/database.hpp"

namespace dorm {
namespace {

/// Runs every statement of `script` one at a time, so a failure names its statement.
void run_script(Database& db, std::string_view id, std::string_view script) {
  const char* sql = script.data();
  const char* end = script.data() + script.size();
  while (sql < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db.handle(), sql, static_cast<int>(end - sql), &stmt, &tail);
    const std::string statement(sql, static_cast<std::size_t>((tail != nullptr ? tail : end) - sql));
    if (rc == SQLITE_OK && stmt != nullptr) {
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    const std::string message = rc != SQLITE_OK ? sqlite3_errmsg(db.handle()) : "";
    const int extended = sqlite3_extended_errcode(db.handle());
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK) {
      std::string trimmed = statement;
      while (!trimmed.empty() && (trimmed.front() == '\n' || trimmed.front() == ' ')) trimmed.erase(0, 1);
      throw MigrationError("[dorm.migration.failed] migration " + std::string(id) + " failed and was rolled back: " +
                               message + "\n  in statement: " + trimmed,
                           rc & 0xff, extended, trimmed);
    }
    if (tail == nullptr || tail == sql) break;
    sql = tail;
  }
}

/// Switches foreign keys off for the lifetime of the guard (outside any transaction, where
/// SQLite ignores the pragma) and back to what they were.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(Database& db) : db_(db), was_on_(db.query_value<std::int64_t>("PRAGMA foreign_keys").value_or(0) != 0) {
    if (was_on_) db_.execute_script("PRAGMA foreign_keys = OFF");
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;
  ~ForeignKeysOff() {
    if (!was_on_) return;
    try {
      db_.execute_script("PRAGMA foreign_keys = ON");
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
    }
  }

 private:
  Database& db_;
  bool was_on_;
};

void apply_one(Database& db, const Migration& m) {
  Transaction tx(db);
  // Another process may have applied it between our read and BEGIN IMMEDIATE.
  if (db.query_value<std::int64_t>("SELECT 1 FROM dorm_migrations WHERE id = ?", m.id)) return;
  run_script(db, m.id, m.up_sql);
  if (m.needs_foreign_keys_off) {
    // Foreign keys were off while the tables were rebuilt: prove nothing now dangles.
    auto violations = db.query<std::tuple<std::string, std::optional<std::int64_t>, std::string>>(
        "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check");
    if (!violations.empty()) {
      const auto& [table, rowid, parent] = violations.front();
      throw MigrationError("[dorm.migration.foreign_key] migration " + std::string(m.id) +
                           " was rolled back: it leaves " + std::to_string(violations.size()) +
                           " rows whose foreign key has no parent (first: " + table + " rowid " +
                           (rowid ? std::to_string(*rowid) : std::string("?")) + " -> " + parent + ")");
    }
  }
  db.execute("INSERT INTO dorm_migrations (id, checksum) VALUES (?, ?)", m.id, m.checksum);
  tx.commit();
}

}  // namespace

std::string migration_checksum(std::string_view up_sql) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : up_sql) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  static const char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = digits[hash & 0xf];
  return out;
}

std::size_t apply_migrations(Database& db, std::span<const Migration> migrations) {
  if (db.transaction_depth() != 0)
    throw MisuseError("[dorm.misuse.migrate_in_transaction] apply_migrations() inside a transaction; migrations "
                      "open their own, and must switch foreign keys outside one");
  db.execute_script(
      "CREATE TABLE IF NOT EXISTS dorm_migrations (id TEXT PRIMARY KEY, checksum TEXT NOT NULL, "
      "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))");
  std::map<std::string, std::string, std::less<>> applied;
  for (auto& [id, sum] : db.query<std::tuple<std::string, std::string>>("SELECT id, checksum FROM dorm_migrations"))
    applied.emplace(std::move(id), std::move(sum));
  for (const Migration& m : migrations) {
    const auto it = applied.find(m.id);
    if (it != applied.end() && it->second != m.checksum)
      throw MigrationError("[dorm.migration.checksum] migration " + std::string(m.id) +
                           " was edited after it was applied (checksum " + it->second + " in the database, " +
                           std::string(m.checksum) + " now); write a new migration instead of editing an applied one");
  }
  std::size_t count = 0;
  for (const Migration& m : migrations) {
    if (applied.contains(m.id)) continue;
    if (m.needs_foreign_keys_off) {
      ForeignKeysOff off(db);
      apply_one(db, m);
    } else {
      apply_one(db, m);
    }
    ++count;
  }
  return count;
}

}  // namespace dorm
