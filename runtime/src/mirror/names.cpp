#include "mirror/names.hpp"


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
  // SQLite's order of identifiers: bytes compared with ASCII letters folded to lower case.
  auto fold = [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 'A' && byte <= 'Z' ? static_cast<unsigned char>(byte - 'A' + 'a') : byte;
  };
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [&](char x, char y) { return fold(x) < fold(y); });
}

std::string describe_source(std::string_view name) { return "source '" + std::string(name) + "'"; }

}  // namespace dorm::detail::mirror
