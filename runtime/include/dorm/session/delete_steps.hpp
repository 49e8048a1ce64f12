#pragma once
// The delete steps of a table's identity map (ManagedRows<M>, dorm/session/managed_rows.hpp):
// the removed rows of a table deleted (soft-deleted) as Database::remove() does it, hooks,
// tenant rule and version check included, but in one statement per batch
// (flush_delete_sql()); rows referencing removed rows of their own table first; and a nullable
// key breaking a cycle set NULL first where the table it references is deleted from before.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dorm/session/managed_rows.hpp"

namespace dorm::detail {

/// The type of table `T`'s tenant column (int where it has none, never used then).
template <class T>
struct tenant_value_of {
  using type = int;
};
template <class T>
  requires tenant_table<T>
struct tenant_value_of<T> {
  using type = typename T::tenant_column::value_type;
};

/// Foreign key `FK` of table `T` set to NULL in `row` when it is nullable, named `column` and
/// set; true when it was. (Helpers per key rather than lambdas folded over the keys: clang 14
/// crashes on those.)
template <class T, class FK>
bool clear_foreign_key(typename T::model_type& row, std::string_view column, ChangedColumns<T>& cleared) {
  using C = typename FK::child_column;
  if constexpr (C::nullable) {
    if (C::name != column || !(row.*C::member).has_value()) return false;
    row.*C::member = std::nullopt;
    cleared.set(column_index<T, C>());
    return true;
  } else {
    (void)row;
    (void)column;
    (void)cleared;
    return false;
  }
}
/// The nullable foreign key of table `T` named `column` set to NULL in `row`; false when `row`
/// holds NULL there already (or `T` has no such key).
template <class T, class... FKs>
bool clear_foreign_key([[maybe_unused]] typename T::model_type& row, [[maybe_unused]] std::string_view column,
                       [[maybe_unused]] ChangedColumns<T>& cleared, type_list<FKs...>) {
  bool changed = false;
  ((changed = clear_foreign_key<T, FKs>(row, column, cleared) || changed), ...);
  return changed;
}

template <Model M>
void ManagedRows<M>::unlink_removed(Database& db, std::string_view column) {
  if constexpr (!soft_delete_table<table_type>) {
    // Copies with the key NULL: the snapshots keep what the row held until it is deleted.
    std::vector<M> copies;
    copies.reserve(removed_.size());
    std::vector<WrittenRow> written;
    ChangedColumns<table_type> cleared;
    std::vector<const ManagedRow<M>*> owners;
    for (const ManagedRow<M>* entry : removed_) {
      M copy = entry->snapshot;
      if (clear_foreign_key<table_type>(copy, column, cleared, foreign_keys_of_t<table_type>{})) {
        copies.push_back(std::move(copy));
        owners.push_back(entry);
      }
    }
    written.reserve(copies.size());
    for (std::size_t i = 0; i < copies.size(); ++i) written.push_back(WrittenRow{&copies[i], &owners[i]->snapshot});
    if (!written.empty()) write_batch(db, cleared, written);
  } else {
    // A soft-deleted row stays, and keeps what it references.
    (void)db;
    (void)column;
  }
}

/// Records in `children` which of the removed rows `rows` reference which through `FK` when it
/// is a foreign key of table `T` to itself (children[i]: the rows referencing row i); true when
/// it is one.
template <class T, class FK>
bool add_self_references(const std::vector<typename T::model_type>& rows,
                         std::vector<std::vector<std::size_t>>& children) {
  using Child = typename FK::child_column;
  using Parent = typename FK::parent_column;
  if constexpr (std::is_same_v<typename Parent::table_type, T>) {
    using ByValue = std::unordered_map<unwrap_optional_t<typename Parent::value_type>, std::size_t>;
    ByValue by_value;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if constexpr (is_optional_v<typename Parent::value_type>) {
        if (const auto& value = rows[i].*Parent::member) by_value.emplace(*value, i);
      } else {
        by_value.emplace(rows[i].*Parent::member, i);
      }
    }
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const auto& value = rows[j].*Child::member;
      typename ByValue::const_iterator at;
      if constexpr (is_optional_v<typename Child::value_type>) {
        if (!value) continue;
        at = by_value.find(*value);
      } else {
        at = by_value.find(value);
      }
      if (at != by_value.end() && at->second != j) children[at->second].push_back(j);
    }
    return true;
  } else {
    (void)rows;
    (void)children;
    return false;
  }
}

/// The order in which the removed rows `rows` of table `T` are deleted, as layers of indexes:
/// a row after every removed row referencing it through a foreign key of `T` to itself (a reply
/// before the comment it replies to), so each statement leaves no row referencing a deleted one.
/// Rows referencing each other in a cycle go together in the last layer (SQLite checks foreign
/// keys at the end of a statement).
template <class T, class... FKs>
std::vector<std::vector<std::size_t>> delete_layers(const std::vector<typename T::model_type>& rows,
                                                    type_list<FKs...>) {
  std::vector<std::vector<std::size_t>> children(rows.size());
  bool self_referencing = false;
  ((self_referencing = add_self_references<T, FKs>(rows, children) || self_referencing), ...);
  std::vector<std::vector<std::size_t>> layers;
  if (!self_referencing) {
    layers.emplace_back(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) layers.back()[i] = i;
    return layers;
  }
  std::vector<bool> placed(rows.size(), false);
  std::size_t count = 0;
  while (count < rows.size()) {
    std::vector<std::size_t> ready;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (placed[i]) continue;
      if (std::all_of(children[i].begin(), children[i].end(), [&](std::size_t c) { return placed[c]; }))
        ready.push_back(i);
    }
    if (ready.empty())
      for (std::size_t i = 0; i < rows.size(); ++i)
        if (!placed[i]) ready.push_back(i);
    for (std::size_t i : ready) placed[i] = true;
    count += ready.size();
    layers.push_back(std::move(ready));
  }
  return layers;
}

template <Model M>
void ManagedRows<M>::delete_removed(Database& db) {
  using T = table_type;
  using Steps = WriteSteps<WriteKind::remove, T>;
  if (removed_.empty()) return;
  // As Database::remove(row): the tenant and read-only rules first, then on copies of the rows
  // as last flushed the before hooks, the statements, the stamps of a soft delete, the after hooks.
  require_tenant_for_write<M>(Steps::operation);
  Executor::require_writable(db.statements(), Steps::statement, T::name);
  const bool hooked = hooks<M>().any();
  std::vector<M> work;
  work.reserve(removed_.size());
  for (const ManagedRow<M>* entry : removed_) work.push_back(entry->snapshot);
  if (hooked)
    for (M& row : work)
      for (Event event : Steps::before) run_before_hooks(event, row, Steps::operation);
  const std::string now = Steps::needs_now ? utc_timestamp() : std::string();
  std::vector<std::vector<std::size_t>> layers;
  if constexpr (Steps::soft_delete) {
    layers.emplace_back(work.size());
    for (std::size_t i = 0; i < work.size(); ++i) layers.back()[i] = i;
  } else {
    layers = delete_layers<T>(work, foreign_keys_of_t<T>{});
  }
  for (const std::vector<std::size_t>& layer : layers) {
    std::size_t begin = 0;
    while (begin < layer.size()) {
      const std::size_t n = chunk_rows(layer.size() - begin, delete_batch_rows<T>);
      const StaticSql& sql = flush_delete_sql(update_table<T>(), Steps::soft_delete, n);
      auto st = Executor::lease<Steps::soft_delete ? StatementKind::update : StatementKind::remove>(db.statements(), sql,
                                                                                                     T::name);
      Binder bind{*st};
      if constexpr (Steps::soft_delete) bind(now);
      // The tenant values the rows are bound with (by reference), as the row write rule gives them.
      [[maybe_unused]] std::vector<typename tenant_value_of<T>::type> tenants;
      if constexpr (tenant_table<T>) tenants.reserve(n);
      for (std::size_t r = begin; r < begin + n; ++r) {
        const M& row = work[layer[r]];
        [&]<class... Ks>(type_list<Ks...>) { (bind(row.*Ks::member), ...); }(typename T::primary_key{});
        if constexpr (tenant_table<T>) bind(tenants.emplace_back(row_tenant_value(row, Steps::operation)));
        if constexpr (versioned_table<T>) bind(row.*T::version_column::member);
      }
      while (st->step()) {
      }
      // Direct changes only: rows a foreign-key action deletes are not counted.
      const std::int64_t matched = db.connection().changes();
      if (matched != static_cast<std::int64_t>(n)) [[unlikely]] {
        if constexpr (versioned_table<T>) {
          // A row whose key is there (live, for a soft delete) but not its loaded version was
          // changed by someone else, as Database::remove() reports it.
          for (std::size_t r = begin; r < begin + n; ++r) {
            const M& row = work[layer[r]];
            auto stored = db.select<M>().without_global_scopes().where(row_key_condition(row)).first();
            bool live = stored.has_value();
            if constexpr (Steps::soft_delete) live = live && !((*stored).*T::deleted_at_column::member).has_value();
            if (live && (*stored).*T::version_column::member != row.*T::version_column::member)
              throw_concurrent_modification(row, Steps::operation, sql.text);
          }
        }
        throw_flush_matched(Steps::operation, T::name, sql.text, n, matched);
      }
      begin += n;
    }
  }
  if constexpr (Steps::soft_delete)
    for (M& row : work) Steps::stamp(row, now);
  if (hooked)
    for (const M& row : work)
      for (Event event : Steps::after) run_after_hooks(event, row);
}

}  // namespace dorm::detail
