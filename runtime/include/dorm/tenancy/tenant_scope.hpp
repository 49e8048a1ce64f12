#pragma once
// Row-level tenant scoping (docs/tenant-scoping.md). A table whose schema names a tenant column
// (`"x-dorm-tenant-column": "org_id"`, `DORM_TENANT_COLUMN("org_id")`) is only ever read and
// written for the tenant of the active dorm::TenantScope:
//
//   dorm::TenantScope scope{"acme"};              // this thread, until the end of the block
//   db.select<Project>().all();                   // ... WHERE "projects"."org_id" = ? AND ...
//   db.insert(project);                           // project.org_id = "acme", whatever it was
//
// Without an active scope, every query and write of such a table throws TenantScopeError
// before a statement runs, unless it is explicitly bypassed: per query with
// `.without_tenant_scope()`, or for a region of code with `dorm::without_tenant_scope(fn)` (or
// a dorm::TenantScopeBypass). Both bypasses are greppable by that one name.
//
// The scope is per thread (a thread_local): a scope opened in one thread does not apply to work
// handed to another; open one there. Reading it costs one thread_local access per execution;
// models without a tenant column pay nothing (every use is behind `if constexpr`).
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "dorm/detail/table_traits.hpp"
#include "dorm/core/error.hpp"
#include "dorm/expr/expression.hpp"
#include "dorm/core/model.hpp"
#include "dorm/core/type_list.hpp"

namespace dorm {

/// A tenant scoping rule was broken: a query or write of a tenant table without an active
/// scope (`[dorm.tenant.no_scope]`), a write that would touch a row of another tenant
/// (`[dorm.tenant.other_tenant]`), or a scope value of the wrong kind for the table's tenant
/// column (`[dorm.tenant.value_kind]`: text for an integer column, or the reverse).
class TenantScopeError : public Error {
 public:
  using Error::Error;
};

/// The identity of a tenant: an integer or a text, as the tenant columns store it.
class TenantId {
 public:
  // Implicit, like the column values they stand for. Integers go through a template so that
  // TenantId{0} is not ambiguous with the null pointer constant.
  template <std::integral I>
    requires(!std::same_as<I, bool>)  // a bool is not a tenant id
  TenantId(I id) : integer_(checked(id)) {}
  /// An empty text is refused (`[dorm.tenant.empty]`): a missing org id would otherwise become
  /// one tenant that every such caller shares.
  TenantId(std::string_view id) : text_(checked(id)) {}
  TenantId(const char* id) : text_(checked(id == nullptr ? std::string_view() : std::string_view(id))) {}

  [[nodiscard]] bool is_integer() const noexcept { return text_.empty(); }
  [[nodiscard]] bool is_text() const noexcept { return !is_integer(); }
  /// The integer id; only when is_integer().
  [[nodiscard]] std::int64_t integer() const noexcept { return integer_; }
  /// The text id; only when is_text().
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  /// For messages: `42` or `"acme"`.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const TenantId&, const TenantId&) = default;

 private:
  static std::string checked(std::string_view id);
  template <class I>
  static std::int64_t checked(I id) {
    if (!std::in_range<std::int64_t>(id)) [[unlikely]]
      throw TenantScopeError("[dorm.tenant.value_kind] a tenant id must fit a 64-bit signed integer");
    return static_cast<std::int64_t>(id);
  }

  // A text id is never empty, so an empty text_ means an integer id (no <variant> needed).
  std::int64_t integer_ = 0;
  std::string text_;
};

namespace detail {

/// This thread's tenant state: the active scope's tenant (nullptr: none) and whether a
/// without_tenant_scope region is open. The innermost TenantScope / TenantScopeBypass wins.
struct TenantState {
  const TenantId* tenant = nullptr;
  bool bypassed = false;
};

/// constinit and trivially destructible: no TLS init guard, one thread_local access to read.
constinit inline thread_local TenantState tenant_state{};

/// Throws `[dorm.tenant.no_scope]`: `operation` ("query on", "insert into") of `table`.
[[noreturn]] void throw_no_tenant_scope(std::string_view operation, std::string_view table);
/// Throws `[dorm.tenant.value_kind]`: the scope's tenant does not fit `column` of `table`.
[[noreturn]] void throw_tenant_value_kind(std::string_view table, std::string_view column, bool column_is_integer,
                                          const TenantId& tenant);
/// Throws `[dorm.tenant.other_tenant]` for `operation` of `table`.
[[noreturn]] void throw_other_tenant(std::string_view operation, std::string_view table, std::string_view detail);
/// Aborts with `[dorm.tenant.scope_order]`: a TenantScope or TenantScopeBypass ended while a
/// scope or bypass opened after it was still alive (held in a std::optional or on the heap and
/// destroyed out of order). Restoring then would leave this thread pointing at a destroyed
/// tenant, or at the wrong one; a destructor cannot throw, so the process stops.
[[noreturn]] void abort_tenant_scope_order(std::string_view what) noexcept;

}  // namespace detail

/// The tenant of this thread's active TenantScope, or nullptr when there is none. Inside a
/// without_tenant_scope region it still returns the enclosing scope's tenant (see
/// tenant_scope_bypassed()).
[[nodiscard]] inline const TenantId* current_tenant() noexcept { return detail::tenant_state.tenant; }

/// True inside a without_tenant_scope region (a TenantScopeBypass) that no inner TenantScope
/// has ended: queries of tenant tables then run over every tenant.
[[nodiscard]] inline bool tenant_scope_bypassed() noexcept { return detail::tenant_state.bypassed; }

/// Makes `tenant` this thread's tenant until destroyed, then restores the previous state (an
/// outer scope, a bypass region or nothing): scopes nest like the blocks they live in. A scope
/// opened inside a without_tenant_scope region scopes again (an admin job looping over tenants).
/// Neither copyable nor movable: it lives in one block of one thread. Ending it while a scope or
/// bypass opened after it is still alive aborts (`[dorm.tenant.scope_order]`).
class TenantScope {
 public:
  /// `TenantScope scope{"acme"};`, `TenantScope scope{std::int64_t{42}};`, or a TenantId.
  template <class T>
    requires std::constructible_from<TenantId, T>
  explicit TenantScope(T&& tenant) : tenant_(std::forward<T>(tenant)), previous_(detail::tenant_state) {
    detail::tenant_state = {&tenant_, false};
  }

  TenantScope(const TenantScope&) = delete;
  TenantScope& operator=(const TenantScope&) = delete;
  ~TenantScope() {
    if (detail::tenant_state.tenant != &tenant_ || detail::tenant_state.bypassed) [[unlikely]]
      detail::abort_tenant_scope_order("dorm::TenantScope");
    detail::tenant_state = previous_;
  }

  /// The tenant this scope sets.
  [[nodiscard]] const TenantId& tenant() const noexcept { return tenant_; }

 private:
  TenantId tenant_;
  detail::TenantState previous_;
};

/// Opens a without_tenant_scope region until destroyed: queries of tenant tables run over every
/// tenant, and writes keep the tenant column the row has (see docs/tenant-scoping.md). Prefer
/// dorm::without_tenant_scope(fn); this is for regions that are not one function call.
class TenantScopeBypass {
 public:
  TenantScopeBypass() noexcept : previous_(detail::tenant_state) { detail::tenant_state.bypassed = true; }
  TenantScopeBypass(const TenantScopeBypass&) = delete;
  TenantScopeBypass& operator=(const TenantScopeBypass&) = delete;
  ~TenantScopeBypass() {
    if (detail::tenant_state.tenant != previous_.tenant || !detail::tenant_state.bypassed) [[unlikely]]
      detail::abort_tenant_scope_order("dorm::TenantScopeBypass");
    detail::tenant_state = previous_;
  }

 private:
  detail::TenantState previous_;
};

/// Runs `fn` with tenant scoping bypassed on this thread (administrative work across tenants)
/// and returns what it returns; the previous state comes back when `fn` returns or throws.
template <std::invocable F>
decltype(auto) without_tenant_scope(F&& fn) {
  TenantScopeBypass bypass;
  return std::forward<F>(fn)();
}

namespace detail {

/// The tenant of the active scope as a value of column `C` (std::int64_t or another integer
/// type, or std::string); throws when there is no scope or its tenant is of the other kind.
/// `operation` names what needed it, for the message.
template <class C>
typename C::value_type tenant_value_for(std::string_view operation) {
  using V = typename C::value_type;
  static_assert((std::integral<V> && !std::same_as<V, bool>) || std::same_as<V, std::string>,
                "dorm: a tenant column must be a required integer or string column");
  const TenantId* tenant = tenant_state.tenant;
  if (tenant == nullptr) [[unlikely]]
    throw_no_tenant_scope(operation, C::table_type::name);
  if constexpr (std::same_as<V, std::string>) {
    if (!tenant->is_text()) [[unlikely]]
      throw_tenant_value_kind(C::table_type::name, C::name, false, *tenant);
    return tenant->text();
  } else {
    if (!tenant->is_integer() || !std::in_range<V>(tenant->integer())) [[unlikely]]
      throw_tenant_value_kind(C::table_type::name, C::name, true, *tenant);
    return static_cast<V>(tenant->integer());
  }
}

/// `"t"."org_id" = ?`, the tenant's value bound: the condition of TenantScopeOf. It owns its
/// value, so a cursor that outlives the scope still binds a live one.
template <class C>
struct TenantCondition {
  using tables = type_list<typename C::table_type>;
  static constexpr bool is_condition = true;
  typename C::value_type value;

  static constexpr auto sql_text() noexcept { return detail::sql_concat(detail::sql_from<C::qualified_name.size()>(C::qualified_name), detail::sql_literal(" = ?")); }
  void bind(Binder& binder) const { binder(value); }
};

}  // namespace detail

/// Model `M`'s table has a tenant column (`x-dorm-tenant-column`): its queries and writes are
/// scoped to the active TenantScope.
template <class M>
concept tenant_scoped_model = Model<M> && detail::tenant_table<table_of<M>>;

/// The scope of a tenant table: `"t"."org_id" = <the active scope's tenant>`. Every query of
/// such a model applies it first (default_scopes_t); without_global_scopes() keeps it, and only
/// without_tenant_scope() (per query or per region) drops it. condition() throws
/// TenantScopeError when no scope is active.
template <class M>
struct TenantScopeOf {
  static constexpr std::string_view name = "tenant";
  static auto condition() {
    using C = typename table_of<M>::tenant_column;
    return detail::TenantCondition<C>{detail::tenant_value_for<C>("query on")};
  }
};

namespace detail {

template <class S>
struct is_tenant_scope : std::false_type {};
template <class M>
struct is_tenant_scope<TenantScopeOf<M>> : std::true_type {};

/// True when the scope list `Scopes` includes a tenant scope.
template <class Scopes>
struct has_tenant_scope;
template <class... S>
struct has_tenant_scope<type_list<S...>> : std::bool_constant<(is_tenant_scope<S>::value || ...)> {};
template <class Scopes>
inline constexpr bool has_tenant_scope_v = has_tenant_scope<Scopes>::value;

/// `Scopes` without (`Keep` false) or with only (`Keep` true) its tenant scope.
template <class Scopes, bool Keep>
struct filter_tenant_scopes;
template <class... S, bool Keep>
struct filter_tenant_scopes<type_list<S...>, Keep> {
  using type = type_list_concat_t<std::conditional_t<is_tenant_scope<S>::value == Keep, type_list<S>, type_list<>>...>;
};
/// `Scopes` without its tenant scope: without_tenant_scope().
template <class Scopes>
using without_tenant_scopes_t = typename filter_tenant_scopes<Scopes, false>::type;
/// The tenant scope of `Scopes` alone: what without_global_scopes() keeps.
template <class Scopes>
using tenant_scopes_only_t = typename filter_tenant_scopes<Scopes, true>::type;

/// The tenant value a row statement (update(row), remove(row), restore(row)) of model `M`
/// binds in its `AND "org_id" = ?`: the active scope's tenant, or inside a bypass region the
/// row's own (a row statement never moves a row to another tenant).
template <class M>
typename table_of<M>::tenant_column::value_type row_tenant_value(const M& row, std::string_view operation) {
  using C = typename table_of<M>::tenant_column;
  if (tenant_state.bypassed) return row.*C::member;
  return tenant_value_for<C>(operation);
}

/// Throws TenantScopeError when a write (`operation` of M's table) needs a tenant scope and
/// none is active: called first thing, so no hook and no statement runs then.
template <class M>
void require_tenant_for_write(std::string_view operation) {
  if constexpr (tenant_table<table_of<M>>) {
    if (!tenant_state.bypassed && tenant_state.tenant == nullptr) [[unlikely]]
      throw_no_tenant_scope(operation, table_of<M>::name);
  }
}

/// Sets `row`'s tenant column to the active scope's tenant (insert, upsert, update), unless in
/// a bypass region, where the row keeps its own.
template <class M>
void stamp_tenant(M& row, std::string_view operation) {
  if constexpr (tenant_table<table_of<M>>) {
    using C = typename table_of<M>::tenant_column;
    if (!tenant_state.bypassed) row.*C::member = tenant_value_for<C>(operation);
  }
}

}  // namespace detail

namespace rules {

template <class Column, bool ChangesTenantColumn>
constexpr void require_tenant_column_unchanged() {
  static_assert(!ChangesTenantColumn,
                "dorm: update().set() may not assign the tenant column of a tenant-scoped table (the rows would move "
                "to another tenant); call without_tenant_scope() before set() if that is what you mean");
}

}  // namespace rules

}  // namespace dorm
