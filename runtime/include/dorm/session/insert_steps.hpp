#pragma once
// The insert steps of a table's identity map (ManagedRows<M>, dorm/session/managed_rows.hpp):
// the persisted rows in layers when they reference each other through a NOT NULL key of their
// own table, their links to new parents filled from the parents' generated keys, and the
// nullable keys whose parent came later (a cycle, a row of the same table) inserted NULL and
// set by a batched UPDATE once every table is in.
#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dorm/session/managed_rows.hpp"

namespace dorm::detail {

template <Model M>
void ManagedRows<M>::compute_insert_layers() {
  insert_layer_.assign(staged_.size(), 0);
  const bool ordered = std::any_of(links_.begin(), links_.end(),
                                   [&](const NewRowLink<M>& link) { return link.parent_table == this && !link.nullable; });
  if (!ordered) return;
  // The rows each row waits for: the persisted rows of this table it references through a NOT
  // NULL key (a nullable one is inserted NULL and set after, so it waits for nothing).
  std::unordered_map<const void*, std::size_t> index;
  for (auto& [key, entry] : staged_) index.emplace(&entry, index.size());
  std::vector<std::vector<std::size_t>> parents(staged_.size());
  for (const NewRowLink<M>& link : links_) {
    if (link.parent_table != this || link.nullable) continue;
    const auto child = index.find(link.child);
    const auto parent = index.find(link.parent);
    if (child != index.end() && parent != index.end()) parents[child->second].push_back(parent->second);
  }
  // Layer k: the rows whose parents are all in layers below k.
  constexpr std::size_t unplaced = static_cast<std::size_t>(-1);
  insert_layer_.assign(staged_.size(), unplaced);
  std::size_t placed = 0;
  for (std::size_t layer = 0; placed < staged_.size(); ++layer) {
    std::vector<std::size_t> ready;
    for (std::size_t i = 0; i < staged_.size(); ++i) {
      if (insert_layer_[i] != unplaced) continue;
      if (std::all_of(parents[i].begin(), parents[i].end(),
                      [&](std::size_t p) { return insert_layer_[p] != unplaced && insert_layer_[p] < layer; }))
        ready.push_back(i);
    }
    if (ready.empty()) throw ForeignKeyCycle({std::string(table_type::name)});
    for (std::size_t i : ready) insert_layer_[i] = layer;
    placed += ready.size();
  }
}

template <Model M>
void ManagedRows<M>::insert_new(Database& db) {
  if (staged_.empty()) return;
  // The persisted rows in staged_'s order (that of insert_layer_), and their links.
  std::vector<ManagedRow<M>*> entries;
  entries.reserve(staged_.size());
  for (auto& [key, entry] : staged_) entries.push_back(&entry);
  std::unordered_map<const void*, std::size_t> index;
  if (!links_.empty())
    for (std::size_t i = 0; i < entries.size(); ++i) index.emplace(entries[i], i);
  std::vector<std::vector<const NewRowLink<M>*>> links_of(links_.empty() ? 0 : entries.size());
  for (const NewRowLink<M>& link : links_)
    if (auto at = index.find(link.child); at != index.end()) links_of[at->second].push_back(&link);
  std::vector<bool> done(entries.size(), false);
  deferred_.clear();
  const std::size_t layers =
      insert_layer_.empty() ? 1 : 1 + *std::max_element(insert_layer_.begin(), insert_layer_.end());
  for (std::size_t layer = 0; layer < layers; ++layer) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < entries.size(); ++i)
      if (insert_layer_.empty() || insert_layer_[i] == layer) rows.push_back(i);
    std::vector<M> work;
    work.reserve(rows.size());
    for (std::size_t i : rows) {
      M& row = work.emplace_back(entries[i]->row);
      if (links_of.empty()) continue;
      for (const NewRowLink<M>* link : links_of[i]) {
        // A parent of this table not among the persisted rows was inserted by an earlier flush.
        const auto own = link->parent_table == this ? index.find(link->parent) : index.end();
        const bool parent_in = link->parent_table == this ? own == index.end() || done[own->second]
                                                          : link->parent_table->inserted();
        if (parent_in) {
          link->fill(row, link->parent);
        } else if (link->nullable) {
          // The parent comes later (a cycle, or a row of this table): NULL now, its key after.
          link->clear(row);
          deferred_.emplace_back(entries[i], link);
        } else {
          // commit_order() and the layers put every NOT NULL parent first.
          throw ForeignKeyCycle({std::string(table_type::name)});
        }
      }
    }
    db.insert_many(std::span<M>(work));
    // The inserted rows (keys, defaults, timestamps) wait in the snapshots until settle(true).
    for (std::size_t r = 0; r < rows.size(); ++r) {
      entries[rows[r]]->snapshot = std::move(work[r]);
      done[rows[r]] = true;
    }
  }
  inserted_ = true;
}

template <Model M>
void ManagedRows<M>::link_deferred(Database& db) {
  if (deferred_.empty()) return;
  // Each row's deferred columns set in its inserted snapshot, then the rows with the same set
  // written together (as flush() groups changed rows).
  std::vector<std::pair<ManagedRow<M>*, ChangedColumns<table_type>>> rows;
  for (const auto& [entry, link] : deferred_) {
    if (!link->parent_table->inserted()) throw ForeignKeyCycle({std::string(table_type::name)});
    link->fill(entry->snapshot, link->parent);
    auto at = std::find_if(rows.begin(), rows.end(), [&, e = entry](const auto& row) { return row.first == e; });
    if (at == rows.end()) at = rows.insert(rows.end(), {entry, ChangedColumns<table_type>{}});
    at->second.set(link->column);
  }
  std::vector<std::pair<ChangedColumns<table_type>, std::vector<WrittenRow>>> groups;
  for (const auto& [entry, columns] : rows) {
    auto group = std::find_if(groups.begin(), groups.end(), [&, c = columns](const auto& g) { return g.first == c; });
    if (group == groups.end()) group = groups.insert(groups.end(), {columns, {}});
    group->second.push_back(WrittenRow{&entry->snapshot, &entry->snapshot});
  }
  for (const auto& [columns, written] : groups) write_batch(db, columns, written);
}

}  // namespace dorm::detail
