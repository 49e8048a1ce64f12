#pragma once
// A field's C++ type -> its SQLite storage, through the type's declaration (std::optional,
// std::basic_string, std::vector, std::chrono::time_point are recognized as the standard
// library's templates, however they are spelled or aliased); a class with a dorm::type_mapping
// specialization maps to that specialization's storage_type.
#include <clang/AST/ASTContext.h>
#include <clang/AST/Type.h>

#include <string>
#include <vector>

#include "ir/schema.hpp"

namespace dorm::frontend::annotated {

struct MappedType {
  bool supported = false;
  std::string why;  ///< when unsupported: what the type is and what to use instead
  ir::Storage storage = ir::Storage::text;
  ir::CppType cpp_type = ir::CppType::string;
  bool optional = false;  ///< std::optional<T>: a nullable column
  std::string format;     ///< "date-time" for time points
  bool time_point = false;  ///< a std::chrono::system_clock time point (ir::Column::time_point)
  std::string cpp_enum;   ///< "::ns::E" for enums
  std::vector<std::string> enumerators;  ///< enums declared DORM_AS_TEXT
  std::string custom_type;  ///< "::acme::Money" for a type with a dorm::type_mapping (ir::Column::cpp_custom_type)
};

MappedType map_field_type(clang::QualType type, const clang::ASTContext& context);

}  // namespace dorm::frontend::annotated
