#include "frontend/clang/annotation.hpp"

#include <clang/AST/Attr.h>
#include <clang/AST/Expr.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>

#include <algorithm>
#include <cctype>

#include "ir/names.hpp"

namespace dorm::frontend::annotated {
namespace {

constexpr std::string_view prefix = "dorm.";

const std::vector<std::string> table_kinds{"table",           "composite_key", "unique_together", "index_on",
                                           "unique_index_on", "timestamps",    "soft_delete",
                                           "tenant_column"};
const std::vector<std::string> field_kinds{"primary_key", "auto_increment", "unique", "index",   "default", "default_sql",
                                           "references",  "column",         "ignore", "not_null", "check",
                                           "version"};
const std::vector<std::string> relation_kinds{"belongs_to", "has_one", "has_many", "many_to_many"};
const std::vector<std::string> enum_kinds{"as_text"};

AnnotationArg read_arg(const clang::Expr* expr, const clang::ASTContext& context) {
  AnnotationArg arg;
  arg.loc = expr->getExprLoc();
  const clang::Expr* bare = expr->IgnoreParenImpCasts();
  if (const auto* literal = llvm::dyn_cast<clang::StringLiteral>(bare)) {
    arg.kind = AnnotationArg::Kind::string;
    arg.text = literal->getString().str();
    arg.loc = literal->getBeginLoc();
    return arg;
  }
  clang::Expr::EvalResult result;
  if (!expr->EvaluateAsRValue(result, context)) return arg;
  if (result.Val.isInt()) {
    if (bare->getType()->isBooleanType()) {
      arg.kind = AnnotationArg::Kind::boolean;
      arg.text = result.Val.getInt().getBoolValue() ? "1" : "0";
    } else {
      arg.kind = AnnotationArg::Kind::integer;
      arg.text = llvm::toString(result.Val.getInt(), 10);
    }
  } else if (result.Val.isFloat()) {
    arg.kind = AnnotationArg::Kind::real;
    // The number as written (without a suffix), so 1.50 stays 1.50 in the DDL.
    const clang::SourceManager& sources = context.getSourceManager();
    const auto range = clang::CharSourceRange::getTokenRange(sources.getFileLoc(bare->getBeginLoc()),
                                                            sources.getFileLoc(bare->getEndLoc()));
    std::string text = clang::Lexer::getSourceText(range, sources, context.getLangOpts()).str();
    while (!text.empty() && std::isalpha(static_cast<unsigned char>(text.back())) && text.back() != 'e' &&
           text.back() != 'E') {
      text.pop_back();
    }
    arg.text = text;
  }
  return arg;
}

}  // namespace

std::vector<Annotation> dorm_annotations(const clang::Decl& decl, const clang::ASTContext& context) {
  std::vector<Annotation> out;
  for (const auto* attr : decl.specific_attrs<clang::AnnotateAttr>()) {
    const llvm::StringRef name = attr->getAnnotation();
    if (!name.startswith(prefix)) continue;
    Annotation a;
    a.kind = name.drop_front(prefix.size()).str();
    a.loc = attr->getLocation();
    for (const clang::Expr* e : attr->args()) a.args.push_back(read_arg(e, context));
    out.push_back(std::move(a));
  }
  // Clang keeps attributes in reverse source order on some declarations; the grammar's order is
  // the source order.
  std::sort(out.begin(), out.end(), [&](const Annotation& x, const Annotation& y) {
    return context.getSourceManager().isBeforeInTranslationUnit(x.loc, y.loc);
  });
  return out;
}

const std::vector<std::string>& kinds_at(Level level) {
  switch (level) {
    case Level::table: return table_kinds;
    case Level::field: return field_kinds;
    case Level::relation: return relation_kinds;
    case Level::enumeration: return enum_kinds;
  }
  return field_kinds;
}

std::optional<Level> level_of(const std::string& kind) {
  for (Level level : {Level::table, Level::field, Level::relation, Level::enumeration}) {
    const auto& kinds = kinds_at(level);
    if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) return level;
  }
  return std::nullopt;
}

std::string type_name(clang::QualType type, const clang::ASTContext& context) {
  clang::PrintingPolicy policy = context.getPrintingPolicy();
  policy.SuppressTagKeyword = true;
  return type.getAsString(policy);
}

std::string macro_name(const std::string& kind) {
  std::string out = "DORM_";
  for (char c : kind) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Reporter::Reporter(clang::DiagnosticsEngine& diags, const clang::SourceManager& sources)
    : diags_(diags),
      sources_(sources),
      error_id_(diags.getCustomDiagID(clang::DiagnosticsEngine::Error, "%0 [%1]")),
      note_id_(diags.getCustomDiagID(clang::DiagnosticsEngine::Note, "%0")) {}

void Reporter::error(clang::SourceLocation loc, const std::string& code, const std::string& message) {
  diags_.Report(sources_.getFileLoc(loc), error_id_) << message << code;
  ++errors_;
}

void Reporter::note(clang::SourceLocation loc, const std::string& message) {
  diags_.Report(sources_.getFileLoc(loc), note_id_) << message;
}

void Reporter::suggest(clang::SourceLocation loc, const std::string& word, const std::vector<std::string>& candidates) {
  if (auto best = ir::did_you_mean(word, candidates)) note(loc, "did you mean '" + *best + "'?");
}

ir::SourceLocation Reporter::location(clang::SourceLocation loc) const {
  const clang::PresumedLoc p = sources_.getPresumedLoc(sources_.getFileLoc(loc));
  if (p.isInvalid()) return {};
  return {p.getFilename(), p.getLine(), p.getColumn()};
}

}  // namespace dorm::frontend::annotated
