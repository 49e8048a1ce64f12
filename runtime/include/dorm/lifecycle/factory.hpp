#pragma once
// Model factories: valid rows for tests and seeding, built from the generated
// `factory_definition(n)` of each table (docs/lifecycle.md), then changed by states, and
// inserted with their required parents, children and many-to-many links in one transaction.
//
//   auto drafts = dorm::factory<Post>().count(3).state([](Post& p) { p.status = "draft"; }).create(db);
//   auto ann = dorm::factory<User>().has(users.posts, dorm::factory<Post>().count(2)).create_one(db);
//   auto mine = dorm::factory<Post>().for_parent(posts.author, ann).make();   // unsaved
//
// A Factory is an immutable value: every builder call returns a new one, so a configured
// factory can be kept and reused (the functions it was given are shared by those copies).
// Parents: a belongs_to whose foreign key is NOT NULL (the table's `required_parents`) gets one
// new parent per row, created by that parent's own factory, unless a state set the key or
// for_parent() says otherwise; for_parent() with a factory creates one parent shared by all
// rows of one create() call (as Laravel's for() does).
// A `pattern` column's values come from dorm::detail::PatternSampler, a static of the
// generated factory_definition(n).
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/core/callback.hpp"
#include "dorm/core/database.hpp"
#include "dorm/detail/pattern_sample.hpp"
#include "dorm/core/error.hpp"
#include "dorm/core/model.hpp"
#include "dorm/query/rules.hpp"
#include "dorm/query/relation.hpp"
#include "dorm/core/type_list.hpp"
#include "dorm/core/value_kind.hpp"

namespace dorm {

template <class M>
class Factory;

namespace detail {

/// The next `n` of factory_definition(n) for model M, process-wide, so successive make() and
/// create() calls (from any thread) never repeat a number and unique columns never collide.
/// 8-aligned, as std::atomic_ref<std::int64_t> requires on every target.
template <class M>
alignas(8) constinit inline std::int64_t factory_sequence = 0;

/// Adds `count` to `sequence` as one atomic step (std::atomic_ref, in the runtime library, so
/// this header need not include <atomic>) and returns its value before.
std::int64_t fetch_add_factory_sequence(std::int64_t& sequence, std::int64_t count) noexcept;

/// Nesting depth of parents a factory creates on this thread: bounds a cycle of NOT NULL
/// foreign keys (a -> b -> a), which no insert order can satisfy, to an error.
inline thread_local int factory_parent_depth = 0;
inline constexpr int factory_parent_depth_limit = 32;

/// True while a key member holds no key: 0, an empty string, an empty optional.
template <class T>
bool factory_key_unset(const T& value) {
  if constexpr (is_optional_v<T>) {
    return !value.has_value();
  } else if constexpr (requires { value.empty(); }) {
    return value.empty();
  } else if constexpr (std::equality_comparable<T>) {
    return value == T{};
  } else {
    return false;
  }
}

// The key columns of a relation, deduced from its generated base (relations do not name them).
template <class S, class ForeignKey, class OwnerKey>
type_list<ForeignKey, OwnerKey> relation_key_columns(const BelongsTo<S, ForeignKey, OwnerKey>*);
template <class S, class ForeignKey, class LocalKey, bool Many>
type_list<ForeignKey, LocalKey> relation_key_columns(const HasRows<S, ForeignKey, LocalKey, Many>*);
template <class S, class LocalKey, class PivotForeignKey, class PivotRelatedKey, class RelatedKey>
type_list<PivotRelatedKey, RelatedKey> relation_key_columns(
    const ManyToMany<S, LocalKey, PivotForeignKey, PivotRelatedKey, RelatedKey>*);

/// `ForeignKey` and the key it points at: OwnerKey of a belongs_to, LocalKey of a has_many,
/// and for a many_to_many the pivot's column and the target's key it holds.
template <class R>
struct relation_keys;
template <class R>
  requires requires { relation_key_columns(static_cast<const R*>(nullptr)); }
struct relation_keys<R> {
  using list = decltype(relation_key_columns(static_cast<const R*>(nullptr)));
  template <class L>
  struct split;
  template <class F, class K>
  struct split<type_list<F, K>> {
    using foreign_key = F;
    using key = K;
  };
  using foreign_key = typename split<list>::foreign_key;  ///< column of the row holding the key
  using key = typename split<list>::key;                  ///< column the foreign key points at
};

/// A generated relation object (posts.author, users.posts, posts.tags).
template <class R>
concept FactoryRelation = requires {
  typename R::parent_model;
  typename R::target_model;
  { R::kind } -> std::convertible_to<RelationKind>;
};

/// An address unique to relation type R: identifies a for_parent() override.
template <class R>
inline constexpr char relation_identity = 0;

/// The key of `row` through column K; a row without one (not inserted) cannot be a parent.
template <class K, class Row>
unwrap_optional_t<typename K::value_type> factory_parent_key(const Row& row, const char* what) {
  auto key = key_of<K>(row);
  if (!key || factory_key_unset(*key)) {
    throw MisuseError(std::string("[dorm.factory.parent_without_key] ") + what + ": the parent row of '" +
                      std::string(table_of<Row>::name) + "' has no key (was it inserted?)");
  }
  return std::move(*key);
}

/// Counts one level of parents created on this thread, for the cycle bound.
class FactoryParentDepth {
 public:
  explicit FactoryParentDepth(std::string_view table) {
    if (++factory_parent_depth > factory_parent_depth_limit) {
      --factory_parent_depth;
      throw MisuseError("[dorm.factory.parent_cycle] a factory nested required parents more than " +
                        std::to_string(factory_parent_depth_limit) + " levels deep at table '" + std::string(table) +
                        "': do NOT NULL foreign keys form a cycle? Give the parent with for_parent() or a state()");
    }
  }
  FactoryParentDepth(const FactoryParentDepth&) = delete;
  FactoryParentDepth& operator=(const FactoryParentDepth&) = delete;
  ~FactoryParentDepth() { --factory_parent_depth; }
};

}  // namespace detail

/// Builds rows of model M: `factory_definition(n)` of M's table, then each state in order.
/// make() returns them unsaved; create() inserts them (with parents, children and links) in
/// one transaction. Immutable: each builder call returns a changed copy.
template <class M>
class Factory {
  // The rule a relation argument `R` of for_parent() (Kind belongs_to), has() (has_many, for
  // has_many and has_one) or has_attached() (many_to_many) breaks, or rules::satisfied.
  template <class R, RelationKind Kind>
  static auto relation_rule() {
    if constexpr (!detail::FactoryRelation<R>) {
      return std::type_identity<error::factory_takes_a_relation<R>>{};
    } else if constexpr (!std::is_same_v<typename R::parent_model, M>) {
      return std::type_identity<error::factory_relation_of_another_model<R, M>>{};
    } else if constexpr (Kind == RelationKind::belongs_to && R::kind != RelationKind::belongs_to) {
      return std::type_identity<error::for_parent_takes_a_belongs_to_relation<R>>{};
    } else if constexpr (Kind == RelationKind::has_many && R::kind != RelationKind::has_many &&
                         R::kind != RelationKind::has_one) {
      return std::type_identity<error::has_takes_a_has_many_or_has_one_relation<R>>{};
    } else if constexpr (Kind == RelationKind::many_to_many && R::kind != RelationKind::many_to_many) {
      return std::type_identity<error::has_attached_takes_a_many_to_many_relation<R>>{};
    } else {
      return std::type_identity<rules::satisfied>{};
    }
  }
  template <class R, RelationKind Kind>
  using relation_check_t = typename decltype(relation_rule<R, Kind>())::type;

 public:
  using model_type = M;

  Factory() {
    static_assert(Model<M>, "dorm: factory<M>() takes a model type generated by dorm-gen");
    if constexpr (Model<M>) {
      static_assert(requires(std::int64_t n) {
                      { table_of<M>::factory_definition(n) } -> std::same_as<M>;
                      typename table_of<M>::required_parents;
                    },
                    "dorm: the model's table has no factory_definition(n) or required_parents; generate its "
                    "header with factories: dorm_generate(... FACTORIES) or dorm-gen generate --factories");
    }
  }

  /// How many rows make() and create() build (default 1; 0 builds none).
  [[nodiscard]] Factory count(std::size_t n) const {
    Factory next = *this;
    next.count_ = n;
    return next;
  }

  /// Adds a state: `fn(row)` or `fn(row, index)` (index 0..count-1 within one call), run on
  /// every row after the definition and the states added before it.
  template <class F>
  [[nodiscard]] Factory state(F fn) const {
    constexpr bool with_index = std::invocable<F&, M&, std::size_t>;
    constexpr bool without_index = std::invocable<F&, M&>;
    static_assert(with_index || without_index,
                  "dorm: state() takes a function void(M&) or void(M&, std::size_t index) of the factory's model");
    Factory next = *this;
    if constexpr (with_index) {
      next.states_.push_back(share<void(M&, std::size_t)>([fn = std::move(fn)](M& row, std::size_t index) mutable { fn(row, index); }));
    } else if constexpr (without_index) {
      next.states_.push_back(share<void(M&, std::size_t)>([fn = std::move(fn)](M& row, std::size_t) mutable { fn(row); }));
    }
    return next;
  }

  /// Adds a state that cycles through `fns` (each void(M&)): row i gets fns[i % size], as
  /// Laravel's sequence() does. `sequence([](Post& p) { p.status = "draft"; }, [](Post& p) { ... })`.
  template <class... Fns>
  [[nodiscard]] Factory sequence(Fns... fns) const {
    static_assert(sizeof...(Fns) > 0, "dorm: sequence() needs at least one function");
    static_assert((std::invocable<Fns&, M&> && ...),
                  "dorm: sequence() takes functions void(M&) of the factory's model");
    if constexpr (sizeof...(Fns) > 0 && (std::invocable<Fns&, M&> && ...)) {
      std::vector<Callback<void(M&)>> cycle;
      cycle.reserve(sizeof...(Fns));
      (cycle.emplace_back(std::move(fns)), ...);
      return state([cycle = std::move(cycle)](M& row, std::size_t index) { cycle[index % cycle.size()](row); });
    } else {
      return *this;
    }
  }

  /// Sets the parent of every row through belongs_to `relation` (e.g. posts.author):
  /// - with a factory of the parent model, create() creates ONE parent, shared by all rows of
  ///   that call (its count is ignored); make() writes nothing, so it leaves the key unset;
  /// - with an existing (inserted) row, every row gets its key, in make() too.
  /// A row whose key a state already set keeps it. A later for_parent() for the same relation
  /// replaces an earlier one.
  template <class R, class P>
  [[nodiscard]] Factory for_parent(const R& relation, P parent,
                                   relation_check_t<R, RelationKind::belongs_to> = {}) const {
    (void)relation;
    constexpr bool ok = check_relation<R, RelationKind::belongs_to>();
    Factory next = *this;
    if constexpr (ok) {
      using Target = typename R::target_model;
      using Keys = detail::relation_keys<R>;
      using FK = typename Keys::foreign_key;
      using OK = typename Keys::key;
      constexpr bool is_target_factory = std::is_same_v<P, Factory<Target>>;
      constexpr bool is_target_row = std::is_same_v<P, Target>;
      static_assert(is_target_factory || is_target_row,
                    "dorm: for_parent() takes a factory of the relation's target model or an existing row of it, "
                    "e.g. for_parent(posts.author, dorm::factory<User>()) or for_parent(posts.author, user)");
      ParentSource source;
      source.relation = &detail::relation_identity<R>;
      if constexpr (is_target_row) {
        auto key = detail::factory_parent_key<OK>(parent, "for_parent()");
        source.start = share<Resolver()>([key]() -> Resolver {
          return [key](Database*, M& row) {
            if (detail::factory_key_unset(row.*FK::member)) row.*FK::member = key;
          };
        });
      } else if constexpr (is_target_factory) {
        auto shared = std::make_shared<const Factory<Target>>(std::move(parent));
        source.start = share<Resolver()>([shared]() -> Resolver {
          // One parent per call: created by the first row that needs it.
          return [shared, created = std::optional<Target>{}](Database* db, M& row) mutable {
            if (db == nullptr || !detail::factory_key_unset(row.*FK::member)) return;
            if (!created) created = shared->create_one(*db);
            row.*FK::member = detail::factory_parent_key<OK>(*created, "for_parent()");
          };
        });
      }
      if constexpr (is_target_factory || is_target_row) {
        std::erase_if(next.parents_, [&](const ParentSource& s) { return s.relation == source.relation; });
        next.parents_.push_back(std::move(source));
      }
    }
    return next;
  }

  /// create() also creates children through has_many or has_one `relation` (e.g. users.posts)
  /// for each row, right after inserting it, with `children` (its count: how many per row),
  /// their foreign key set to the row's key. make() creates none.
  template <class R, class F>
  [[nodiscard]] Factory has(const R& relation, F children, relation_check_t<R, RelationKind::has_many> = {}) const {
    (void)relation;
    constexpr bool ok = check_relation<R, RelationKind::has_many>();
    Factory next = *this;
    if constexpr (ok) {
      using Target = typename R::target_model;
      using Keys = detail::relation_keys<R>;
      using FK = typename Keys::foreign_key;
      using LK = typename Keys::key;
      constexpr bool is_target_factory = std::is_same_v<F, Factory<Target>>;
      static_assert(is_target_factory,
                    "dorm: has() takes a factory of the relation's target model, e.g. has(users.posts, "
                    "dorm::factory<Post>().count(3))");
      if constexpr (is_target_factory) {
        if (R::kind == RelationKind::has_one && children.count_ > 1) {
          throw MisuseError("[dorm.factory.has_one_count] has() through has_one relation '" + std::string(R::name) +
                            "' creates at most one row per parent, but the factory's count is " +
                            std::to_string(children.count_));
        }
        next.children_.push_back(share<void(Database&, const M&)>([children = std::move(children)](Database& db, const M& row) {
          auto key = detail::factory_parent_key<LK>(row, "has()");
          (void)children.state([key](Target& child) { child.*FK::member = key; }).create(db);
        }));
      }
    }
    return next;
  }

  /// create() also creates `targets` rows for each row and links them through many_to_many
  /// `relation` (e.g. posts.tags) with its attach(). make() creates and links none.
  template <class R, class F>
  [[nodiscard]] Factory has_attached(const R& relation, F targets,
                                     relation_check_t<R, RelationKind::many_to_many> = {}) const {
    (void)relation;
    constexpr bool ok = check_relation<R, RelationKind::many_to_many>();
    Factory next = *this;
    if constexpr (ok) {
      using Target = typename R::target_model;
      constexpr bool is_target_factory = std::is_same_v<F, Factory<Target>>;
      constexpr bool is_target_rows = std::is_same_v<F, std::vector<Target>>;
      static_assert(is_target_factory || is_target_rows,
                    "dorm: has_attached() takes a factory of the relation's target model or a std::vector of its "
                    "existing rows, e.g. has_attached(posts.tags, dorm::factory<Tag>().count(2))");
      if constexpr (is_target_factory) {
        next.children_.push_back(share<void(Database&, const M&)>([targets = std::move(targets)](Database& db, const M& row) {
          for (const Target& target : targets.create(db)) R::attach(db, row, target);
        }));
      } else if constexpr (is_target_rows) {
        for (const Target& target : targets) (void)detail::factory_parent_key<typename detail::relation_keys<R>::key>(target, "has_attached()");
        next.children_.push_back(share<void(Database&, const M&)>([targets = std::move(targets)](Database& db, const M& row) {
          for (const Target& target : targets) R::attach(db, row, target);
        }));
      }
    }
    return next;
  }

  /// count() unsaved rows: definition and states, keys of for_parent() rows. Writes nothing.
  [[nodiscard]] std::vector<M> make() const {
    std::vector<M> rows = build();
    auto resolvers = start_parents();
    for (M& row : rows) {
      for (Resolver& resolve : resolvers) resolve(nullptr, row);
    }
    return rows;
  }
  /// One unsaved row (the count is ignored).
  [[nodiscard]] M make_one() const { return count(1).make().front(); }

  /// Inserts count() rows through db.insert() (hooks, timestamps and validation apply), each
  /// after its missing parents and before its children and links, all in one transaction (a
  /// savepoint inside an open one): when anything fails, nothing stays written and the error
  /// is rethrown. Returns the rows as inserted, keys filled in.
  std::vector<M> create(Database& db) const {
    return db.transaction([&] {
      std::vector<M> rows = build();
      auto resolvers = start_parents();
      for (M& row : rows) {
        for (Resolver& resolve : resolvers) resolve(&db, row);
        create_required_parents(db, row, typename table_of<M>::required_parents{});
        db.insert(row);
        for (const auto& create_children : children_) (*create_children)(db, row);
      }
      return rows;
    });
  }
  /// One inserted row (the count is ignored), as create() inserts it.
  M create_one(Database& db) const { return count(1).create(db).front(); }

 private:
  template <class>
  friend class Factory;

  // Sets a row's foreign key from its parent; `db` is null in make(). One per call, so a
  // shared parent lives for one make()/create().
  using Resolver = Callback<void(Database* db, M& row)>;
  // A function shared by the copies of a factory: each builder call copies the factory, and a
  // Callback is move-only. A state's function object is one object for all those copies.
  template <class Signature>
  using Shared = std::shared_ptr<const Callback<Signature>>;
  template <class Signature, class F>
  static Shared<Signature> share(F&& function) {
    return std::make_shared<const Callback<Signature>>(std::forward<F>(function));
  }
  struct ParentSource {
    const void* relation = nullptr;          ///< relation_identity of the relation
    Shared<Resolver()> start;                ///< a fresh resolver for one call
  };

  // True when relation argument `R` is usable: relation_check_t<R, Kind> is rules::satisfied.
  template <class R, RelationKind Kind>
  static constexpr bool check_relation() {
    return std::is_same_v<relation_check_t<R, Kind>, rules::satisfied>;
  }

  // Definition and states of count() rows, numbered from this model's process-wide sequence.
  std::vector<M> build() const {
    using T = table_of<M>;
    const auto first =
        detail::fetch_add_factory_sequence(detail::factory_sequence<M>, static_cast<std::int64_t>(count_)) + 1;
    std::vector<M> rows;
    rows.reserve(count_);
    for (std::size_t i = 0; i < count_; ++i) {
      M row = T::factory_definition(first + static_cast<std::int64_t>(i));
      for (const auto& apply : states_) (*apply)(row, i);
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::vector<Resolver> start_parents() const {
    std::vector<Resolver> resolvers;
    resolvers.reserve(parents_.size());
    for (const ParentSource& source : parents_) resolvers.push_back((*source.start)());
    return resolvers;
  }

  // A new parent, from the parent model's own factory, for each required parent still unset.
  template <class... Rs>
  static void create_required_parents(Database& db, M& row, type_list<Rs...>) {
    (create_required_parent<Rs>(db, row), ...);
  }
  template <class R>
  static void create_required_parent(Database& db, M& row) {
    using Keys = detail::relation_keys<R>;
    using FK = typename Keys::foreign_key;
    using OK = typename Keys::key;
    using Parent = typename R::target_model;
    if (!detail::factory_key_unset(row.*FK::member)) return;
    detail::FactoryParentDepth depth(table_of<Parent>::name);
    const Parent parent = Factory<Parent>().create_one(db);
    row.*FK::member = detail::factory_parent_key<OK>(parent, "a required parent");
  }

  std::size_t count_ = 1;
  std::vector<Shared<void(M&, std::size_t)>> states_;
  std::vector<ParentSource> parents_;
  std::vector<Shared<void(Database&, const M&)>> children_;
};

/// A factory of model M: `dorm::factory<User>().count(10).create(db)`.
template <class M>
[[nodiscard]] Factory<M> factory() {
  return Factory<M>();
}

}  // namespace dorm
