// After-kill check of the crash writer's database: see ledger_check.hpp.
#include "ledger_check.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <dorm/dorm.hpp>

#include "ledger.hpp"

namespace dorm_crash {

namespace {

void note(LedgerCheck& check, std::string problem) {
  if (check.problems.size() < 20) check.problems.push_back(std::move(problem));
}

std::string batch_name(std::int64_t id) { return "batch " + std::to_string(id); }

/// The entries of one batch, in part order, against ledger.hpp's formulas.
bool entries_match(std::int64_t batch, const std::vector<std::tuple<std::int64_t, std::int64_t>>& parts) {
  if (static_cast<std::int64_t>(parts.size()) != rows_of(batch)) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto [part, amount] = parts[i];
    if (part != static_cast<std::int64_t>(i) || amount != amount_of(batch, part)) return false;
  }
  return true;
}

void check_integrity(dorm::Database& db, LedgerCheck& check) {
  const auto integrity = db.query<std::string>("PRAGMA integrity_check");
  if (integrity != std::vector<std::string>{"ok"}) {
    ++check.integrity_failures;
    note(check, "integrity_check: " + (integrity.empty() ? std::string("no answer") : integrity.front()));
  }
  const auto violations = db.query<std::int64_t>("SELECT count(*) FROM pragma_foreign_key_check");
  if (violations.front() != 0) {
    ++check.integrity_failures;
    note(check, "foreign_key_check: " + std::to_string(violations.front()) + " rows violate a foreign key");
  }
}

}  // namespace

LedgerCheck check_ledger(dorm::Database& db, const std::set<std::int64_t>& must_have,
                         std::optional<std::int64_t> in_flight) {
  LedgerCheck check;
  check_integrity(db, check);

  std::map<std::int64_t, std::tuple<std::int64_t, std::int64_t>> batches;  // id -> rows, amount_sum
  for (const crash::Batch& b : db.select<crash::Batch>().all()) batches.emplace(b.id, std::tuple{b.rows, b.amount_sum});
  for (const auto& [id, fields] : batches) check.present.insert(id);

  for (std::int64_t id : must_have) {
    if (!check.present.count(id)) {
      ++check.lost;
      note(check, batch_name(id) + " was reported committed and is missing");
    }
  }
  for (std::int64_t id : check.present) {
    if (!must_have.count(id) && id != in_flight) {
      ++check.unexpected;
      note(check, batch_name(id) + " is present, and the writer had not begun it");
    }
  }

  // Entries grouped by batch, each group in part order.
  std::map<std::int64_t, std::vector<std::tuple<std::int64_t, std::int64_t>>> entries;
  using EntryRow = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
  for (const auto& [batch, part, amount] :
       db.query<EntryRow>("SELECT batch_id, part, amount FROM entries ORDER BY batch_id, part, id"))
    entries[batch].emplace_back(part, amount);
  for (const auto& [batch, parts] : entries) {
    if (!batches.count(batch)) {
      ++check.partial;
      note(check, std::to_string(parts.size()) + " entries of " + batch_name(batch) + " without their batch row");
    }
  }
  std::int64_t total = 0;
  for (const auto& [id, fields] : batches) {
    const auto [rows, amount_sum] = fields;
    const auto it = entries.find(id);
    const bool complete = rows == rows_of(id) && amount_sum == sum_of(id) && it != entries.end() &&
                          entries_match(id, it->second);
    if (!complete) {
      ++check.partial;
      note(check, batch_name(id) + " is partial: " + std::to_string(it == entries.end() ? 0 : it->second.size()) +
                      " entries of " + std::to_string(rows_of(id)) + ", or other values than it wrote");
    }
    total += sum_of(id);
  }

  // The running total: updated by the same transactions, so it must agree with the batches.
  const auto account = db.find<crash::Account>(std::int64_t{1});
  const std::int64_t count = static_cast<std::int64_t>(batches.size());
  const std::int64_t last = batches.empty() ? 0 : batches.rbegin()->first;
  const bool account_ok = account ? (account->total == total && account->batch_count == count && account->last_batch == last)
                                  : batches.empty();
  if (!account_ok) {
    ++check.partial;
    note(check, "account 1 holds " +
                    (account ? "total " + std::to_string(account->total) + ", " + std::to_string(account->batch_count) +
                                   " batches, last " + std::to_string(account->last_batch)
                             : std::string("nothing")) +
                    "; the batches add up to total " + std::to_string(total) + ", " + std::to_string(count) +
                    " batches, last " + std::to_string(last));
  }
  return check;
}

}  // namespace dorm_crash
