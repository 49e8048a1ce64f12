#pragma once
// One statement of a script and how running it went: what Connection::run_first reports, so
// migrations name the statement that failed with the engine's own message.
#include <string>
#include <string_view>

namespace dorm {

/// The first statement of a script, run to its end.
struct ScriptStatement {
  std::string_view text;   ///< the statement as written in the script; empty when none was left
  bool failed = false;     ///< true when preparing or running it failed
  int code = 0;            ///< the engine's primary result code of the failure
  int extended_code = 0;   ///< the engine's extended result code of the failure
  std::string message;     ///< the engine's message for the failure
};

}  // namespace dorm
