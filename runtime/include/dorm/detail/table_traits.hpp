#pragma once
// What the runtime asks of a generated table type about its lifecycle traits. dorm-gen adds
// `using created_at_column = ...; using updated_at_column = ...;` for `x-dorm-timestamps` and
// `using deleted_at_column = ...;` for `x-dorm-soft-delete` (docs/lifecycle.md), and
// `using tenant_column = ...;` for `x-dorm-tenant-column` (docs/tenant-scoping.md).
namespace dorm::detail {

/// Table `T` has created_at and updated_at, set by Database's model writes.
template <class T>
concept timestamped_table = requires {
  typename T::created_at_column;
  typename T::updated_at_column;
};

/// Table `T` has deleted_at: remove() sets it instead of deleting the row.
template <class T>
concept soft_delete_table = requires { typename T::deleted_at_column; };

/// Table `T` has a tenant column: its queries and writes are scoped to the active
/// dorm::TenantScope (dorm/tenancy/tenant_scope.hpp).
template <class T>
concept tenant_table = requires { typename T::tenant_column; };

}  // namespace dorm::detail
