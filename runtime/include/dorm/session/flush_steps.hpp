#pragma once
// The flush steps of a table's identity map (ManagedRows<M>, declared in
// dorm/session/managed_rows.hpp, which includes this file at its end): prepare the changed and
// new rows through Database's write lifecycle, update in batches, and settle the rows once the
// transaction has committed or rolled back. Inserts are in dorm/session/insert_steps.hpp,
// deletes in dorm/session/delete_steps.hpp.
#include <algorithm>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dorm/session/managed_rows.hpp"
#include "dorm/session/insert_steps.hpp"
#include "dorm/session/delete_steps.hpp"

namespace dorm::detail {

template <Model M>
bool ManagedRows<M>::prepare(Database& db, std::vector<ValidationErrors>& failures) {
  using T = table_type;
  using Steps = WriteSteps<WriteKind::update, T>;
  pending_.clear();
  static const ChangedColumns<T> keys = key_columns<T>();
  bool checked = false;
  std::string now;
  inserted_ = false;
  // A cycle of new rows through NOT NULL keys of this table throws here, before any write.
  compute_insert_layers();
  // As Database's writes: the tenant and read-only rules before any hook or statement.
  if (!staged_.empty()) {
    require_tenant_for_write<M>("insert into");
    Executor::require_writable(db.statements(), StatementKind::insert, T::name);
  }
  if (!removed_.empty()) {
    require_tenant_for_write<M>("delete from");
    Executor::require_writable(db.statements(), StatementKind::remove, T::name);
  }
  if constexpr (table_has_rules<T>()) {
    // New rows are validated with the others before anything is written (insert_many() checks
    // them again after their hooks and timestamps).
    for (const auto& [key, entry] : staged_) {
      ValidationErrors errors = validation_errors(entry.row);
      if (!errors.empty()) failures.push_back(std::move(errors));
    }
  }
  for (auto& [key, entry] : rows_) {
    auto changed = changed_columns<T>(entry.row, entry.snapshot);
    if (changed.none()) continue;
    if (!removed_.empty() && std::find(removed_.begin(), removed_.end(), &entry) != removed_.end()) continue;
    if ((changed & keys).any()) throw_key_changed(T::name);
    if (!checked) {
      // As a Database write: the tenant rule and the read-only rule before any hook runs.
      require_tenant_for_write<M>(Steps::operation);
      Executor::require_writable(db.statements(), Steps::statement, T::name);
      hooked_ = hooks<M>().any();
      if constexpr (Steps::needs_now) now = utc_timestamp();
      checked = true;
    }
    Pending& p = pending_.emplace_back(Pending{&entry, std::nullopt, changed});
    if (Steps::needs_now || tenant_table<T> || versioned_table<T> || hooked_) {
      // The lifecycle of Database::update(row), on a copy: tenant, before hooks, tenant again
      // (hooks cannot move the row), timestamps.
      M& work = p.work.emplace(entry.row);
      stamp_tenant(work, Steps::operation);
      if (hooked_) {
        for (Event event : Steps::before) run_before_hooks(event, work, Steps::operation);
        stamp_tenant(work, Steps::operation);
      }
      Steps::stamp(work, now);
      // Optimistic locking: the loaded version + 1, written where the loaded version still is.
      if constexpr (versioned_table<T>) work.*T::version_column::member = entry.snapshot.*T::version_column::member + 1;
      p.changed = changed_columns<T>(work, entry.snapshot);
      if ((p.changed & keys).any()) throw_key_changed(T::name);
    }
    if constexpr (table_has_rules<T>()) {
      ValidationErrors errors = validation_errors(p.written());
      if (!errors.empty()) failures.push_back(std::move(errors));
    }
  }
  return !pending_.empty() || inserts_or_deletes();
}

template <Model M>
void ManagedRows<M>::write(Database& db) {
  // Rows with the same changed columns go together, in the order first met.
  std::vector<std::pair<ChangedColumns<table_type>, std::vector<WrittenRow>>> groups;
  std::unordered_map<ChangedColumns<table_type>, std::size_t> group_of;
  for (const Pending& p : pending_) {
    auto [it, added] = group_of.try_emplace(p.changed, groups.size());
    if (added) groups.emplace_back(p.changed, std::vector<WrittenRow>{});
    groups[it->second].second.push_back(WrittenRow{&p.written(), &p.entry->snapshot});
  }
  for (const auto& [changed, rows] : groups) write_batch(db, changed, rows);
}

template <Model M>
void ManagedRows<M>::write_batch(Database& db, const ChangedColumns<table_type>& changed,
                                 const std::vector<WrittenRow>& rows) {
  using T = table_type;
  std::string mask(column_count<T>, '0');
  for (std::size_t c = 0; c < column_count<T>; ++c)
    if (changed[c]) mask[c] = '1';
  std::size_t begin = 0;
  while (begin < rows.size()) {
    const std::size_t n = chunk_rows(rows.size() - begin, update_batch_rows<T>);
    const StaticSql& sql = flush_update_sql(update_table<T>(), mask, n);
    auto st = Executor::lease<StatementKind::update>(db.statements(), sql, T::name);
    Binder bind{*st};
    for (std::size_t r = begin; r < begin + n; ++r) {
      const M& row = *rows[r].row;
      if constexpr (tenant_table<T>) {
        // The row write rule: the active scope's tenant, or in a bypass region the row's own.
        const auto tenant = row_tenant_value(row, "update of");
        bind_update_row<T>(bind, changed, row, &tenant, *rows[r].loaded);
      } else {
        bind_update_row<T>(bind, changed, row, static_cast<const int*>(nullptr), *rows[r].loaded);
      }
    }
    const std::int64_t before = db.connection().total_changes();
    while (st->step()) {
    }
    const std::int64_t matched = db.connection().total_changes() - before;
    if (matched != static_cast<std::int64_t>(n)) [[unlikely]] {
      if constexpr (versioned_table<T>) {
        // A row whose key is there but not its loaded version was changed by someone else.
        for (std::size_t r = begin; r < begin + n; ++r) {
          const M& loaded = *rows[r].loaded;
          auto stored = std::apply(
              [&](const auto&... key) {
                return db.select<M>().without_global_scopes().where(key_condition<T>(key...)).first();
              },
              key_of_row<T>(loaded));
          if (stored && (*stored).*T::version_column::member != loaded.*T::version_column::member)
            throw_concurrent_modification(loaded, "update of", sql.text);
        }
      }
      throw_flush_matched("update of", T::name, sql.text, n, matched);
    }
    begin += n;
  }
}

template <Model M>
void ManagedRows<M>::finish_writes() {
  if (!hooked_) return;
  using Steps = WriteSteps<WriteKind::update, table_type>;
  for (const Pending& p : pending_)
    for (Event event : Steps::after) run_after_hooks(event, p.written());
}

template <Model M>
void ManagedRows<M>::settle(bool committed, bool keep_undo) noexcept {
  if (committed && inserted_) {
    // Inserted rows join the identity map by their new key; their nodes move, so they keep
    // their addresses.
    while (!staged_.empty()) {
      auto node = staged_.extract(staged_.begin());
      ManagedRow<M>& entry = node.mapped();
      // Inside Session::transaction(): the row as persisted, should the transaction roll back.
      if (keep_undo) undo_inserted_.emplace_back(&entry, entry.row);
      entry.row = entry.snapshot;
      node.key() = key_of_row<table_type>(entry.row);
      rows_.insert(std::move(node));
    }
    // Kept inside a transaction: a rollback makes the rows new again, links and all.
    if (!keep_undo) links_.clear();
  }
  if (committed) {
    for (ManagedRow<M>* entry : removed_) {
      auto node = rows_.extract(key_of_row<table_type>(entry->snapshot));
      undo_.erase(node.key());
      // Inside a transaction the node waits (the row keeps its address) until it commits.
      if (keep_undo) undo_removed_.push_back(std::move(node));
    }
    removed_.clear();
  }
  inserted_ = false;
  deferred_.clear();
  if (committed) {
    for (Pending& p : pending_) {
      ManagedRow<M>& entry = *p.entry;
      if (keep_undo) undo_.try_emplace(key_of_row<table_type>(entry.snapshot), entry.snapshot);
      if (p.work) entry.row = std::move(*p.work);
      // Only the written columns differ between the row and its snapshot.
      copy_columns<table_type>(p.changed, entry.row, entry.snapshot);
    }
  }
  pending_.clear();
}

}  // namespace dorm::detail
