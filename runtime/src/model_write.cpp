#include "dorm/database.hpp"

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

std::string numbered_key_condition(std::string_view primary_key_list, int& count) {
  // primary_key_list is generated: quoted identifiers ("" escapes a quote) joined by ", ".
  std::string out;
  count = 0;
  std::size_t i = 0;
  while (i < primary_key_list.size()) {
    if (primary_key_list[i] != '"') {
      ++i;  // the ", " between identifiers
      continue;
    }
    const std::size_t begin = i++;
    while (i < primary_key_list.size()) {
      if (primary_key_list[i] == '"') {
        if (i + 1 < primary_key_list.size() && primary_key_list[i + 1] == '"') {
          i += 2;
          continue;
        }
        break;
      }
      ++i;
    }
    ++i;  // past the closing quote
    if (count > 0) out += " AND ";
    out += primary_key_list.substr(begin, i - begin);
    out += " = ?" + std::to_string(++count);
  }
  return out;
}

}  // namespace dorm::detail
