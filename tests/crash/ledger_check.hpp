#pragma once
// The check the crash harness runs on the writer's database after each kill (tests/crash).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <dorm/core/database.hpp>

namespace dorm_crash {

/// What check_ledger found. Every count but `present` must be 0 for a sound database.
struct LedgerCheck {
  std::set<std::int64_t> present;        ///< batch ids the file holds
  std::size_t lost = 0;                  ///< batches that must be there and are not
  std::size_t partial = 0;               ///< batches whose entries are not exactly theirs, and a wrong running total
  std::size_t unexpected = 0;            ///< batches of transactions the writer had not begun
  std::size_t integrity_failures = 0;    ///< integrity_check not "ok", foreign_key_check not empty
  std::vector<std::string> problems;     ///< one sentence per problem (the first 20)
  [[nodiscard]] bool sound() const noexcept { return lost + partial + unexpected + integrity_failures == 0; }
};

/// Checks the ledger in `db` against what the writer reported. `must_have`: the batches whose
/// commit the writer reported, and those the file held after earlier kills. `in_flight`: the
/// transaction the writer had begun and not reported committed, which may be present or absent,
/// but entirely. Any other batch is `unexpected`. Each present batch must hold exactly its
/// entries (ledger.hpp: rows_of, amount_of, each part once), no entry may belong to a missing
/// batch, and account 1 must hold the sum, count and last id of the present batches. Runs
/// `PRAGMA integrity_check` and `PRAGMA foreign_key_check`.
LedgerCheck check_ledger(dorm::Database& db, const std::set<std::int64_t>& must_have,
                         std::optional<std::int64_t> in_flight);

}  // namespace dorm_crash
