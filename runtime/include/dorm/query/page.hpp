#pragma once
// One page of a paginated query, with what a UI needs to draw page links.
#include <cstdint>
#include <vector>

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

}  // namespace dorm
