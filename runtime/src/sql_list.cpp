#include "dorm/detail/sql_list.hpp"

namespace dorm::detail {

std::string join_sql_names(std::span<const std::string_view> names, std::string_view separator,
                           std::string_view suffix) {
  std::string out;
  for (const std::string_view name : names) {
    if (!out.empty()) out += separator;
    out += name;
    out += suffix;
  }
  return out;
}

}  // namespace dorm::detail
