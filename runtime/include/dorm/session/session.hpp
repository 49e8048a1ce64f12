#pragma once
// dorm::Session: an identity map and a unit of work over a Database, as MikroORM's
// EntityManager. Each row is loaded once per session (the same key is the same object); rows
// are changed as plain structs and flush() writes what changed, in one transaction. Meant to
// live for one request or one unit of work, on one thread (docs/session.md).
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/core/error.hpp"
#include "dorm/core/model.hpp"
#include "dorm/query/eager.hpp"
#include "dorm/query/relation.hpp"
#include "dorm/query/select.hpp"
#include "dorm/session/cascade.hpp"
#include "dorm/session/commit_order.hpp"
#include "dorm/session/loaded_relations.hpp"
#include "dorm/session/managed_rows.hpp"
#include "dorm/session/pending_pivot_row.hpp"
#include "dorm/session/session_query.hpp"
#include "dorm/tenancy/tenant_scope.hpp"

namespace dorm {

namespace detail {
/// Throws MisuseError [dorm.session.not_managed]: `operation` got a row of `table` that this
/// session does not manage.
[[noreturn]] void throw_not_managed(std::string_view operation, std::string_view table);
/// Throws ValidationError listing every failure of every row of a flush.
[[noreturn]] void throw_flush_validation(std::vector<ValidationErrors> failures);

template <class Query>
struct eager_specs;
template <Model M, class Where, class Order, class Joins, class Eager, class Scopes>
struct eager_specs<SelectQuery<M, Where, Order, Joins, Eager, Scopes>> {
  using type = Eager;
};
}  // namespace detail

/// An identity map and unit of work over a Database (which must outlive it). Rows it returns
/// are managed: their addresses stay valid until clear(), detach() or the session's end.
/// Not thread-safe: one session per request (or per unit of work), on one thread.
class Session {
 public:
  /// A session over `db`, holding no row yet.
  explicit Session(Database& db) noexcept : db_(&db) {}
  Session(Session&&) noexcept = default;
  Session& operator=(Session&&) noexcept = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() = default;

  /// The database this session reads and writes.
  [[nodiscard]] Database& database() const noexcept { return *db_; }

  /// The managed row with this primary key (several values for a composite key), or nullptr
  /// when there is none. A row the session holds is returned without a query, as it is in
  /// memory; otherwise it is read as Database::find() reads it (default scopes apply).
  template <Model M, class... Key>
  [[nodiscard]] M* find(const Key&... key) {
    using T = table_of<M>;
    static_assert(sizeof...(Key) == detail::key_count<T>,
                  "dorm: Session::find() takes the primary key's values, one per key column");
    auto& rows = managed<M>();
    if (auto* entry = rows.find(typename detail::ManagedRows<M>::key_type(key...))) {
      if (!of_active_tenant(entry->snapshot)) return nullptr;
      return &entry->row;
    }
    std::optional<M> loaded = db_->find<M>(key...);
    if (!loaded) return nullptr;
    return &rows.merge(std::move(*loaded)).row;
  }

  /// find(), but throws NotFound when there is no such row.
  template <Model M, class... Key>
  [[nodiscard]] M& find_or_fail(const Key&... key) {
    M* row = find<M>(key...);
    if (row == nullptr)
      throw NotFound("[dorm.not_found] no row in table '" + std::string(table_of<M>::name) + "' with that primary key");
    return *row;
  }

  /// A SELECT whose rows the session manages: `session.select<User>().where(users.age >= 18).all()`
  /// returns std::vector<User*>.
  template <Model M>
  [[nodiscard]] SessionQuery<M, SelectQuery<M>> select() {
    return SessionQuery<M, SelectQuery<M>>(*this, db_->select<M>());
  }

  /// The rows of `relation` for `row`, managed: `session.load(post, posts.author)` gives a
  /// User* (nullptr when there is none), `session.load(user, users.posts)` a
  /// std::vector<Post*>. A relation loaded before (or eagerly with with()) is not queried
  /// again, nor is a belongs_to target the session already holds.
  template <Model M, class Relation>
  [[nodiscard]] auto load(const M& row, const Relation&) {
    static_assert(std::is_same_v<typename Relation::parent_model, M>,
                  "dorm: Session::load() takes a relation of the row's model, e.g. session.load(post, posts.author)");
    using Target = typename Relation::target_model;
    constexpr bool single = Relation::kind == RelationKind::belongs_to || Relation::kind == RelationKind::has_one;
    auto& loaded = loaded_relation<Relation>();
    auto key = detail::key_of<detail::relation_parent_key_t<Relation>>(row);
    auto result = [](const std::vector<Target*>* rows) {
      if constexpr (single) {
        return rows == nullptr || rows->empty() ? static_cast<Target*>(nullptr) : rows->front();
      } else {
        return rows == nullptr ? std::vector<Target*>{} : *rows;
      }
    };
    if constexpr (Relation::kind != RelationKind::belongs_to) {
      // A new row has no key yet: its rows are those add() gave it.
      if (auto it = loaded.by_new_parent.find(&row); it != loaded.by_new_parent.end()) return result(&it->second);
    }
    if (!key) return result(nullptr);
    if (auto it = loaded.by_key.find(*key); it != loaded.by_key.end()) return result(&it->second);
    if constexpr (detail::targets_primary_key<Relation>()) {
      return find<Target>(*key);
    } else {
      std::vector<Target*>& targets = loaded.by_key[*key];
      auto rows = Relation::load(*db_, row);
      if constexpr (single) {
        if (rows) targets.push_back(&managed<Target>().merge(std::move(*rows)).row);
      } else {
        targets.reserve(rows.size());
        for (Target& target : rows) targets.push_back(&managed<Target>().merge(std::move(target)).row);
      }
      return result(&targets);
    }
  }

  /// Reads `row` (a managed row) again from the database, dropping its unflushed changes. Its
  /// address stays. Throws NotFound when the row is gone (it stays as it was), MisuseError
  /// when the session does not manage `row`.
  template <Model M>
  void refresh(M& row) {
    using T = table_of<M>;
    auto& rows = managed<M>();
    auto it = rows.locate(row);
    if (rows.is_end(it)) detail::throw_not_managed("refresh()", T::name);
    // By the key it was loaded with, whatever scopes say of it now (a trashed row reads too).
    std::optional<M> loaded = std::apply(
        [&](const auto&... key) {
          return db_->select<M>().without_global_scopes().where(detail::key_condition<T>(key...)).first();
        },
        it->first);
    if (!loaded)
      throw NotFound("[dorm.not_found] refresh(): the row of table '" + std::string(T::name) +
                     "' is no longer in the database");
    it->second.snapshot = *loaded;
    it->second.row = std::move(*loaded);
  }

  /// True when `row` is a row this session manages (the object itself, not an equal copy),
  /// persisted rows not yet flushed included.
  template <Model M>
  [[nodiscard]] bool contains(const M& row) {
    auto& rows = managed<M>();
    return !rows.is_end(rows.locate(row)) || rows.staged(row) != nullptr;
  }

  /// Schedules `row`, a new row, for insertion at the next flush() and returns the managed row
  /// (a reference into the session, whose address stays): `Post& post = session.persist(Post{...})`.
  /// flush() inserts new rows table by table, parents before children (the schema's foreign
  /// keys), in multi-row INSERTs, as Database::insert_many() does (hooks, timestamps, tenant,
  /// validation); then fills the generated keys and SQL defaults into the rows.
  template <Model M>
  M& persist(M row) {
    return managed<M>().persist(std::move(row));
  }

  /// Schedules the managed row `row` for deletion at the next flush() (a soft delete where the
  /// table has soft deletes), as Database::remove() deletes it (hooks, tenant rule), children
  /// before parents. Once flushed the row is no longer managed (its address is no longer valid).
  /// A persisted row not flushed yet is simply forgotten, with the new rows add() gave it.
  /// Follows the relations declaring cascade remove, loading those not loaded yet: their rows
  /// are removed too, recursively (docs/session.md, "Cascades"). Throws MisuseError when the
  /// session does not manage `row`.
  template <Model M>
  void remove(M& row);

  /// Sets the foreign key linking two rows: `session.link(post, posts.author, ann)` (belongs_to,
  /// child first) and `session.link(ann, users.posts, post)` (has_one/has_many, parent first)
  /// both set post.author_id to ann's key. Type-checked: the relation is one of the first row's
  /// model, pointing at the second's. When the parent is a persisted row not inserted yet,
  /// flush() inserts it first and copies its key into the child (which must then be a persisted
  /// row too), also across cycles and self-references (docs/session.md).
  template <class From, class Relation, class To>
  void link(From& from, const Relation& relation, To&& to);

  /// Adds `row`, a new row, to the has_one, has_many or many_to_many `relation` of the managed
  /// row `parent` and returns the managed new row: `Post& post = session.add(user, users.posts,
  /// Post{...})`. The relation must declare cascade persist (else a compile error): the row is
  /// persisted with `parent`, its foreign key set to parent's key (filled at flush() when
  /// `parent` is new too); for a many_to_many, flush() also inserts the pivot row. The relation
  /// is loaded first if it was not, so load() then lists the new row with the others. In a
  /// has_one, the row replaced leaves the relation as remove_from() takes it out.
  template <Model Parent, class Relation, Model Child>
  Child& add(Parent& parent, const Relation& relation, Child row);

  /// Takes `row` out of the loaded has_one or has_many `relation` of `parent`: removed at the
  /// next flush() where the relation declares orphan removal, else its foreign key set to NULL.
  /// Throws MisuseError [dorm.session.orphan] when the relation declares no orphan removal and
  /// the foreign key is NOT NULL, [dorm.session.not_in_relation] when `row` is not in it.
  template <Model Parent, class Relation, Model Child>
  void remove_from(Parent& parent, const Relation& relation, Child& row);

  /// Stops managing `row`: its address is no longer valid, flush() no longer writes it, and
  /// find() of its key reads it again (a new row takes the new rows add() gave it along).
  /// Throws MisuseError when the session does not manage it.
  template <Model M>
  void detach(M& row) {
    auto& rows = managed<M>();
    for (auto& relation : relations_)
      if (relation) relation->forget_loaded();  // they may point at it
    if (rows.staged(row) != nullptr) {
      // As remove() of a new row: the new rows add() gave it go with it.
      cascade_remove(row, true);
      forget_in_relations(row);
      rows.unstage(row);
      return;
    }
    forget_pivot_rows(&row);
    auto it = rows.locate(row);
    if (rows.is_end(it)) detail::throw_not_managed("detach()", table_of<M>::name);
    rows.erase(it);
  }

  /// Stops managing every row (every pointer the session gave becomes invalid).
  void clear() noexcept;
  /// The number of managed rows.
  [[nodiscard]] std::size_t size() const noexcept;

  /// Writes every change made to managed rows since they were loaded (or last flushed), in one
  /// transaction (a savepoint inside an open one): only the changed columns of the changed
  /// rows, rows with the same changed columns in one statement per batch. Database's write
  /// rules apply as to update(row): tenant and read-only rules, before hooks (saving,
  /// updating), updated_at, validation of every changed row before anything is written (one
  /// ValidationError lists all failures), after hooks (updated, saved). Any failure rolls the
  /// flush back and leaves the session as it was before flush(): the rows keep their changes
  /// and stay dirty. With no change, flush() runs no statement and opens no transaction.
  void flush();

  /// Runs `body` in a transaction, then flush(), then commits; returns what `body` returns.
  /// When anything throws, the transaction rolls back and the rows flushed inside it (by
  /// `body` or at the end) are dirty again, their changes kept, so a later flush() writes them.
  template <TransactionBody F>
  decltype(auto) transaction(F&& body) {
    ++transaction_depth_;
    struct Close {
      Session* session;
      bool committed = false;
      ~Close() { session->close_transaction(committed); }
    } close{this};
    if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
      db_->transaction([&] {
        body();
        flush();
      });
      close.committed = true;
    } else {
      decltype(auto) result = db_->transaction([&]() -> decltype(auto) {
        decltype(auto) value = body();
        flush();
        return value;
      });
      close.committed = true;
      return result;
    }
  }

 private:
  template <Model, class>
  friend class SessionQuery;

  template <Model M>
  detail::ManagedRows<M>& managed() {
    const std::size_t slot = detail::session_slot<M>();
    if (slot >= tables_by_slot_.size()) tables_by_slot_.resize(slot + 1, nullptr);
    if (tables_by_slot_[slot] == nullptr) {
      // Tables are flushed in the order the session first met them.
      tables_.push_back(std::make_unique<detail::ManagedRows<M>>());
      tables_by_slot_[slot] = tables_.back().get();
    }
    return static_cast<detail::ManagedRows<M>&>(*tables_by_slot_[slot]);
  }

  template <class Relation>
  detail::LoadedRelationOf<Relation>& loaded_relation() {
    const std::size_t slot = detail::session_slot<Relation>();
    if (slot >= relations_.size()) relations_.resize(slot + 1);
    if (!relations_[slot]) relations_[slot] = std::make_unique<detail::LoadedRelationOf<Relation>>();
    return static_cast<detail::LoadedRelationOf<Relation>&>(*relations_[slot]);
  }

  /// False when `row` belongs to another tenant than the active scope's (a session used
  /// across tenant scopes): the identity map then answers as a query would, with no row.
  template <Model M>
  static bool of_active_tenant([[maybe_unused]] const M& row) {
    if constexpr (detail::tenant_table<table_of<M>>) {
      using C = typename table_of<M>::tenant_column;
      if (tenant_scope_bypassed()) return true;
      return row.*C::member == detail::tenant_value_for<C>("query on");
    } else {
      return true;
    }
  }

  /// Merges the rows of an eager query and its relations into the session.
  template <class Eager, Model M, class Store>
  std::vector<M*> merge_eager(const std::vector<M>& rows, const Store& store) {
    std::vector<M*> managed_rows;
    managed_rows.reserve(rows.size());
    auto& table = managed<M>();
    for (const M& row : rows) managed_rows.push_back(&table.merge(M(row)).row);
    merge_relations(store, typename Store::relations{});
    // A row the query found no related row for has its relation loaded too: empty.
    mark_loaded(managed_rows, Eager{});
    return managed_rows;
  }

  template <class Store, class... Relations>
  void merge_relations(const Store& store, type_list<Relations...>) {
    (merge_relation<Relations>(store.template get<Relations>()), ...);
  }
  template <Model M, class... Specs>
  void mark_loaded(const std::vector<M*>& rows, type_list<Specs...>) {
    (mark_loaded<typename detail::spec_traits<Specs>::relation>(rows), ...);
  }
  /// Records `Relation` as loaded for every row of `rows`: a key it found nothing for maps to
  /// no rows.
  template <class Relation, Model M>
  void mark_loaded(const std::vector<M*>& rows) {
    auto& loaded = loaded_relation<Relation>();
    for (const M* row : rows)
      if (auto key = detail::key_of<detail::relation_parent_key_t<Relation>>(*row)) loaded.by_key.try_emplace(*key);
  }

  template <class Relation, class Loaded>
  void merge_relation(const Loaded& loaded_rows) {
    using Target = typename Relation::target_model;
    auto& loaded = loaded_relation<Relation>();
    auto& table = managed<Target>();
    for (const auto& [key, value] : loaded_rows) {
      std::vector<Target*>& targets = loaded.by_key[key];
      targets.clear();
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value)>, Target>) {
        targets.push_back(&table.merge(Target(value)).row);
      } else {
        targets.reserve(value.size());
        for (const Target& target : value) targets.push_back(&table.merge(Target(target)).row);
      }
    }
  }

  void close_transaction(bool committed) noexcept;

  // Cascades (dorm/session/session_relation_writes.hpp).
  template <Model M>
  void cascade_remove(M& row, bool is_new);
  template <class Relation, Model M>
  void cascade_remove_along(M& row, bool is_new);
  /// The loaded rows of `relation` for `parent` (loaded now if they were not).
  template <class Relation, Model Parent>
  std::vector<typename Relation::target_model*>& members_of(Parent& parent, std::string_view operation);
  /// Throws [dorm.session.orphan] when a row cannot leave `Relation` (see remove_from()).
  template <class Relation>
  static void require_orphan_rule(std::string_view operation);
  /// `row` left `Relation`: removed, or its foreign key set to NULL.
  template <class Relation, Model Child>
  void orphan(Child& row);
  /// Sets `ForeignKey` of `child` to `OwnerKey` of `parent`, at once when the parent has its
  /// key, else at flush (link_to_new()).
  template <class ForeignKey, class OwnerKey, Model Child, Model Parent>
  void link_key(Child& child, const Parent& parent);
  /// `child`'s ForeignKey takes `parent`'s OwnerKey once `parent` is inserted.
  template <class ForeignKey, class OwnerKey, Model Child, Model Parent>
  void link_to_new(detail::ManagedRow<Child>& child, detail::ManagedRow<Parent>& parent);
  /// Drops `row` (forgotten or removed) from the loaded relations and the pending pivot rows.
  template <Model M>
  void forget_in_relations(const M& row) noexcept {
    forget_in_relations(&row, detail::session_slot<M>());
  }
  void forget_in_relations(const void* row, std::size_t table) noexcept;
  void forget_pivot_rows(const void* row) noexcept;

  Database* db_;
  std::vector<std::unique_ptr<detail::ManagedTable>> tables_;
  std::vector<detail::ManagedTable*> tables_by_slot_;
  std::vector<std::unique_ptr<detail::LoadedRelation>> relations_;
  int transaction_depth_ = 0;
  /// Pivot rows add() made, inserted at the next flush(); those flushed inside the open
  /// transaction() wait in pivot_undo_, to be inserted again should it roll back.
  std::vector<detail::PendingPivotRow> pivot_rows_;
  std::vector<detail::PendingPivotRow> pivot_undo_;
};

}  // namespace dorm

#include "dorm/session/session_query_terminals.hpp"
#include "dorm/session/session_relation_writes.hpp"
