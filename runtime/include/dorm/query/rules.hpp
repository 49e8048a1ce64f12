#pragma once
// The rules of the query builders and model operations, one type per broken rule, in the form
// dorm/expr/rules.hpp describes: a builder method takes `rules::check_t<holds, error::rule<...>>`
// as a defaulted parameter, rules::satisfied when the rule holds; otherwise the rule type's
// deleted default constructor is the compile error, and its line comment (shown by g++ under
// "note: declared here") says the fix.
#include <cstddef>
#include <type_traits>

#include "dorm/expr/rules.hpp"

namespace dorm::error {

// Writes over every row.
template <class Model>
struct update_without_where_would_change_every_row {
  update_without_where_would_change_every_row() = delete;  // call execute_all_rows() if that is what you mean
};
template <class Model>
struct remove_without_where_would_delete_every_row {
  remove_without_where_would_delete_every_row() = delete;  // call execute_all_rows() if that is what you mean
};

// update_all<T>().set(...).
template <class Argument>
struct set_takes_assignments {
  set_takes_assignments() = delete;  // set(users.name = "Ann"), or set(users.name, "Ann")
};
template <class Column, class UpdatedTable>
struct set_assigns_a_column_of_another_table {
  set_assigns_a_column_of_another_table() = delete;  // update_all<T>() sets only columns of T's table
};
template <class Column>
struct set_may_not_assign_the_tenant_column {
  set_may_not_assign_the_tenant_column() = delete;  // rows would move tenant; without_tenant_scope() first
};

// Scopes and soft deletes.
template <class Model>
struct needs_a_table_with_soft_deletes {
  needs_a_table_with_soft_deletes() = delete;  // add "x-dorm-soft-delete": true to the table's schema, or drop the call
};
template <class Scope>
struct without_scope_cannot_drop_the_tenant_scope {
  without_scope_cannot_drop_the_tenant_scope() = delete;  // call without_tenant_scope(), the one greppable bypass
};
template <class Scope, class QueryScopes>
struct without_scope_names_a_scope_not_applied {
  without_scope_names_a_scope_not_applied() = delete;  // name one of dorm::global_scopes<Model>, or drop it
};
template <class Model>
struct without_tenant_scope_needs_a_tenant_table {
  without_tenant_scope_needs_a_tenant_table() = delete;  // no table of this query has "x-dorm-tenant-column"
};
template <class Model>
struct tenant_scope_is_dropped_only_by_without_tenant_scope {
  tenant_scope_is_dropped_only_by_without_tenant_scope() = delete;  // call without_tenant_scope(): the greppable bypass
};

// Eager loading.
template <class Relation, class Model>
struct with_relation_of_another_model {
  with_relation_of_another_model() = delete;  // e.g. with(posts.author) for select<Post>()
};
template <class Relation, class LoadedRelations>
struct relation_not_loaded {
  relation_not_loaded() = delete;  // row[relation] gives the relations the query loaded: add it to with()
};

// Factories: for_parent(), has(), has_attached().
template <class Argument>
struct factory_takes_a_relation {
  factory_takes_a_relation() = delete;  // such as posts.author, users.posts or posts.tags
};
template <class Relation, class Model>
struct factory_relation_of_another_model {
  factory_relation_of_another_model() = delete;  // e.g. posts.author for dorm::factory<Post>()
};
template <class Relation>
struct for_parent_takes_a_belongs_to_relation {
  for_parent_takes_a_belongs_to_relation() = delete;  // has() for has_many/has_one, has_attached() for many_to_many
};
template <class Relation>
struct has_takes_a_has_many_or_has_one_relation {
  has_takes_a_has_many_or_has_one_relation() = delete;  // for_parent() for belongs_to, has_attached() for many_to_many
};
template <class Relation>
struct has_attached_takes_a_many_to_many_relation {
  has_attached_takes_a_many_to_many_relation() = delete;  // has() for has_many/has_one, for_parent() for belongs_to
};

// Hooks: dorm::hooks<M>().on(event, hook).
template <class Model, class Hook>
struct hook_takes_the_row {
  hook_takes_the_row() = delete;  // [](Model& row) { ... } before an event, [](const Model& row) { ... } after
};
template <class Model, class HookResult>
struct hook_returns_bool_or_void {
  hook_returns_bool_or_void() = delete;  // bool: false cancels the write; or void
};

// Set operations: union_all(), union_(), intersect(), except().
template <class Left, class Right>
struct set_operation_of_selects_of_different_rows {
  set_operation_of_selects_of_different_rows() = delete;  // whole rows of one model, or columns() of the same types
};
template <std::size_t Left, std::size_t Right>
struct set_operation_column_counts_differ {
  set_operation_column_counts_differ() = delete;  // both selects need as many columns()
};
template <std::size_t Column, class Left, class Right>
struct set_operation_column_types_differ {
  set_operation_column_types_differ() = delete;  // column `Column` (from 1) must read as one C++ type on both sides
};

}  // namespace dorm::error

namespace dorm::rules {

/// The defaulted-parameter type of a builder method: satisfied when `Holds`, else `Rule`.
template <bool Holds, class Rule>
using check_t = std::conditional_t<Holds, satisfied, Rule>;

/// The first of `Checks` that is not satisfied (the rule a call with several arguments breaks
/// first), or satisfied: the defaulted parameter of order_by(), with() and set() with two or
/// three arguments.
template <class... Checks>
struct first_broken {
  using type = satisfied;
};
template <class Check, class... Rest>
struct first_broken<Check, Rest...>
    : std::conditional_t<std::is_same_v<Check, satisfied>, first_broken<Rest...>, std::type_identity<Check>> {};
template <class... Checks>
using first_broken_t = typename first_broken<Checks...>::type;

/// The rule with() breaks for relation `Relation` on a query of `Model`, or satisfied.
template <class Relation, class Model>
using with_check_t =
    check_t<std::is_same_v<typename Relation::parent_model, Model>, error::with_relation_of_another_model<Relation, Model>>;

}  // namespace dorm::rules
