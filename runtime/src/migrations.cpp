#include "dorm/schema/migrations.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/schema/schema_shape.hpp"

namespace dorm {
namespace {

/// Runs every statement of `script` one at a time, so a failure names its statement. `outcome`
/// completes "migration <id> ..." in the error: what became of the database.
void run_script(Database& db, std::string_view id, std::string_view script,
                std::string_view outcome = "failed and was rolled back") {
  Connection& connection = db.connection();
  while (!script.empty()) {
    const ScriptStatement ran = connection.run_first(script);
    if (ran.failed) {
      std::string trimmed(ran.text);
      while (!trimmed.empty() && (trimmed.front() == '\n' || trimmed.front() == ' ')) trimmed.erase(0, 1);
      throw MigrationError("[dorm.migration.failed] migration " + std::string(id) + ' ' + std::string(outcome) + ": " +
                               ran.message + "\n  in statement: " + trimmed,
                           ran.code, ran.extended_code, trimmed);
    }
    if (ran.text.empty()) break;
    script.remove_prefix(ran.text.size());
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

/// Creates dorm_migrations, and adopts a database that has tables but no recorded migrations
/// (made by a schema-only migrate(), by hand, or introspected): the migrations 1..k whose result
/// has exactly its shape are recorded as applied, the smallest such k, so a later migration that
/// changes nothing the shape sees (a data fix, a CHECK constraint) still runs. Each prefix is
/// built in a private in-memory database; the live one is only read until the rows are
/// recorded. Tables no migration creates are left out of the comparison: another program's
/// tables may share the file, and a database holding only such tables is migrated from the
/// start. A database that matches no prefix gets an error showing its difference from the
/// closest one, and nothing changes. Runs in one transaction, so two processes starting
/// together baseline once.
void prepare(Database& db, std::span<const Migration> migrations) {
  // Every start-up but the first: migrations are recorded, so no write lock is needed here.
  if (db.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'dorm_migrations'")
              .value_or(0) != 0 &&
      db.query_value<std::int64_t>("SELECT count(*) FROM dorm_migrations").value_or(0) != 0)
    return;
  Transaction tx(db);
  // Created here, so a refused baseline leaves not even this table behind.
  db.execute_script(
      "CREATE TABLE IF NOT EXISTS dorm_migrations (id TEXT PRIMARY KEY, checksum TEXT NOT NULL, "
      "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))");
  if (migrations.empty() || db.query_value<std::int64_t>("SELECT count(*) FROM dorm_migrations").value_or(0) != 0 ||
      schema_shape(db).tables == 0) {  // nothing to adopt: a new database, or one already migrated
    tx.commit();
    return;
  }
  OpenOptions scratch_options;
  scratch_options.wal = false;
  scratch_options.foreign_keys = false;
  Database scratch = Database::open(":memory:", scratch_options);
  std::vector<SchemaShape> built;  // built[k]: after migrations[0..k]
  std::vector<std::string> managed;
  for (const Migration& m : migrations) {
    run_script(scratch, m.id, m.up_sql, "fails on an empty database, so the existing database could not be compared with it");
    built.push_back(schema_shape(scratch));
    for (const std::string& t : built.back().table_names)
      if (std::find(managed.begin(), managed.end(), t) == managed.end()) managed.push_back(t);
  }
  const SchemaShape have = schema_shape(db, managed);
  if (have.tables == 0) {  // only tables the migrations never create: migrate from the start
    tx.commit();
    return;
  }
  std::optional<ShapeDifference> closest;
  std::string_view closest_id;
  for (std::size_t k = 0; k < built.size(); ++k) {
    ShapeDifference difference = shape_difference(built[k], have);
    if (difference.empty()) {
      for (std::size_t i = 0; i <= k; ++i)
        db.execute("INSERT INTO dorm_migrations (id, checksum) VALUES (?, ?)", migrations[i].id, migrations[i].checksum);
      tx.commit();
      return;
    }
    if (!closest || difference.size() < closest->size()) {
      closest = std::move(difference);
      closest_id = migrations[k].id;
    }
  }
  throw MigrationError("[dorm.migration.baseline] the database has tables but no recorded migrations, and no prefix of "
                       "the " + std::to_string(migrations.size()) +
                       " migrations builds its schema, so nothing was recorded or changed; closest: the schema after " +
                       std::string(closest_id) + ", which differs in " + std::to_string(closest->size()) +
                       (closest->size() == 1 ? " line" : " lines") +
                       " (- what the migrations build, + in the database):\n" + closest->str());
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
  prepare(db, migrations);
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
