#include "dorm/session/session.hpp"

#include <algorithm>
#include <atomic>
#include <string>
#include <utility>

namespace dorm {

namespace detail {

std::size_t next_session_slot() noexcept {
  static std::atomic<std::size_t> next{0};
  return next.fetch_add(1, std::memory_order_relaxed);
}

void throw_not_managed(std::string_view operation, std::string_view table) {
  throw MisuseError("[dorm.session.not_managed] " + std::string(operation) + ": the row of table '" +
                    std::string(table) +
                    "' is not managed by this session (a copy, a row of another session, or one detached)");
}

void throw_flush_validation(std::vector<ValidationErrors> failures) {
  std::string tables;
  for (const ValidationErrors& errors : failures) {
    if (tables.find(errors.table()) != std::string::npos) continue;
    if (!tables.empty()) tables += ", ";
    tables += errors.table();
  }
  // One error for the whole flush; each FieldError then names the tables of the flush.
  ValidationErrors all(tables);
  for (const ValidationErrors& errors : failures)
    for (const FieldError& e : errors.errors()) all.add(e.column, e.rule, e.expected, e.value, e.message);
  throw ValidationError(std::move(all));
}

}  // namespace detail

void Session::clear() noexcept {
  relations_.clear();
  pivot_rows_.clear();
  pivot_undo_.clear();
  for (auto& table : tables_) table->clear();
}

std::size_t Session::size() const noexcept {
  std::size_t n = 0;
  for (const auto& table : tables_) n += table->size();
  return n;
}

void Session::flush() {
  std::vector<ValidationErrors> failures;
  bool changed = false;
  bool inserts_or_deletes = false;
  try {
    for (auto& table : tables_) changed = table->prepare(*db_, failures) || changed;
    if (!failures.empty()) detail::throw_flush_validation(std::move(failures));
    if (!changed && pivot_rows_.empty()) return;
    // Inserts parents first, deletes children first, by the schema's foreign keys, among the
    // tables that insert or delete (a cycle of NOT NULL keys throws ForeignKeyCycle here,
    // before anything is written).
    std::vector<detail::ManagedTable*> writing;
    inserts_or_deletes = std::any_of(tables_.begin(), tables_.end(),
                                     [](const auto& table) { return table->inserts_or_deletes(); });
    std::vector<TableLinks> links;
    for (auto& table : tables_) {
      if (!table->inserts_or_deletes()) continue;
      writing.push_back(table.get());
      links.push_back(table->links());
    }
    const CommitOrder order = commit_order(links);
    auto table_named = [&](std::string_view name) {
      for (std::size_t i = 0; i < links.size(); ++i)
        if (links[i].table == name) return writing[i];
      return static_cast<detail::ManagedTable*>(nullptr);
    };
    db_->transaction([&] {
      for (std::string_view name : order.inserts) table_named(name)->insert_new(*db_);
      // The nullable keys inserted NULL because their parent came later (a cycle, a row of the
      // same table), now that every parent has its key.
      for (std::string_view name : order.inserts) table_named(name)->link_deferred(*db_);
      // Pivot rows of add(): both their rows have keys now.
      for (const auto& pivot : pivot_rows_) pivot.insert(*db_);
      for (auto& table : tables_) table->write(*db_);
      // A removed row referencing, through a key that breaks a cycle, a table deleted from
      // before its own: that key goes NULL first. (Rows of one table referencing each other are
      // deleted referencing rows first instead.)
      for (const DeferredForeignKey& key : order.deferred) {
        if (key.table == key.parent_table) continue;
        detail::ManagedTable* child = table_named(key.table);
        if (child->deletes_rows() && table_named(key.parent_table)->deletes_rows())
          child->unlink_removed(*db_, key.column);
      }
      for (std::string_view name : order.deletes) table_named(name)->delete_removed(*db_);
      for (auto& table : tables_) table->finish_writes();
    });
  } catch (...) {
    for (auto& table : tables_) table->settle(false, false);
    throw;
  }
  for (auto& table : tables_) table->settle(true, transaction_depth_ > 0);
  if (transaction_depth_ > 0) pivot_undo_.insert(pivot_undo_.end(), pivot_rows_.begin(), pivot_rows_.end());
  pivot_rows_.clear();
  // Loaded relations may miss the new rows or point at removed ones: load() reads them again.
  if (inserts_or_deletes) {
    for (auto& relation : relations_) {
      if (!relation) continue;
      relation->forget_loaded();
      relation->settle_new_parents(transaction_depth_ > 0);
    }
  }
}

void Session::close_transaction(bool committed) noexcept {
  --transaction_depth_;
  if (!committed) {
    for (auto& table : tables_) table->rollback();
    for (auto& relation : relations_)
      if (relation) relation->rollback();
    // The rows inserted inside are new again: their pivot rows go in at the next flush.
    pivot_undo_.insert(pivot_undo_.end(), pivot_rows_.begin(), pivot_rows_.end());
    pivot_rows_ = std::move(pivot_undo_);
    pivot_undo_.clear();
  } else if (transaction_depth_ == 0) {
    for (auto& table : tables_) table->drop_undo();
    for (auto& relation : relations_)
      if (relation) relation->drop_undo();
    pivot_undo_.clear();
  }
}

void Session::forget_in_relations(const void* row, std::size_t table) noexcept {
  for (auto& relation : relations_)
    if (relation) relation->forget(row, table);
  // A new row linked to it (by the address of its ManagedRow, that of its row) takes no key.
  for (auto& rows : tables_) rows->drop_links_to(row);
  forget_pivot_rows(row);
}

void Session::forget_pivot_rows(const void* row) noexcept {
  std::erase_if(pivot_rows_, [&](const detail::PendingPivotRow& pivot) { return pivot.parent == row || pivot.target == row; });
}

}  // namespace dorm
