#pragma once
// The rule that every name a schema sets for generated C++ (`x-dorm-struct`, `x-dorm-cpp-name`,
// a relation's member) is an identifier the header may declare. Part of ir::validate: the
// emitter pastes these names into code, so a name that is not checked here could break the
// header or inject declarations into it.
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// Reports dorm-bad-identifier, at the `x-dorm-struct` / `x-dorm-cpp-name` keyword (else the table,
/// column or relation), for a struct, member or relation name that is not is_cpp_identifier
/// (`class`, `My Row`, `S {}; int x; struct T`, `_Row`), and for a struct or enum class named
/// `std` or `dorm`, which would hide the namespaces the generated code qualifies names with.
/// Needs the names assigned (ir::assign_names); clashes between names are dorm-name-clash.
void check_cpp_names(const Schema& schema, Diagnostics& diags);

}  // namespace dorm::ir
