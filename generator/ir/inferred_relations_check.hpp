#pragma once
// The rule that makes belongs_to inference visible: a reference that gets no relation because the
// name it would get is taken is reported, instead of the relation silently not existing.
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// Warns (dorm-inferred-relation-name) at each `x-dorm-references` whose column no belongs_to
/// uses as its foreign key, though its target exists: the name belongs_to_name() gives it is taken
/// by a column or another relation. A note shows the `x-dorm-relations` entry that declares it under
/// a free name. Runs on a resolved schema (ir::resolve_relations), as part of ir::validate.
void check_inferred_relations(const Schema& schema, Diagnostics& diags);

}  // namespace dorm::ir
