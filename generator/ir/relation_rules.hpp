#pragma once
// Schema-level rules of ir::validate about relations across tables (x-dorm-relations): their
// names against the table's columns and each other, their targets, and the keys they join on.
#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// Reports, for each relation of `table`: dorm-relation-name-clash, dorm-duplicate-relation,
/// dorm-unknown-relation-target, dorm-relation-key-required, dorm-unknown-relation-key and
/// dorm-relation-key-type (keys whose values can never match), dorm-bad-cascade (an unknown
/// `cascade` value; cascade remove or orphan removal on a belongs_to or many_to_many).
void check_relations(const Schema& schema, const Table& table, Diagnostics& diags);

}  // namespace dorm::ir
