#pragma once
// The rules about how a column is stored: which affinities (`x-dorm-affinity`) fit its JSON
// type, and that an object/array column's default is JSON of that type. Part of ir::validate.
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// Reports, at `x-dorm-affinity` (or the property when it is not written):
/// - dorm-affinity: an affinity the column's type cannot round-trip through. A string may be
///   declared text, numeric, integer, real (these three make validate() check that each value
///   keeps its text) or blob (a column without a declared type); an integer or boolean integer or numeric; a number real or numeric;
///   an object/array text; binary data blob.
/// - dorm-default-breaks-rule: an object/array column whose literal default is not JSON of the
///   column's type, which its CHECK constraint would refuse on every insert that keeps it.
void check_storage(const Column& column, Diagnostics& diags);

}  // namespace dorm::ir
