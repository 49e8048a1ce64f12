#pragma once
// The text dorm writes into created_at, updated_at and deleted_at: UTC, ISO-8601 with
// milliseconds, always 24 characters ("2026-11-25T00:54:13.123Z"), so text order is time
// order and SQLite's own strftime('%Y-%m-%dT%H:%M:%fZ', 'now') writes the same shape.
#include <string>

namespace dorm {

/// The current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ".
[[nodiscard]] std::string utc_timestamp();

}  // namespace dorm
