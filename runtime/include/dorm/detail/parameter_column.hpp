#pragma once
// Which column a statement's parameter is written to or compared with, read back from the SQL
// dorm generates. Used only to word errors about a bound value (a NaN), so the hot path never
// carries column names.
#include <string>
#include <string_view>

namespace dorm::detail {

/// The column parameter `index` (1-based, counting plain `?`) stands for in `sql`, as
/// "table.column" when the SQL names the table, or "" when the SQL does not say: the i-th
/// column of an INSERT's column list for the i-th value of a row, `"c"` in `"c" = ?`,
/// `"t"."c" < ?` or `"c" BETWEEN ? AND ?`. Error path only.
std::string parameter_column(std::string_view sql, int index);

}  // namespace dorm::detail
