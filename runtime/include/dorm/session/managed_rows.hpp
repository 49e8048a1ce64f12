#pragma once
// The identity map of one table inside a dorm::Session: each managed row once, by primary key,
// with the snapshot of what it looked like when loaded (or last flushed), from which flush()
// computes what changed. Rows live in the nodes of an unordered_map, so their addresses stay
// put while the map grows: a Session hands out plain pointers and references to them. The
// flush steps are defined in dorm/session/flush_steps.hpp, included at the end.
#include <algorithm>
#include <cstddef>
#include <span>
#include <functional>
#include <optional>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include <string>
#include <string_view>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/core/model.hpp"
#include "dorm/core/type_list.hpp"
#include "dorm/detail/table_columns.hpp"
#include "dorm/lifecycle/hooks.hpp"
#include "dorm/lifecycle/timestamp.hpp"
#include "dorm/lifecycle/validation.hpp"
#include "dorm/query/executor.hpp"
#include "dorm/session/change_set.hpp"
#include "dorm/session/commit_order.hpp"
#include "dorm/tenancy/tenant_scope.hpp"

namespace dorm::detail {

/// The primary key values of table `T` as one value: std::tuple<id> or std::tuple<org_id, user_id>.
template <class T, class Key = typename T::primary_key>
struct key_tuple;
template <class T, class... Ks>
struct key_tuple<T, type_list<Ks...>> {
  using type = std::tuple<typename Ks::value_type...>;
};
template <class T>
using key_tuple_t = typename key_tuple<T>::type;

/// The primary key of `row`, read from its key members.
template <class T>
key_tuple_t<T> key_of_row(const typename T::model_type& row) {
  return [&]<class... Ks>(type_list<Ks...>) { return key_tuple_t<T>(row.*Ks::member...); }(typename T::primary_key{});
}

/// Hash of a key tuple: the elements' std::hash values combined.
struct KeyTupleHash {
  template <class... V>
  std::size_t operator()(const std::tuple<V...>& key) const noexcept {
    std::size_t h = 0;
    std::apply([&](const V&... v) { ((h = h * 1000003U ^ std::hash<V>{}(v)), ...); }, key);
    return h;
  }
};

/// One managed row and its snapshot. `row` comes first: the address users hold.
template <class M>
struct ManagedRow {
  M row;
  M snapshot;
};

class ManagedTable;

/// A foreign key of a persisted row that takes the generated key of another persisted row (its
/// parent, of this table or another) once that row is inserted: what Session::link() records
/// when both rows are new. Plain function pointers, so a link costs no allocation.
template <class M>
struct NewRowLink {
  const ManagedRow<M>* child;
  const ManagedTable* parent_table;
  const void* parent;  ///< the parent's ManagedRow<Parent>
  std::size_t column;  ///< the foreign key's index among the table's columns
  bool nullable;       ///< may be NULL: inserted NULL when the parent is not in yet, set by an UPDATE after
  void (*fill)(M& row, const void* parent);  ///< copies the parent's inserted key into `row`'s foreign key
  void (*clear)(M& row);                      ///< sets `row`'s foreign key NULL (nullable keys only)
};

/// The index of column `C` among table `T`'s columns.
template <class T, class C>
constexpr std::size_t column_index() {
  return []<class... Cs>(type_list<Cs...>) {
    std::size_t i = 0;
    std::size_t found = 0;
    ((std::is_same_v<Cs, C> ? void(found = i) : void(), ++i), ...);
    return found;
  }(typename T::columns{});
}

/// The type-erased face of a table's identity map, as a Session holds them all. flush() runs
/// its steps over every table: prepare() all (nothing written yet), then in one transaction
/// write() and finish_writes() all, then settle(true) all, or settle(false) all on any failure.
class ManagedTable {
 public:
  ManagedTable() = default;
  ManagedTable(const ManagedTable&) = delete;
  ManagedTable& operator=(const ManagedTable&) = delete;
  virtual ~ManagedTable() = default;
  /// The number of managed rows.
  [[nodiscard]] virtual std::size_t size() const noexcept = 0;
  /// Forgets every row.
  virtual void clear() noexcept = 0;
  /// Finds the changed rows and makes what will be written: before hooks, tenant, timestamps
  /// on copies, then validation, whose failures go to `failures`. True when a row changed.
  virtual bool prepare(Database& db, std::vector<ValidationErrors>& failures) = 0;
  /// The table and its foreign keys, for the insert and delete order (commit_order()).
  [[nodiscard]] virtual TableLinks links() const noexcept = 0;
  /// The table has persisted rows to insert or removed rows to delete at the next flush().
  [[nodiscard]] virtual bool inserts_or_deletes() const noexcept = 0;
  /// The table deletes rows for good at the next flush() (removed rows, no soft deletes).
  [[nodiscard]] virtual bool deletes_rows() const noexcept = 0;
  /// Inserts the persisted rows (into copies: the rows change only at settle(true)), their
  /// links to new parents resolved first, in multi-row INSERTs (Database::insert_many()): in
  /// layers when rows reference rows of the same table through a NOT NULL key (a referenced row's
  /// layer before the rows referencing it); a link whose parent is not inserted yet and whose
  /// key is nullable is inserted NULL and left to link_deferred().
  virtual void insert_new(Database& db) = 0;
  /// True once this flush inserted the table's persisted rows (their keys are in the snapshots).
  [[nodiscard]] virtual bool inserted() const noexcept = 0;
  /// After every table's inserts: sets the foreign keys insert_new() inserted NULL to their
  /// parents' keys, rows with the same such columns in one UPDATE per batch.
  virtual void link_deferred(Database& db) = 0;
  /// Before any delete: sets `column` (a nullable foreign key breaking a cycle) to NULL in the
  /// removed rows where it is set, so that the table it references can be deleted from first.
  virtual void unlink_removed(Database& db, std::string_view column) = 0;
  /// Deletes (soft-deletes, on a soft-delete table) the removed rows as Database::remove() does
  /// (hooks, tenant rule, version check), in one statement per batch; rows referencing removed
  /// rows of the same table go in an earlier statement than those.
  virtual void delete_removed(Database& db) = 0;
  /// Forgets the links of persisted rows to `parent` (a ManagedRow of another table, or this
  /// one), a persisted row that is no longer (Session::remove() or detach() of it).
  virtual void drop_links_to(const void* parent) noexcept = 0;
  /// Writes the prepared rows (inside flush()'s transaction).
  virtual void write(Database& db) = 0;
  /// Runs the after hooks of the written rows (inside the transaction, as Database's writes do).
  virtual void finish_writes() = 0;
  /// `committed`: the rows become what was written and their snapshots follow; else the
  /// prepared copies are dropped and the rows stay as they were before flush().
  /// `keep_undo`: the flush ran inside Session::transaction(), so each row's snapshot before it
  /// is kept for rollback().
  virtual void settle(bool committed, bool keep_undo) noexcept = 0;
  /// Session::transaction() rolled back: snapshots return to what they were before it, so the
  /// rows it flushed are dirty again. Then, as after commit, the undo log is dropped.
  virtual void rollback() noexcept = 0;
  virtual void drop_undo() noexcept = 0;
};

/// The identity map of model `M`'s table: managed rows by primary key.
template <Model M>
class ManagedRows final : public ManagedTable {
 public:
  using table_type = table_of<M>;
  static_assert(key_count<table_type> > 0,
                "dorm: a Session manages rows by their primary key, and this table has none; read it with "
                "db.select<M>() instead");
  using key_type = key_tuple_t<table_type>;
  using map_type = std::unordered_map<key_type, ManagedRow<M>, KeyTupleHash>;

  [[nodiscard]] std::size_t size() const noexcept override { return rows_.size() + staged_.size(); }
  void clear() noexcept override {
    pending_.clear();
    deferred_.clear();
    insert_layer_.clear();
    undo_.clear();
    undo_inserted_.clear();
    undo_removed_.clear();
    links_.clear();
    removed_.clear();
    staged_.clear();
    rows_.clear();
  }
  [[nodiscard]] TableLinks links() const noexcept override { return table_links<M>(); }
  [[nodiscard]] bool inserts_or_deletes() const noexcept override { return !staged_.empty() || !removed_.empty(); }
  [[nodiscard]] bool deletes_rows() const noexcept override {
    return !soft_delete_table<table_type> && !removed_.empty();
  }
  void insert_new(Database& db) override;
  [[nodiscard]] bool inserted() const noexcept override { return inserted_; }
  void link_deferred(Database& db) override;
  void unlink_removed(Database& db, std::string_view column) override;
  void delete_removed(Database& db) override;
  void drop_links_to(const void* parent) noexcept override {
    std::erase_if(links_, [&](const NewRowLink<M>& link) { return link.parent == parent; });
  }

  /// Schedules `row` for insertion at the next flush(); the returned row is managed from now on
  /// (its address stays), and by its key once flushed.
  M& persist(M row) { return persist_entry(std::move(row)).row; }
  /// persist(), giving the new row's entry (for its links).
  ManagedRow<M>& persist_entry(M row) {
    auto it = staged_.emplace(key_of_row<table_type>(row), ManagedRow<M>{std::move(row), M{}});
    return it->second;
  }
  /// The persisted, not yet inserted, entry of `row`, or nullptr.
  [[nodiscard]] ManagedRow<M>* staged(const M& row) noexcept {
    for (auto& [key, entry] : staged_)
      if (&entry.row == &row) return &entry;
    return nullptr;
  }
  /// Forgets a persisted row that was not inserted yet (and its links).
  void unstage(const M& row) {
    for (auto it = staged_.begin(); it != staged_.end(); ++it) {
      if (&it->second.row != &row) continue;
      std::erase_if(links_, [&](const NewRowLink<M>& link) { return link.child == &it->second; });
      staged_.erase(it);
      return;
    }
  }
  /// Schedules the managed row at `it` for deletion at the next flush().
  void schedule_remove(typename map_type::iterator it) {
    if (std::find(removed_.begin(), removed_.end(), &it->second) == removed_.end()) removed_.push_back(&it->second);
  }
  /// Records that a persisted row (`link.child`) takes the key of a new row when that one is
  /// inserted; a new link of the same row and column replaces the old one.
  void add_link(const NewRowLink<M>& link) {
    std::erase_if(links_, [&](const NewRowLink<M>& old) { return old.child == link.child && old.column == link.column; });
    links_.push_back(link);
  }
  /// Forgets the link of persisted row `child`'s foreign key `column` (it was set to a row that
  /// has its key).
  void drop_link(const ManagedRow<M>* child, std::size_t column) noexcept {
    std::erase_if(links_, [&](const NewRowLink<M>& old) { return old.child == child && old.column == column; });
  }
  /// True when the managed row at `it` is scheduled for deletion.
  [[nodiscard]] bool is_removed(typename map_type::iterator it) const noexcept {
    return std::find(removed_.begin(), removed_.end(), &it->second) != removed_.end();
  }

  /// The managed row with `key`, or nullptr.
  [[nodiscard]] ManagedRow<M>* find(const key_type& key) noexcept {
    auto it = rows_.find(key);
    return it == rows_.end() ? nullptr : &it->second;
  }

  /// The managed row of a row just read from the database: the one already in the map,
  /// unchanged (what is in memory wins), or `loaded` added with itself as snapshot.
  ManagedRow<M>& merge(M&& loaded) {
    auto [it, added] = rows_.try_emplace(key_of_row<table_type>(loaded));
    if (added) {
      it->second.snapshot = loaded;
      it->second.row = std::move(loaded);
    }
    return it->second;
  }

  /// The entry whose row is at `row`'s address, or nullptr when `row` is not managed here.
  /// Looked up by the key the row was loaded with (its snapshot's), which the row's own key
  /// members normally equal; a row whose key members were changed is found by a scan.
  [[nodiscard]] typename map_type::iterator locate(const M& row) noexcept {
    auto it = rows_.find(key_of_row<table_type>(row));
    if (it != rows_.end() && &it->second.row == &row) return it;
    for (it = rows_.begin(); it != rows_.end(); ++it)
      if (&it->second.row == &row) return it;
    return rows_.end();
  }
  [[nodiscard]] bool is_end(typename map_type::iterator it) const noexcept { return it == rows_.end(); }
  void erase(typename map_type::iterator it) {
    undo_.erase(it->first);
    std::erase(removed_, &it->second);
    std::erase_if(undo_inserted_, [&](const auto& inserted) { return inserted.first == &it->second; });
    rows_.erase(it);
  }

  bool prepare(Database& db, std::vector<ValidationErrors>& failures) override;
  void write(Database& db) override;
  void finish_writes() override;
  void settle(bool committed, bool keep_undo) noexcept override;
  void rollback() noexcept override {
    for (auto& [key, snapshot] : undo_)
      if (auto it = rows_.find(key); it != rows_.end()) it->second.snapshot = std::move(snapshot);
    // Rows inserted inside the transaction are new again (no key), removed ones managed and
    // scheduled for removal again.
    for (auto& [entry, persisted] : undo_inserted_) {
      auto node = rows_.extract(key_of_row<table_type>(entry->row));
      if (node.empty()) continue;  // detached meanwhile
      node.mapped().row = std::move(persisted);
      node.key() = key_of_row<table_type>(node.mapped().row);
      staged_.insert(std::move(node));
    }
    for (auto& node : undo_removed_) {
      ManagedRow<M>* entry = &node.mapped();
      if (rows_.insert(std::move(node)).inserted) removed_.push_back(entry);
    }
    drop_undo();
  }
  void drop_undo() noexcept override {
    undo_.clear();
    undo_inserted_.clear();
    undo_removed_.clear();
    if (staged_.empty()) links_.clear();
  }

 private:
  /// A changed row as flush() writes it: `work` is a copy when hooks, the tenant or timestamps
  /// change it first (else the row itself is written).
  struct Pending {
    ManagedRow<M>* entry;
    std::optional<M> work;
    ChangedColumns<table_type> changed;
    [[nodiscard]] const M& written() const noexcept { return work ? *work : entry->row; }
  };
  /// A row an UPDATE writes: its values, and the row as loaded (its version is checked).
  struct WrittenRow {
    const M* row;
    const M* loaded;
  };
  void write_batch(Database& db, const ChangedColumns<table_type>& changed, const std::vector<WrittenRow>& rows);
  void compute_insert_layers();

  map_type rows_;
  /// Persisted rows not inserted yet. A multimap: new rows share a key (0) until inserted; its
  /// nodes move into rows_ (node handles: the rows keep their addresses) once they are.
  std::unordered_multimap<key_type, ManagedRow<M>, KeyTupleHash> staged_;
  std::vector<NewRowLink<M>> links_;
  std::vector<ManagedRow<M>*> removed_;
  bool inserted_ = false;
  /// The insert layer of each persisted row, in staged_'s order (prepare() computes it: 0
  /// unless the row references a persisted row of this table through a NOT NULL key).
  std::vector<std::size_t> insert_layer_;
  /// The links insert_new() inserted NULL (their parent was not in yet), for link_deferred().
  std::vector<std::pair<ManagedRow<M>*, const NewRowLink<M>*>> deferred_;
  std::vector<Pending> pending_;
  bool hooked_ = false;
  /// Snapshots before the open Session::transaction() first flushed each row.
  std::unordered_map<key_type, M, KeyTupleHash> undo_;
  /// Rows inserted inside the open Session::transaction(), as they were persisted.
  std::vector<std::pair<ManagedRow<M>*, M>> undo_inserted_;
  /// Rows deleted inside it, out of the map until it commits.
  std::vector<typename map_type::node_type> undo_removed_;
};

/// The link of persisted row `child`'s `ForeignKey` to `OwnerKey` of persisted row `parent`
/// (of table `parents`).
template <class ForeignKey, class OwnerKey, class Child, class Parent>
NewRowLink<Child> new_row_link(const ManagedRow<Child>& child, const ManagedTable& parents, const ManagedRow<Parent>& parent) {
  return NewRowLink<Child>{
      &child, &parents, &parent, column_index<table_of<Child>, ForeignKey>(), ForeignKey::nullable,
      [](Child& row, const void* p) {
        row.*ForeignKey::member = static_cast<const ManagedRow<Parent>*>(p)->snapshot.*OwnerKey::member;
      },
      [](Child& row) {
        if constexpr (ForeignKey::nullable) row.*ForeignKey::member = std::nullopt;
      }};
}

}  // namespace dorm::detail

#include "dorm/session/flush_steps.hpp"
