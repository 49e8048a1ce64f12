#include "dorm/core/database.hpp"

namespace dorm::detail {

void throw_insert_stored_no_row(std::string_view table, std::string_view sql, std::size_t rows, std::int64_t stored) {
  if (rows == 1)
    throw Error("[dorm.insert.no_row] inserting into \"" + std::string(table) +
                    "\" stored no row: the table is a view, or a trigger ignored the row",
                0, 0, std::string(sql));
  throw Error("[dorm.insert.no_row] inserting " + std::to_string(rows) + " rows into \"" + std::string(table) +
                  "\" stored " + std::to_string(stored) + ": the table is a view, or a trigger ignored rows",
              0, 0, std::string(sql));
}

}  // namespace dorm::detail
