#pragma once
// The crash writer's transactions (tests/crash): what transaction n writes is a function of n
// alone, so the parent that checks the database after a kill knows every row it must find
// without having seen the writer's memory.
#include <cstdint>
#include <functional>

#include "crash/models.hpp"

namespace dorm_crash {

/// Entries transaction `n` inserts: 2 to 5, so transactions differ in size.
std::int64_t rows_of(std::int64_t n);
/// The amount of entry `part` of transaction `n`.
std::int64_t amount_of(std::int64_t n, std::int64_t part);
/// What the entries of transaction `n` add up to (its batch row's amount_sum).
std::int64_t sum_of(std::int64_t n);

/// Inserts the account row (id 1, total 0) when the database has none; idempotent.
void ensure_account(dorm::Database& db);

/// Runs transaction `n` through dorm: in one dorm::Transaction, inserts batch n, then its
/// entries one by one, then adds their sum to account 1 (find + update). `after_entry(part)`
/// runs after each entry's insert, inside the transaction (the writer pauses there to be
/// killed mid-transaction). Returns after commit() has returned.
void write_batch(dorm::Database& db, std::int64_t n,
                 const std::function<void(std::int64_t part)>& after_entry = {});

}  // namespace dorm_crash
