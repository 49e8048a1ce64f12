#pragma once
// One dorm annotation read off a declaration, the grammar's words, and the reporter that prints
// mistakes through Clang's DiagnosticsEngine (fixed "%0" formats, so the caret lands on the
// annotation or argument at fault).
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/Basic/Diagnostic.h>

#include <optional>
#include <string>
#include <vector>

#include "ir/source_location.hpp"

namespace dorm::frontend::annotated {

/// One argument of an annotation: a literal, evaluated by Clang.
struct AnnotationArg {
  enum class Kind { string, integer, real, boolean, other };
  Kind kind = Kind::other;
  std::string text;  ///< the string's value, or the number/bool as SQL writes it
  clang::SourceLocation loc;
};

/// `[[clang::annotate("dorm.<kind>", args...)]]`.
struct Annotation {
  std::string kind;  ///< without the "dorm." prefix: "table", "primary_key", ...
  std::vector<AnnotationArg> args;
  clang::SourceLocation loc;
};

/// Where an annotation may appear.
enum class Level { table, field, relation, enumeration };

/// The dorm annotations on `decl`, in source order (other annotate attributes are skipped).
std::vector<Annotation> dorm_annotations(const clang::Decl& decl, const clang::ASTContext& context);

/// The annotation kinds valid at `level`, and at any level (for "did you mean" and "belongs on").
const std::vector<std::string>& kinds_at(Level level);
std::optional<Level> level_of(const std::string& kind);
/// The macro that writes `kind`, for messages: "unique_together" -> "DORM_UNIQUE_TOGETHER".
std::string macro_name(const std::string& kind);

/// A type as messages show it: `std::vector<int>`, `Draft` (C++20 spelling, no `struct` keyword).
std::string type_name(clang::QualType type, const clang::ASTContext& context);

/// Prints errors and notes through Clang and converts locations for the IR.
class Reporter {
 public:
  Reporter(clang::DiagnosticsEngine& diags, const clang::SourceManager& sources);
  /// `file:line:col: error: <message> [<code>]` with a caret at `loc` (macro uses are shown at the
  /// use, not inside annotations.hpp).
  void error(clang::SourceLocation loc, const std::string& code, const std::string& message);
  void note(clang::SourceLocation loc, const std::string& message);
  /// A "did you mean" note when a candidate is close to `word`.
  void suggest(clang::SourceLocation loc, const std::string& word, const std::vector<std::string>& candidates);
  [[nodiscard]] std::size_t error_count() const noexcept { return errors_; }
  [[nodiscard]] ir::SourceLocation location(clang::SourceLocation loc) const;

 private:
  clang::DiagnosticsEngine& diags_;
  const clang::SourceManager& sources_;
  unsigned error_id_;
  unsigned note_id_;
  std::size_t errors_ = 0;
};

}  // namespace dorm::frontend::annotated
