#include "ir/sqlite_message.hpp"

#include <string_view>

namespace dorm::ir {

std::string sqlite_message(const dorm::Error& error) {
  std::string_view text = error.what();
  if (text.starts_with("[dorm.sqlite.")) {
    if (const std::size_t end = text.find("] "); end != std::string_view::npos) text.remove_prefix(end + 2);
  }
  if (const std::size_t in = text.find("\n  in: "); in != std::string_view::npos) text = text.substr(0, in);
  return std::string(text);
}

}  // namespace dorm::ir
