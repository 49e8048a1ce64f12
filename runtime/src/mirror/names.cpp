#include "mirror/names.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace dorm::detail::mirror {

bool same_name(std::string_view a, std::string_view b) {
  // SQLite compares identifiers ASCII-case-insensitively.
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

bool NameLess::operator()(const std::string& a, const std::string& b) const noexcept {
  return sqlite3_stricmp(a.c_str(), b.c_str()) < 0;
}

std::string describe_source(std::string_view name) { return "source '" + std::string(name) + "'"; }

}  // namespace dorm::detail::mirror
