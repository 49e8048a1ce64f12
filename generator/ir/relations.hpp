#pragma once
// Completes the relations the front ends read: fills the keys a schema may leave out, infers a
// belongs_to from each `<name>_id` foreign key, and synthesizes the pivot table of every
// many_to_many that does not name an existing one. It only completes the IR and never judges:
// whatever it cannot determine stays empty, and ir::validate reports it, pointing at the relation.
#include "ir/schema.hpp"

namespace dorm::ir {

/// Completes every relation of `schema`. Runs after the front ends and before assign_names and
/// validate. Table names are matched as SQLite does (ASCII case-insensitively), column names
/// exactly. Defaults ("this" is the table declaring the relation, "pk" a single-column primary key):
///
/// | kind                | default                                                             |
/// | ------------------- | ------------------------------------------------------------------- |
/// | belongs_to          | foreign_key `<name>_id`, local_key = target's pk                     |
/// | has_one / has_many  | foreign_key `<singular of this>_id`, local_key = this pk             |
/// | many_to_many        | pivot = both table names sorted and joined by `_` (`posts_tags`),    |
/// |                     | pivot_foreign_key `<singular of this>_id`, pivot_related_key         |
/// |                     | `<singular of target>_id`, local_key = this pk, related_key = target pk |
///
/// A table without a single-column primary key gives no local/related key default (left empty).
///
/// Inference: a column `author_id` with `x-dorm-references` to `users.id` adds
/// `belongs_to author -> users (foreign_key author_id, local_key id)`, `inferred = true`, located
/// at the reference, unless the table already has a relation named `author` or a column named
/// `author`, or the referenced table or column does not exist (validate reports the reference).
///
/// Pivots: for a many_to_many whose pivot table does not exist, appends one table (once, however
/// many relations name it): the two pivot key columns, NOT NULL, typed like the keys they hold;
/// primary key (pivot_foreign_key, pivot_related_key); a foreign key from each to its side with
/// ON DELETE CASCADE; an index `idx_<pivot>_<column>` on each; `is_generated_pivot = true`.
void resolve_relations(Schema& schema);

}  // namespace dorm::ir
