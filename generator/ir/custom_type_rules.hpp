#pragma once
// The rules of user C++ types in columns (`x-dorm-cpp-type`, `x-dorm-cpp-include`; annotated
// struct members with a dorm::type_mapping): a well-formed name, and none of what the generated
// code could only do on dorm's own value types.
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// Reports what `column` of `table` breaks: dorm-bad-cpp-type (not a C++ qualified name),
/// dorm-bad-cpp-include (an include without a type, or a path with quotes, angle brackets or a
/// line break), dorm-cpp-type-conflict (a user type on an object/array column, with
/// x-dorm-enum-class, value checks, a format, a literal default, or on a key, foreign key,
/// version, tenant or timestamp column).
void check_custom_type(const Table& table, const Column& column, Diagnostics& diags);

}  // namespace dorm::ir
