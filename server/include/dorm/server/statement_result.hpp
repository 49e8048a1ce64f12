#pragma once
// What one statement of a request returned.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dorm::server {

/// The columns and rows of one statement and what it read and wrote.
struct StatementResult {
  std::vector<std::string> columns;
  nlohmann::json rows = nlohmann::json::array();  ///< an array of arrays, one value per column
  std::int64_t rows_read = 0;     ///< rows the statement returned
  std::int64_t rows_written = 0;  ///< rows it inserted, updated or deleted (triggers' included)
};

}  // namespace dorm::server
