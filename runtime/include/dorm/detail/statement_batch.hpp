#pragma once
// How many rows one multi-row statement writes: the multi-row INSERT of insert_many() and the
// batched UPDATE of a session's flush cut their rows the same way, so that each table has few
// statement shapes to prepare and cache.
#include <cstddef>

namespace dorm::detail {

/// Rows in a full batch of a statement binding `parameters_per_row` parameters per row: 100, or
/// fewer so that the statement stays under SQLite's default limit of 32766 bound parameters.
constexpr std::size_t batch_rows(std::size_t parameters_per_row) noexcept {
  return parameters_per_row <= 327 ? 100 : parameters_per_row > 32766 ? 1 : 32766 / parameters_per_row;
}

/// Rows in the next statement when `remaining` rows are left: a full batch (`full` rows), else
/// the largest power of two that fits. A tail of 77 rows then takes 4 statements (64 + 8 + 4 +
/// 1), but a table has at most 8 statement shapes per kind, whatever the counts are.
constexpr std::size_t chunk_rows(std::size_t remaining, std::size_t full) noexcept {
  if (remaining >= full) return full;
  std::size_t n = 1;
  while (n * 2 <= remaining) n *= 2;
  return n;
}

}  // namespace dorm::detail
