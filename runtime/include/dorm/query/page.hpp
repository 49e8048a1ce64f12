#pragma once
// One page of a paginated query, with what a UI needs to draw page links.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dorm/core/error.hpp"

namespace dorm {

/// The rows of page `current_page` and the totals around them. Pages are numbered from 1;
/// an empty table has one empty page, and a page past the end holds no rows.
template <class Row>
struct Page {
  std::vector<Row> data;
  std::int64_t total = 0;         ///< rows matching the query, over all pages
  std::int64_t per_page = 0;
  std::int64_t current_page = 1;
  std::int64_t last_page = 1;     ///< at least 1
};

namespace detail {

/// Throws MisuseError unless `page` >= 1 and `per_page` >= 1 (paginate()'s precondition).
inline void check_page_request(std::int64_t page, std::int64_t per_page) {
  if (page < 1 || per_page < 1) {
    throw MisuseError("[dorm.misuse.page] paginate() needs page >= 1 and per_page >= 1, got page " +
                      std::to_string(page) + ", per_page " + std::to_string(per_page));
  }
}

/// Fills `result`'s totals for page `page` of `per_page` rows out of `total` matching rows and
/// returns the offset of the page's first row, or nullopt for a page past the end. Never
/// computes (page - 1) * per_page for a page past the end, so no page number a client can send
/// (a REST route takes it from the query string) overflows.
template <class Row>
[[nodiscard]] std::optional<std::int64_t> lay_out_page(Page<Row>& result, std::int64_t page, std::int64_t per_page,
                                                       std::int64_t total) noexcept {
  result.total = total;
  result.per_page = per_page;
  result.current_page = page;
  result.last_page = total > 0 ? (total - 1) / per_page + 1 : 1;
  if (total == 0 || page > result.last_page) return std::nullopt;
  return (page - 1) * per_page;  // at most total - 1
}

}  // namespace detail

}  // namespace dorm
