// Transaction n of the crash writer: see ledger.hpp.
#include "ledger.hpp"

#include <dorm/dorm.hpp>

namespace dorm_crash {

std::int64_t rows_of(std::int64_t n) { return 2 + n % 4; }

std::int64_t amount_of(std::int64_t n, std::int64_t part) { return (n * 7 + part * 13) % 1000 + 1; }

std::int64_t sum_of(std::int64_t n) {
  std::int64_t sum = 0;
  for (std::int64_t part = 0; part < rows_of(n); ++part) sum += amount_of(n, part);
  return sum;
}

void ensure_account(dorm::Database& db) {
  if (db.find<crash::Account>(std::int64_t{1})) return;
  crash::Account account{.id = 1, .total = 0, .batch_count = 0, .last_batch = 0};
  db.insert(account);
}

void write_batch(dorm::Database& db, std::int64_t n, const std::function<void(std::int64_t part)>& after_entry) {
  dorm::Transaction tx(db);
  crash::Batch batch{.id = n, .rows = rows_of(n), .amount_sum = sum_of(n)};
  db.insert(batch);
  for (std::int64_t part = 0; part < rows_of(n); ++part) {
    crash::Entry entry{.batch_id = n, .part = part, .amount = amount_of(n, part)};
    db.insert(entry);
    if (after_entry) after_entry(part);
  }
  auto account = db.find_or_fail<crash::Account>(std::int64_t{1});
  account.total += batch.amount_sum;
  account.batch_count += 1;
  account.last_batch = n;
  db.update(account);
  tx.commit();
}

}  // namespace dorm_crash
