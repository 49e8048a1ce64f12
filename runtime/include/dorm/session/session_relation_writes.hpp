#pragma once
// Session's writes through relations, defined once Session is complete (dorm/session/session.hpp
// includes this file at its end): remove() and the cascades it follows, link() of two rows,
// add() to and remove_from() a loaded collection, with the cascades and orphan removal the
// schema declares (dorm/session/cascade.hpp; docs/session.md, "Cascades").
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/session/session.hpp"

namespace dorm {

template <Model M>
void Session::remove(M& row) {
  auto& rows = managed<M>();
  if (rows.staged(row) != nullptr) {
    // Nothing can hold the key of a row never inserted: the new rows add() gave it go with it.
    cascade_remove(row, true);
    forget_in_relations(row);
    rows.unstage(row);
    return;
  }
  auto it = rows.locate(row);
  if (rows.is_end(it)) detail::throw_not_managed("remove()", table_of<M>::name);
  if (rows.is_removed(it)) return;  // and its cascades were followed then
  rows.schedule_remove(it);
  forget_in_relations(row);
  cascade_remove(row, false);
}

template <Model M>
void Session::cascade_remove(M& row, bool is_new) {
  [&]<class... Relations>(type_list<Relations...>) {
    (cascade_remove_along<Relations>(row, is_new), ...);
  }(cascading_relations_of_t<table_of<M>>{});
}

template <class Relation, Model M>
void Session::cascade_remove_along(M& row, bool is_new) {
  using Target = typename Relation::target_model;
  std::vector<Target*> targets;
  if constexpr (Relation::kind == RelationKind::has_one || Relation::kind == RelationKind::has_many) {
    if (is_new) {
      // Whatever the relation declares: their foreign key would take the key of no row.
      auto& by_new_parent = loaded_relation<Relation>().by_new_parent;
      auto it = by_new_parent.find(&row);
      if (it == by_new_parent.end()) return;
      targets = std::move(it->second);
      by_new_parent.erase(it);
    } else if constexpr (cascades_remove<Relation>) {
      // Every row of the relation, not only those loaded: a soft delete fires no ON DELETE, and
      // each child gets its hooks and its own cascades.
      if constexpr (Relation::kind == RelationKind::has_one) {
        if (Target* target = load(row, Relation{})) targets.push_back(target);
      } else {
        targets = load(row, Relation{});
      }
    }
  }
  // A many_to_many's targets live on (other rows may link to them); its pending pivot rows
  // went with forget_in_relations().
  for (Target* target : targets) remove(*target);
}

template <class From, class Relation, class To>
void Session::link(From& from, const Relation&, To&& to) {
  using F = std::remove_const_t<From>;
  using Tt = std::remove_cvref_t<To>;
  static_assert(std::is_same_v<typename Relation::parent_model, F>,
                "dorm: Session::link(row, relation, other): the relation must be one of the first row's model");
  static_assert(std::is_same_v<typename Relation::target_model, Tt>,
                "dorm: Session::link(row, relation, other): the relation points at another model than the second row's");
  static_assert(Relation::kind != RelationKind::many_to_many,
                "dorm: Session::link() sets a foreign key (belongs_to, has_one, has_many); a many_to_many "
                "relation's rows are linked by rows of its pivot table (add() them)");
  using ForeignKey = detail::relation_foreign_key_t<Relation>;
  if constexpr (Relation::kind == RelationKind::belongs_to) {
    static_assert(!std::is_const_v<From>, "dorm: Session::link(child, relation, parent): the child is changed");
    using OwnerKey = decltype(detail::belongs_to_owner_key(static_cast<const Relation*>(nullptr)));
    link_key<ForeignKey, OwnerKey>(from, to);
  } else {
    static_assert(std::is_lvalue_reference_v<To> && !std::is_const_v<std::remove_reference_t<To>>,
                  "dorm: Session::link(parent, relation, child): the child is changed");
    link_key<ForeignKey, detail::relation_parent_key_t<Relation>>(to, from);
  }
}

template <class ForeignKey, class OwnerKey, Model Child, Model Parent>
void Session::link_key(Child& child, const Parent& parent) {
  auto& children = managed<Child>();
  detail::ManagedRow<Child>* new_child = children.staged(child);
  if (detail::ManagedRow<Parent>* new_parent = managed<Parent>().staged(parent)) {
    if (new_child == nullptr)
      throw MisuseError("[dorm.session.link] link(): the parent row of table '" + std::string(table_of<Parent>::name) +
                        "' is new (persisted, not flushed) but the child of table '" +
                        std::string(table_of<Child>::name) + "' is not: persist() the child too, or flush() first");
    link_to_new<ForeignKey, OwnerKey>(*new_child, *new_parent);
    return;
  }
  // A link set before to a new row no longer holds.
  if (new_child != nullptr) children.drop_link(new_child, detail::column_index<table_of<Child>, ForeignKey>());
  child.*ForeignKey::member = parent.*OwnerKey::member;
}

template <class ForeignKey, class OwnerKey, Model Child, Model Parent>
void Session::link_to_new(detail::ManagedRow<Child>& child, detail::ManagedRow<Parent>& parent) {
  // Filled at flush once `parent` is inserted; a nullable key whose parent is inserted after
  // `child` (a cycle, a row of the same table) goes in NULL and is set by an UPDATE.
  managed<Child>().add_link(detail::new_row_link<ForeignKey, OwnerKey>(child, managed<Parent>(), parent));
}

template <Model Parent, class Relation, Model Child>
Child& Session::add(Parent& parent, const Relation&, Child row) {
  static_assert(Relation::kind != RelationKind::belongs_to,
                "dorm: Session::add() adds a row to a has_one, has_many or many_to_many relation; a belongs_to is "
                "set with link(child, relation, parent)");
  static_assert(std::is_same_v<typename Relation::parent_model, Parent>,
                "dorm: Session::add(parent, relation, row): the relation must be one of the parent's model");
  static_assert(std::is_same_v<typename Relation::target_model, Child>,
                "dorm: Session::add(parent, relation, row): the relation holds rows of another model than row's");
  static_assert(cascades_persist<Relation>,
                "dorm: Session::add() needs a relation declaring \"cascade\": [\"persist\"]; without it, persist() "
                "the row and link() it");
  constexpr bool single = Relation::kind == RelationKind::has_one;
  std::vector<Child*>& members = members_of<Relation>(parent, "add()");
  if constexpr (single) {
    if (!members.empty()) require_orphan_rule<Relation>("add()");  // before anything changes
  }
  auto& parents = managed<Parent>();
  auto& children = managed<Child>();
  detail::ManagedRow<Parent>* new_parent = parents.staged(parent);
  if constexpr (Relation::kind == RelationKind::many_to_many) {
    detail::ManagedRow<Child>* target_entry = &children.persist_entry(std::move(row));
    Child& added = target_entry->row;
    members.push_back(&added);
    detail::ManagedRow<Parent>* parent_entry = new_parent != nullptr ? new_parent : &parents.locate(parent)->second;
    // The snapshots hold both rows as inserted (or as last flushed) when the pivot row goes in.
    pivot_rows_.push_back(detail::PendingPivotRow{&parent, &added, [parent_entry, target_entry](Database& db) {
                                                    Relation::attach(db, parent_entry->snapshot, target_entry->snapshot);
                                                  }});
    return added;
  } else {
    using ForeignKey = detail::relation_foreign_key_t<Relation>;
    using LocalKey = detail::relation_parent_key_t<Relation>;
    if (new_parent == nullptr) row.*ForeignKey::member = parent.*LocalKey::member;
    detail::ManagedRow<Child>& entry = children.persist_entry(std::move(row));
    if (new_parent != nullptr) link_to_new<ForeignKey, LocalKey>(entry, *new_parent);
    Child& added = entry.row;
    if constexpr (single) {
      if (!members.empty()) {
        Child& replaced = *members.front();
        members.clear();
        orphan<Relation>(replaced);
      }
    }
    members.push_back(&added);
    return added;
  }
}

template <Model Parent, class Relation, Model Child>
void Session::remove_from(Parent& parent, const Relation&, Child& row) {
  static_assert(Relation::kind == RelationKind::has_one || Relation::kind == RelationKind::has_many,
                "dorm: Session::remove_from() takes a row out of a has_one or has_many relation");
  static_assert(std::is_same_v<typename Relation::parent_model, Parent>,
                "dorm: Session::remove_from(parent, relation, row): the relation must be one of the parent's model");
  static_assert(std::is_same_v<typename Relation::target_model, Child>,
                "dorm: Session::remove_from(parent, relation, row): the relation holds rows of another model than row's");
  std::vector<Child*>& members = members_of<Relation>(parent, "remove_from()");
  auto at = std::find(members.begin(), members.end(), &row);
  if (at == members.end())
    throw MisuseError("[dorm.session.not_in_relation] remove_from(): the row of table '" +
                      std::string(table_of<Child>::name) + "' is not in relation '" + std::string(Relation::name) +
                      "' of the row of table '" + std::string(table_of<Parent>::name) + "'");
  require_orphan_rule<Relation>("remove_from()");
  members.erase(at);
  orphan<Relation>(row);
}

template <class Relation, Model Parent>
std::vector<typename Relation::target_model*>& Session::members_of(Parent& parent, std::string_view operation) {
  auto& parents = managed<Parent>();
  if (parents.staged(parent) != nullptr) return loaded_relation<Relation>().by_new_parent[&parent];
  if (parents.is_end(parents.locate(parent))) detail::throw_not_managed(operation, table_of<Parent>::name);
  auto key = detail::key_of<detail::relation_parent_key_t<Relation>>(parent);
  if (!key)
    throw MisuseError("[dorm.session.link] " + std::string(operation) + ": the row of table '" +
                      std::string(table_of<Parent>::name) + "' has no key for relation '" +
                      std::string(Relation::name) + "' (its column is NULL)");
  (void)load(parent, Relation{});  // a query unless loaded: the collection then holds every row
  return loaded_relation<Relation>().by_key[*key];
}

template <class Relation>
void Session::require_orphan_rule(std::string_view operation) {
  if constexpr (Relation::kind != RelationKind::many_to_many && !removes_orphans<Relation>) {
    using ForeignKey = detail::relation_foreign_key_t<Relation>;
    if constexpr (!ForeignKey::nullable)
      throw MisuseError("[dorm.session.orphan] " + std::string(operation) + ": a row leaving relation '" +
                        std::string(Relation::name) + "' of table '" +
                        std::string(table_of<typename Relation::parent_model>::name) +
                        "' would be an orphan, and the relation declares no orphan removal while " +
                        std::string(table_of<typename Relation::target_model>::name) + "." +
                        std::string(ForeignKey::name) +
                        " cannot be NULL: declare \"orphanRemoval\": true, or remove() the row");
  } else {
    (void)operation;
  }
}

template <class Relation, Model Child>
void Session::orphan(Child& row) {
  if constexpr (removes_orphans<Relation>) {
    remove(row);
  } else {
    using ForeignKey = detail::relation_foreign_key_t<Relation>;
    if constexpr (ForeignKey::nullable) {
      row.*ForeignKey::member = std::nullopt;
      auto& rows = managed<Child>();
      if (detail::ManagedRow<Child>* entry = rows.staged(row))
        rows.drop_link(entry, detail::column_index<table_of<Child>, ForeignKey>());
    }
  }
}

}  // namespace dorm
