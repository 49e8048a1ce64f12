// check_ledger (ledger_check.hpp) on ledgers written in process and then damaged by hand: each
// kind of damage a crash could cause is found, counted and named.
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <dorm/dorm.hpp>

#include "../temp_dir.hpp"
#include "ledger.hpp"
#include "ledger_check.hpp"

using dorm_crash::check_ledger;

namespace {

/// A ledger holding batches 1..5, written as the writer writes them.
dorm::Database five_batches(const dorm_test::TempDir& dir, dorm::OpenOptions options = {}) {
  auto db = dorm::Database::open(dir.file("ledger.db"), options);
  crash::migrate(db);
  dorm_crash::ensure_account(db);
  for (std::int64_t n = 1; n <= 5; ++n) dorm_crash::write_batch(db, n);
  return db;
}

const std::set<std::int64_t> one_to_five{1, 2, 3, 4, 5};

bool mentions(const dorm_crash::LedgerCheck& check, const std::string& text) {
  for (const std::string& problem : check.problems)
    if (problem.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("A ledger holding exactly its committed transactions is sound", "[crash]") {
  dorm_test::TempDir dir;
  auto db = five_batches(dir);
  const auto check = check_ledger(db, one_to_five, std::nullopt);
  CHECK(check.sound());
  CHECK(check.present == one_to_five);
  CHECK(check.problems.empty());
}

TEST_CASE("A reported transaction that is missing is counted lost", "[crash]") {
  dorm_test::TempDir dir;
  auto db = five_batches(dir);
  db.execute("DELETE FROM entries WHERE batch_id = 3");
  db.execute("DELETE FROM batches WHERE id = 3");
  db.execute("UPDATE accounts SET total = total - ?, batch_count = batch_count - 1", dorm_crash::sum_of(3));
  const auto check = check_ledger(db, one_to_five, std::nullopt);
  CHECK(check.lost == 1);
  CHECK(check.partial == 0);
  CHECK(mentions(check, "batch 3 was reported committed and is missing"));
}

TEST_CASE("A transaction with an entry missing, doubled or changed is counted partial", "[crash]") {
  dorm_test::TempDir dir;
  auto db = five_batches(dir);
  db.execute("DELETE FROM entries WHERE batch_id = 2 AND part = 1");
  db.execute("INSERT INTO entries (batch_id, part, amount) SELECT batch_id, part, amount FROM entries WHERE batch_id = 4 AND part = 0");
  db.execute("UPDATE entries SET amount = amount + 1 WHERE batch_id = 5 AND part = 0");
  const auto check = check_ledger(db, one_to_five, std::nullopt);
  CHECK(check.partial == 3);
  CHECK(check.lost == 0);
  CHECK(mentions(check, "batch 2 is partial: 3 entries of 4"));
  CHECK(mentions(check, "batch 4 is partial"));
  CHECK(mentions(check, "batch 5 is partial"));
}

TEST_CASE("A transaction the writer had not begun is counted, the one in flight is allowed whole", "[crash]") {
  dorm_test::TempDir dir;
  auto db = five_batches(dir);
  dorm_crash::write_batch(db, 6);
  dorm_crash::write_batch(db, 7);
  const auto check = check_ledger(db, one_to_five, 6);
  CHECK(check.unexpected == 1);
  CHECK(check.partial == 0);
  CHECK(mentions(check, "batch 7 is present, and the writer had not begun it"));
}

TEST_CASE("A running total that disagrees with the transactions is counted partial", "[crash]") {
  dorm_test::TempDir dir;
  auto db = five_batches(dir);
  db.execute("UPDATE accounts SET total = total + 1 WHERE id = 1");
  const auto check = check_ledger(db, one_to_five, std::nullopt);
  CHECK(check.partial == 1);
  CHECK(mentions(check, "account 1 holds total"));
}

TEST_CASE("An entry whose transaction row is missing breaks the foreign key check", "[crash]") {
  dorm_test::TempDir dir;
  dorm::OpenOptions no_keys;
  no_keys.foreign_keys = false;  // lets the damage in, as a writer without the rule could
  auto db = five_batches(dir, no_keys);
  db.execute("INSERT INTO entries (batch_id, part, amount) VALUES (99, 0, 1)");
  const auto check = check_ledger(db, one_to_five, std::nullopt);
  CHECK(check.integrity_failures == 1);
  CHECK(check.partial == 1);
  CHECK(mentions(check, "foreign_key_check: 1 rows violate a foreign key"));
  CHECK(mentions(check, "1 entries of batch 99 without their batch row"));
}
