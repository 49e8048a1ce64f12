#pragma once
// The crash harness's mirroring check (tests/crash): after a kill and the replay a restart
// runs, the aggregate must hold exactly the source's rows.
#include <string>
#include <vector>

#include <dorm/core/database.hpp>

namespace dorm_crash {

/// Compares every mirrored ledger table (batches, entries, accounts) of `source` with the
/// rows of `source_name` in the aggregate at `aggregate_path`: the same rows, each once, and
/// nothing else under that name. Runs `PRAGMA integrity_check` on the aggregate. Returns one
/// sentence per difference (empty: equal). A missing aggregate file or table counts as empty.
std::vector<std::string> compare_aggregate(dorm::Database& source, const std::string& aggregate_path,
                                           const std::string& source_name);

}  // namespace dorm_crash
