#include "ir/diagnostics.hpp"

namespace dorm::ir {

std::string SourceLocation::str() const {
  if (line == 0) return file;
  return file + ':' + std::to_string(line) + ':' + std::to_string(col);
}

std::string Diagnostic::str() const {
  std::string out = loc.str();
  switch (severity) {
    case Severity::error: out += ": error: "; break;
    case Severity::warning: out += ": warning: "; break;
    case Severity::note: out += ": note: "; break;
  }
  out += message;
  if (!code.empty()) out += " [" + code + ']';
  return out;
}

void Diagnostics::error(SourceLocation loc, std::string code, std::string message) {
  items_.push_back({Severity::error, std::move(loc), std::move(message), std::move(code)});
  ++error_count_;
}

void Diagnostics::warning(SourceLocation loc, std::string code, std::string message) {
  items_.push_back({Severity::warning, std::move(loc), std::move(message), std::move(code)});
}

void Diagnostics::note(SourceLocation loc, std::string message) {
  items_.push_back({Severity::note, std::move(loc), std::move(message), {}});
}

std::string Diagnostics::str() const {
  std::string out;
  for (const auto& d : items_) out += d.str() + '\n';
  return out;
}

}  // namespace dorm::ir
