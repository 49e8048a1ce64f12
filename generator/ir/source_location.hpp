#pragma once
// A position in a schema file, carried by every IR node so diagnostics point at schema text.
#include <cstdint>
#include <string>

namespace dorm::ir {

/// file:line:col of a schema node; line and col are 1-based, 0 means "unknown".
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t col = 0;

  /// Renders "file:line:col" (or "file" when the position is unknown), as GCC does.
  [[nodiscard]] std::string str() const;
};

}  // namespace dorm::ir
