#pragma once
// Annotated structs of one translation unit -> ir::Table. One visitor per annotation kind
// (table, field, relation) maps what is written and reports what cannot be read (an unknown
// annotation or argument, an unsupported field type, a second primary key, a relation to a
// struct that is not a table); whether the schema makes sense is ir::validate's call.
#include <clang/AST/ASTContext.h>

#include <map>
#include <string>

#include "frontend/clang/annotation.hpp"
#include "ir/schema.hpp"

namespace dorm::frontend::annotated {

/// The scanned headers: real path -> how the generated header includes it.
using HeaderSpellings = std::map<std::string, std::string>;

/// Appends a table for every DORM_TABLE struct defined in one of `headers` to `out`.
void map_annotated_structs(clang::ASTContext& context, Reporter& reporter, const HeaderSpellings& headers,
                           ir::Schema& out);

}  // namespace dorm::frontend::annotated
