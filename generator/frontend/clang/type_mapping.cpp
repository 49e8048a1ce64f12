#include "frontend/clang/type_mapping.hpp"

#include <clang/AST/DeclTemplate.h>

#include "frontend/clang/annotation.hpp"

namespace dorm::frontend::annotated {
namespace {

/// True when `decl` is `std::<name>` (inline namespaces such as std::__cxx11 included).
bool is_std(const clang::NamedDecl* decl, llvm::StringRef name) {
  return decl != nullptr && decl->isInStdNamespace() && decl->getName() == name;
}

/// True when `decl` is `std::chrono::<name>`.
bool is_std_chrono(const clang::NamedDecl* decl, llvm::StringRef name) {
  if (decl == nullptr || decl->getName() != name) return false;
  const auto* chrono = llvm::dyn_cast<clang::NamespaceDecl>(decl->getDeclContext());
  while (chrono != nullptr && chrono->isInline()) chrono = llvm::dyn_cast<clang::NamespaceDecl>(chrono->getParent());
  return chrono != nullptr && chrono->getName() == "chrono" && chrono->getParent()->isStdNamespace();
}

/// The specialization behind a record type, when it is one of template `std[::chrono]::<name>`.
const clang::ClassTemplateSpecializationDecl* specialization(clang::QualType type) {
  const auto* record = type->getAsCXXRecordDecl();
  return llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(record);
}

MappedType unsupported_type(clang::QualType type, const std::string& what, const clang::ASTContext& context) {
  MappedType m;
  m.why = "field type '" + type_name(type, context) + "' " + what;
  return m;
}

MappedType supported(ir::Storage storage, ir::CppType cpp_type) {
  MappedType m;
  m.supported = true;
  m.storage = storage;
  m.cpp_type = cpp_type;
  return m;
}

/// The class template dorm::type_mapping when the translation unit declares it, else null.
const clang::ClassTemplateDecl* type_mapping_template(const clang::ASTContext& context) {
  clang::IdentifierTable& names = context.Idents;
  for (const clang::NamedDecl* d : context.getTranslationUnitDecl()->lookup(&names.get("dorm"))) {
    const auto* dorm = llvm::dyn_cast<clang::NamespaceDecl>(d);
    if (dorm == nullptr) continue;
    for (const clang::NamedDecl* t : dorm->lookup(&names.get("type_mapping"))) {
      if (const auto* tmpl = llvm::dyn_cast<clang::ClassTemplateDecl>(t)) return tmpl;
    }
  }
  return nullptr;
}

/// The `storage_type` of a complete dorm::type_mapping<type> specialization the user wrote, or
/// a null type when there is none.
clang::QualType mapped_storage(clang::QualType type, const clang::ASTContext& context) {
  const clang::ClassTemplateDecl* tmpl = type_mapping_template(context);
  if (tmpl == nullptr) return {};
  for (const clang::ClassTemplateSpecializationDecl* spec : tmpl->specializations()) {
    const auto& args = spec->getTemplateArgs();
    if (args.size() != 1 || args[0].getKind() != clang::TemplateArgument::Type ||
        !context.hasSameType(args[0].getAsType(), type) || spec->getDefinition() == nullptr) {
      continue;
    }
    for (const clang::NamedDecl* d : spec->getDefinition()->lookup(&context.Idents.get("storage_type"))) {
      if (const auto* alias = llvm::dyn_cast<clang::TypedefNameDecl>(d)) return alias->getUnderlyingType();
    }
  }
  return {};
}

}  // namespace

MappedType map_field_type(clang::QualType written, const clang::ASTContext& context) {
  auto unsupported = [&](clang::QualType type, const std::string& what) { return unsupported_type(type, what, context); };
  const clang::QualType type = written.getCanonicalType().getUnqualifiedType();
  if (written.isConstQualified()) return unsupported(written, "is const; dorm assigns members when it reads rows");
  if (type->isReferenceType() || type->isPointerType()) {
    return unsupported(written, "is a pointer or reference; a column holds a value (std::optional<T> for NULL)");
  }
  if (type->isBooleanType()) return supported(ir::Storage::integer, ir::CppType::boolean);
  if (type->isAnyCharacterType()) {
    return unsupported(written, "is a character type; use std::string, or std::int8_t for a small number");
  }
  if (const auto* e = type->getAs<clang::EnumType>()) {
    const clang::EnumDecl* decl = e->getDecl()->getDefinition();
    if (is_std(e->getDecl(), "byte")) return unsupported(written, "is a single byte; use std::vector<std::byte> for a BLOB");
    if (decl == nullptr) return unsupported(written, "is an enum without a definition");
    bool as_text = false;
    for (const Annotation& a : dorm_annotations(*decl, context)) as_text |= a.kind == "as_text";
    MappedType m = supported(as_text ? ir::Storage::text : ir::Storage::integer,
                             as_text ? ir::CppType::string : ir::CppType::int64);
    m.cpp_enum = "::" + decl->getQualifiedNameAsString();
    if (as_text) {
      for (const clang::EnumConstantDecl* c : decl->enumerators()) m.enumerators.push_back(c->getNameAsString());
    }
    return m;
  }
  if (type->isIntegerType()) return supported(ir::Storage::integer, ir::CppType::int64);
  if (type->isRealFloatingType()) {
    if (context.getTypeSize(type) > 64) return unsupported(written, "is wider than SQLite's 64-bit REAL; use double");
    return supported(ir::Storage::real, ir::CppType::float64);
  }
  if (const auto* spec = specialization(type)) {
    const clang::ClassTemplateDecl* tmpl = spec->getSpecializedTemplate();
    const auto& args = spec->getTemplateArgs();
    if (is_std(tmpl, "optional")) {
      const clang::QualType inner = args[0].getAsType();
      const auto* inner_spec = specialization(inner.getCanonicalType());
      if (inner_spec != nullptr && is_std(inner_spec->getSpecializedTemplate(), "optional")) {
        return unsupported(written, "nests std::optional; one level says the column is nullable");
      }
      MappedType m = map_field_type(inner, context);
      if (!m.supported) return m;
      m.optional = true;
      return m;
    }
    if (is_std(tmpl, "basic_string")) {
      if (context.hasSameType(args[0].getAsType(), context.CharTy)) return supported(ir::Storage::text, ir::CppType::string);
      return unsupported(written, "is not a string of char; SQLite text is UTF-8 (use std::string)");
    }
    if (is_std(tmpl, "vector")) {
      const auto* element = args[0].getAsType().getCanonicalType()->getAs<clang::EnumType>();
      if (element != nullptr && is_std(element->getDecl(), "byte")) return supported(ir::Storage::blob, ir::CppType::bytes);
      return unsupported(written, "has no SQLite mapping; only std::vector<std::byte> (a BLOB) is a column");
    }
    if (is_std_chrono(tmpl, "time_point")) {
      const auto* clock = args[0].getAsType()->getAsCXXRecordDecl();
      if (!is_std_chrono(clock, "system_clock")) {
        return unsupported(written, "is not a std::chrono::system_clock time point; only those map to UTC text");
      }
      MappedType m = supported(ir::Storage::text, ir::CppType::string);
      m.format = "date-time";
      m.time_point = true;
      return m;
    }
  }
  // A user type with a dorm::type_mapping specialization: stored as its storage_type.
  if (type->isRecordType()) {
    if (const clang::QualType storage = mapped_storage(type, context); !storage.isNull()) {
      MappedType m = map_field_type(storage, context);
      const bool plain = m.supported && !m.optional && !m.time_point && m.cpp_enum.empty() &&
                         (m.cpp_type == ir::CppType::int64 || m.cpp_type == ir::CppType::float64 ||
                          m.cpp_type == ir::CppType::string || m.cpp_type == ir::CppType::bytes);
      if (!plain) {
        return unsupported(written, "has a dorm::type_mapping whose storage_type is not std::int64_t, double, "
                                    "std::string or std::vector<std::byte>");
      }
      m.custom_type = "::" + type->getAsCXXRecordDecl()->getQualifiedNameAsString();
      return m;
    }
  }
  return unsupported(written,
                     "has no SQLite mapping; use an integer, double, bool, std::string, std::vector<std::byte>, an "
                     "enum, a std::chrono::system_clock time point or std::optional of one, a type with a "
                     "dorm::type_mapping specialization, or mark the field DORM_IGNORE");
}

}  // namespace dorm::frontend::annotated
