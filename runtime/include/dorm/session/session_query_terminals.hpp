#pragma once
// The terminals of SessionQuery (dorm/session/session_query.hpp), defined once Session is
// complete (dorm/session/session.hpp includes this file at its end): the builder's rows, and
// for an eager query its relations' rows, merged into the session.
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/session/session.hpp"

namespace dorm {

template <Model M, class Query>
std::vector<M*> SessionQuery<M, Query>::all() const {
  using Eager = typename detail::eager_specs<Query>::type;
  if constexpr (std::is_same_v<Eager, type_list<>>) {
    std::vector<M> result = query_.all();
    std::vector<M*> rows;
    rows.reserve(result.size());
    auto& table = session_->template managed<M>();
    for (M& row : result) rows.push_back(&table.merge(std::move(row)).row);
    return rows;
  } else {
    // The rows (the query without its eager loads), then one query per relation, as
    // SelectQuery::all() runs them, into a store the session merges from.
    std::vector<M> result;
    {
      auto cursor = query_.cursor();
      for (const M& row : cursor) result.push_back(row);
    }
    using Store = RelationStore<typename detail::flatten_specs<Eager>::type>;
    auto store = std::make_unique<Store>();
    std::vector<const M*> parents;
    parents.reserve(result.size());
    for (const M& row : result) parents.push_back(&row);
    // A query without its tenant scope loads its relations without it too (as all() does).
    constexpr bool bypassed = (tenant_scoped_model<M> && !detail::has_tenant_scope_v<typename Query::scopes_type>) ||
                              detail::any_unscoped_tenant_join<typename Query::joins_type>::value;
    if constexpr (bypassed) {
      TenantScopeBypass bypass;
      detail::load_children(query_.cache(), *store, parents, Eager{});
    } else {
      detail::load_children(query_.cache(), *store, parents, Eager{});
    }
    return session_->template merge_eager<Eager>(result, *store);
  }
}

template <Model M, class Query>
M* SessionQuery<M, Query>::first() const {
  std::optional<M> row = query_.first();
  if (!row) return nullptr;
  return &session_->template managed<M>().merge(std::move(*row)).row;
}

}  // namespace dorm
