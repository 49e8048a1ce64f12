// The cold paths of tenant scoping (dorm/tenancy/tenant_scope.hpp): messages of the errors it throws.
#include "dorm/tenancy/tenant_scope.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace dorm {

std::string TenantId::checked(std::string_view id) {
  if (id.empty()) [[unlikely]]
    throw TenantScopeError("[dorm.tenant.empty] a tenant id must not be empty text: an empty (missing) id would "
                           "make every caller without one share a single tenant");
  return std::string(id);
}

std::string TenantId::to_string() const {
  if (is_integer()) return std::to_string(integer());
  return '"' + text() + '"';
}

namespace detail {

void throw_no_tenant_scope(std::string_view operation, std::string_view table) {
  throw TenantScopeError("[dorm.tenant.no_scope] " + std::string(operation) + " table '" + std::string(table) +
                         "' needs a tenant scope: open a dorm::TenantScope, or bypass with dorm::without_tenant_scope");
}

void throw_tenant_value_kind(std::string_view table, std::string_view column, bool column_is_integer,
                             const TenantId& tenant) {
  throw TenantScopeError("[dorm.tenant.value_kind] table '" + std::string(table) + "' has " +
                         (column_is_integer ? "an integer" : "a text") + " tenant column '" + std::string(column) +
                         "', but the active dorm::TenantScope holds " +
                         (tenant.is_integer() ? "the integer " : "the text ") + tenant.to_string());
}

void throw_other_tenant(std::string_view operation, std::string_view table, std::string_view detail) {
  throw TenantScopeError("[dorm.tenant.other_tenant] " + std::string(operation) + " table '" + std::string(table) +
                         "' " + std::string(detail));
}

void abort_tenant_scope_order(std::string_view what) noexcept {
  std::fprintf(stderr,
               "[dorm.tenant.scope_order] a %.*s ended while a tenant scope or bypass opened after it was still "
               "alive; end them in reverse order (as blocks do)\n",
               static_cast<int>(what.size()), what.data());
  std::abort();
}

}  // namespace detail
}  // namespace dorm
