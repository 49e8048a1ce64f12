#pragma once
// IR -> each table's factory_definition(n) and required_parents (docs/lifecycle.md): a row that
// is valid by construction for the n-th item of a sequence, derived from the column's type and
// rules, and the belongs_to relations a factory must create a parent for.
#include <vector>

#include <kainjow/mustache.hpp>

#include "ir/schema.hpp"

namespace dorm::emit {

/// The belongs_to relations of `table` whose foreign key column is NOT NULL, in schema order,
/// except those to `table` itself (a parent that needs a parent of its own type never ends).
[[nodiscard]] std::vector<const ir::Relation*> required_parents(const ir::Table& table);

/// Sets `factory_assignments`, `factory_uses_n` and `required_parents` of a table view.
void add_factory_view(kainjow::mustache::data& view, const ir::Schema& schema, const ir::Table& table);

}  // namespace dorm::emit
