#pragma once
// Every semantic rule about a schema, in one place, run once after the front ends. Front ends
// map input to IR without judging it; emitters may assume a schema that passed validate().
// Each rule reports a Diagnostics::error (or warning) with a stable code from docs/errors.md.
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// Checks `schema` and reports every problem found (not just the first) to `diags`.
/// Expects C++ names to be assigned (ir::assign_names) so name clashes can be checked.
void validate(const Schema& schema, Diagnostics& diags);

}  // namespace dorm::ir
