#pragma once
// The relations a dorm::Session has loaded: for each relation, the managed target rows by the
// key that joins them to a parent (a post's author_id for posts.author, a user's id for
// users.posts). Filled by eager loads and by Session::load(), read by Session::load(), so a
// relation loaded once is not queried again while the session lives.
#include <cstddef>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "dorm/query/relation.hpp"

namespace dorm::detail {

// The column of the parent row whose value keys each relation kind.
template <class S, class ForeignKey, class OwnerKey>
ForeignKey relation_parent_key(const BelongsTo<S, ForeignKey, OwnerKey>*);
template <class S, class ForeignKey, class LocalKey, bool Many>
LocalKey relation_parent_key(const HasRows<S, ForeignKey, LocalKey, Many>*);
template <class S, class LocalKey, class PivotForeignKey, class PivotRelatedKey, class RelatedKey>
LocalKey relation_parent_key(const ManyToMany<S, LocalKey, PivotForeignKey, PivotRelatedKey, RelatedKey>*);
template <class S, class ForeignKey, class OwnerKey>
OwnerKey belongs_to_owner_key(const BelongsTo<S, ForeignKey, OwnerKey>*);
template <class S, class ForeignKey, class OwnerKey>
ForeignKey relation_foreign_key(const BelongsTo<S, ForeignKey, OwnerKey>*);
template <class S, class ForeignKey, class LocalKey, bool Many>
ForeignKey relation_foreign_key(const HasRows<S, ForeignKey, LocalKey, Many>*);

/// The parent's column whose value keys relation `R` (see relation_parent_key).
template <class R>
using relation_parent_key_t = decltype(relation_parent_key(static_cast<const R*>(nullptr)));
/// The foreign key column of a belongs_to, has_one or has_many relation `R`: the column of the
/// row that references the other (posts.author_id for posts.author and for users.posts).
template <class R>
using relation_foreign_key_t = decltype(relation_foreign_key(static_cast<const R*>(nullptr)));

/// True when `R` is a belongs_to relation pointing at its target's whole primary key: the
/// target is then found in the identity map by that key.
template <class R>
constexpr bool targets_primary_key() {
  if constexpr (R::kind == RelationKind::belongs_to) {
    using Owner = decltype(belongs_to_owner_key(static_cast<const R*>(nullptr)));
    return std::is_same_v<typename table_of<typename R::target_model>::primary_key, type_list<Owner>>;
  } else {
    return false;
  }
}

/// The type-erased face of one relation's loaded rows.
class LoadedRelation {
 public:
  LoadedRelation() = default;
  LoadedRelation(const LoadedRelation&) = delete;
  LoadedRelation& operator=(const LoadedRelation&) = delete;
  virtual ~LoadedRelation() = default;
  /// Drops every mention of `row`, a row of the table in session slot `table` that the
  /// session forgets or removes, as a target or as a new parent.
  virtual void forget(const void* row, std::size_t table) noexcept = 0;
  /// Forgets the rows loaded by key (the next load() queries again); new parents keep theirs.
  virtual void forget_loaded() noexcept = 0;
  /// flush() inserted the new parents, whose rows are then loaded by key. `keep`: inside
  /// Session::transaction(), their rows are kept aside, for rollback() to give back (the
  /// parents are new again then).
  virtual void settle_new_parents(bool keep) noexcept = 0;
  virtual void rollback() noexcept = 0;
  virtual void drop_undo() noexcept = 0;
};

std::size_t next_session_slot() noexcept;
/// A process-wide number for each type a Session keeps something per type for (tables,
/// relations): an index into the session's vectors.
template <class X>
std::size_t session_slot() noexcept {
  static const std::size_t slot = next_session_slot();
  return slot;
}

/// The loaded rows of relation `R`: managed target rows by parent key (one at most for
/// belongs_to and has_one). A key present with no rows: loaded, and there is none. A new
/// parent has no key yet: the rows Session::add() gave it are kept by its address.
template <class R>
class LoadedRelationOf final : public LoadedRelation {
 public:
  using key_type = typename R::key_type;
  using parent_model = typename R::parent_model;
  using target_model = typename R::target_model;
  using new_parent_map = std::unordered_map<const parent_model*, std::vector<target_model*>>;
  std::unordered_map<key_type, std::vector<target_model*>> by_key;
  new_parent_map by_new_parent;

  void forget(const void* row, std::size_t table) noexcept override {
    if (table == session_slot<target_model>()) {
      for (auto& [key, targets] : by_key) std::erase(targets, row);
      for (auto& [parent, targets] : by_new_parent) std::erase(targets, row);
    }
    if (table == session_slot<parent_model>()) by_new_parent.erase(static_cast<const parent_model*>(row));
  }
  void forget_loaded() noexcept override { by_key.clear(); }
  void settle_new_parents(bool keep) noexcept override {
    if (keep) undo_.merge(by_new_parent);
    by_new_parent.clear();
  }
  void rollback() noexcept override {
    by_new_parent.merge(undo_);
    undo_.clear();
  }
  void drop_undo() noexcept override { undo_.clear(); }

 private:
  new_parent_map undo_;
};

}  // namespace dorm::detail
