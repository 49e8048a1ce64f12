#pragma once
// dorm-node reports an error in one line; some of dorm's messages span several (NoLeader lists
// each address on a line of its own).
#include <string>

namespace dorm_node {

/// `text` with each line break and the indentation after it replaced by "; " (by " " after a
/// colon).
inline std::string one_line(std::string text) {
  for (auto at = text.find('\n'); at != std::string::npos; at = text.find('\n', at)) {
    auto end = at + 1;
    while (end < text.size() && text[end] == ' ') ++end;
    text.replace(at, end - at, at > 0 && text[at - 1] == ':' ? " " : "; ");
  }
  return text;
}

}  // namespace dorm_node
