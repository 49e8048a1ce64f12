#pragma once
// What the runtime asks of a generated table type about its lifecycle traits. dorm-gen adds
// `using created_at_column = ...; using updated_at_column = ...;` for `x-dorm-timestamps` and
// `using deleted_at_column = ...;` for `x-dorm-soft-delete` (docs/lifecycle.md), and
// `using tenant_column = ...;` for `x-dorm-tenant-column` (docs/tenant-scoping.md), and
// `using version_column = ...;` for `x-dorm-version` (docs/lifecycle.md).
#include <type_traits>

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

/// Table `T` has a version column (`x-dorm-version`): update(row) and remove(row) check it,
/// update(row) increments it (optimistic locking, docs/lifecycle.md).
template <class T>
concept versioned_table = requires { typename T::version_column; };

/// True when `C` is the version column of table `T`.
template <class T, class C>
constexpr bool is_version_column() noexcept {
  if constexpr (versioned_table<T>) {
    return std::is_same_v<C, typename T::version_column>;
  } else {
    return false;
  }
}

}  // namespace dorm::detail
