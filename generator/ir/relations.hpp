#pragma once
// Completes the relations the front ends read: fills the keys a schema may leave out, infers a
// belongs_to from each `<name>_id` foreign key, and synthesizes the pivot table of every
// many_to_many that does not name an existing one. It only completes the IR and never judges:
// whatever it cannot determine stays empty, and ir::validate reports it, pointing at the relation.
#include <optional>
#include <string>
#include <string_view>

#include "ir/schema.hpp"

namespace dorm::ir {

/// The belongs_to of `table` whose foreign key is `column`, or null.
[[nodiscard]] const Relation* covering_belongs_to(const Table& table, const Column& column);

/// What already has relation name `name` in `table`, as the diagnostics say it (`column 'book'`,
/// `relation 'tags'`), or nullopt when it is free. A column or relation whose C++ member would be
/// the same counts too (`class_` takes `class`).
[[nodiscard]] std::optional<std::string> relation_name_taker(const Table& table, std::string_view name);

/// `base`, or the first free of `base_2`, `base_3`, ... in `table` (relation_name_taker).
[[nodiscard]] std::string free_relation_name(const Table& table, std::string_view base);

/// Declares the relations a database's foreign keys imply (for `dorm-gen introspect`, which writes
/// them as `x-dorm-relations`), every key spelled out. Each single-column reference
/// child.f -> parent.k gives:
/// - on the child, belongs_to belongs_to_name(f, k, parent): `Album.ArtistId` -> `artist`;
/// - on the parent, has_one singular_snake(child) when f is unique or the child's whole primary key,
///   else has_many plural_snake(child): `Artist.albums`; with several keys from one child to one
///   parent each is suffixed `_as_<its belongs_to name>`: `users.messages_as_sender`;
/// - for a child whose primary key is exactly two such references (a pivot), a many_to_many on
///   each parent to the other (both on one parent when both point at it), named plural_snake of
///   the belongs_to name of the far key: `Playlist.tracks`, `Track.playlists`.
/// Names taken by a column or an earlier relation get the first free suffix (free_relation_name);
/// tables are visited by name, so the result does not depend on their order.
void infer_relations_from_foreign_keys(Schema& schema);

/// Completes every relation of `schema`. Runs after the front ends and before assign_names and
/// validate. Table names are matched as SQLite does (ASCII case-insensitively), column names
/// exactly. Defaults ("this" is the table declaring the relation, "pk" a single-column primary key):
///
/// | kind                | default                                                             |
/// | ------------------- | ------------------------------------------------------------------- |
/// | belongs_to          | foreign_key `<name>_id`, local_key = target's pk                     |
/// | has_one / has_many  | foreign_key `<singular of this>_id`, local_key = this pk             |
/// | many_to_many        | pivot = both table names sorted and joined by `_` (`posts_tags`),    |
/// |                     | local_key = this pk, related_key = target pk, pivot_foreign_key      |
/// |                     | pivot_column_name(this, local_key) (`post_id`, `book_isbn`),         |
/// |                     | pivot_related_key pivot_column_name(target, related_key)             |
///
/// A table without a single-column primary key gives no local/related key default (left empty).
///
/// Inference: each column with `x-dorm-references` that no declared belongs_to uses as its
/// foreign key adds a belongs_to named belongs_to_name() (`author_id` -> `users.id` gives
/// `belongs_to author -> users (foreign_key author_id, local_key id)`; `book_isbn` -> `books.isbn`
/// gives `book`), `inferred = true`, located at the reference, unless that name is taken
/// (relation_name_taker; validate warns, dorm-inferred-relation-name) or the referenced table or
/// column does not exist (validate reports the reference).
///
/// Pivots: for a many_to_many whose pivot table does not exist, appends one table (once, however
/// many relations name it): the two pivot key columns, NOT NULL, typed like the keys they hold;
/// primary key (pivot_foreign_key, pivot_related_key); a foreign key from each to its side with
/// ON DELETE CASCADE; an index `idx_<pivot>_<column>` on each; `is_generated_pivot = true`.
void resolve_relations(Schema& schema);

}  // namespace dorm::ir
