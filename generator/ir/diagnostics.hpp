#pragma once
// Compiler-style diagnostics: collected over a whole run, reported together, never thrown
// one at a time, so a user sees every problem in their schemas at once.
#include <string>
#include <string_view>
#include <vector>

#include "ir/source_location.hpp"

namespace dorm::ir {

enum class Severity { error, warning, note };

/// One message: `path:line:col: error: message [dorm-code]`.
struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation loc;
  std::string message;
  std::string code;  ///< stable id such as "dorm-unknown-keyword", listed in docs/errors.md

  /// The GCC-format line, e.g. `users.json:3:5: error: unknown keyword 'x-dorm-uniq' [dorm-unknown-keyword]`.
  [[nodiscard]] std::string str() const;
};

/// Collects diagnostics in the order they were found.
class Diagnostics {
 public:
  void error(SourceLocation loc, std::string code, std::string message);
  void warning(SourceLocation loc, std::string code, std::string message);
  /// A note attaches to the diagnostic before it (a hint such as "did you mean ...").
  void note(SourceLocation loc, std::string message);

  [[nodiscard]] bool has_errors() const noexcept { return error_count_ > 0; }
  [[nodiscard]] std::size_t error_count() const noexcept { return error_count_; }
  [[nodiscard]] const std::vector<Diagnostic>& all() const noexcept { return items_; }
  /// Every diagnostic, one per line.
  [[nodiscard]] std::string str() const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t error_count_ = 0;
};

}  // namespace dorm::ir
