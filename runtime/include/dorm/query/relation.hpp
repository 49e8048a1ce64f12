#pragma once
// Relations between generated tables. dorm-gen emits one small struct per relation deriving
// from BelongsTo, HasOne, HasMany or ManyToMany; these bases load the related rows for one
// parent (one query) or for many parents at once (one query, the keys bound as one parameter),
// which is what eager loading builds on. Loaders apply the target model's global scopes
// (soft deletes included): a trashed row is never a related row. The tenant scope is one of
// them: a row of another tenant is never a related row either, and attach()/detach() refuse a
// parent or target row outside the active tenant (dorm/tenancy/tenant_scope.hpp). A per-row loader of
// a tenant row whose target table has no tenant column loads nothing for a parent outside the
// active tenant.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/expr/json_array.hpp"
#include "dorm/query/keyed_rows.hpp"
#include "dorm/detail/table_rows.hpp"

namespace dorm {

template <class Relation, class... Children>
struct Nested;

enum class RelationKind { belongs_to, has_one, has_many, many_to_many };

namespace detail {

/// The key of a row through column `C`, or nullopt when the column is NULL.
template <class C, class Row>
std::optional<unwrap_optional_t<typename C::value_type>> key_of(const Row& row) {
  return row.*C::member;  // a plain key converts, an optional one is copied
}

/// The distinct non-NULL keys of `rows` through column `C`, as a JSON array for json_each.
template <class C, class Row>
std::string distinct_keys_json(const std::vector<const Row*>& rows) {
  using Key = unwrap_optional_t<typename C::value_type>;
  std::unordered_set<Key> seen;
  JsonArrayWriter writer;
  for (const Row* row : rows) {
    auto key = key_of<C>(*row);
    if (key && seen.insert(*key).second) writer.add(*key);
  }
  return writer.finish();
}

/// True when the rows a per-row loader reads through `parent`'s key `LocalKey` may be shown:
/// always, unless `parent` is of a tenant table and `Target` is not (the rows of a table
/// hanging off a tenant row, the links of a pivot). Those carry no tenant column, so they are
/// the active tenant's only when `parent` is: checked in the database (one EXISTS query), since
/// a row object may be forged with another tenant's key. A tenant `Target` scopes itself.
template <class Target, class LocalKey, class Parent>
bool parent_of_active_tenant(Database& db, const Parent& parent) {
  if constexpr (tenant_scoped_model<Parent> && !tenant_scoped_model<Target>) {
    auto key = key_of<LocalKey>(parent);
    return key && db.select<Parent>().without_global_scopes().where(LocalKey{} == *key).exists();
  } else {
    (void)db;
    (void)parent;
    return true;
  }
}

}  // namespace detail

/// Shared interface of the relation kinds: the relation object is an empty value that names
/// the relation in with() and loads it.
template <class Self, class Parent, class Target>
struct RelationBase {
  using parent_model = Parent;
  using target_model = Target;

  /// Eager-loads `children` (relations of Target) under this relation:
  /// `posts.comments.with(comments.author)`.
  template <class... Children>
  [[nodiscard]] Nested<Self, Children...> with(const Children&...) const {
    static_assert(sizeof...(Children) > 0, "dorm: with() needs at least one relation");
    static_assert((std::is_same_v<typename Children::parent_model, Target> && ...),
                  "dorm: a nested with() takes relations of the related model (e.g. comments.author under "
                  "posts.comments)");
    return {};
  }
};

/// This row holds a key to one row of Target: `posts.author` over posts.author_id -> users.id.
template <class Self, class ForeignKey, class OwnerKey>
struct BelongsTo : RelationBase<Self, typename ForeignKey::model_type, typename OwnerKey::model_type> {
  using parent_model = typename ForeignKey::model_type;
  using target_model = typename OwnerKey::model_type;
  using key_type = unwrap_optional_t<typename OwnerKey::value_type>;
  static constexpr RelationKind kind = RelationKind::belongs_to;
  /// Loaded targets by owner key.
  using loaded_type = std::unordered_map<key_type, target_model>;

  /// The related row of `parent` (nullopt when its key is NULL or matches no row).
  static std::optional<target_model> load(Database& db, const parent_model& parent) {
    auto key = detail::key_of<ForeignKey>(parent);
    if (!key) return std::nullopt;
    return detail::rows_with_key<OwnerKey, false>(db.statements(), *key);
  }
  /// The related rows of all `parents` in one query, by owner key.
  static loaded_type load_many(StatementCache& cache, const std::vector<const parent_model*>& parents) {
    loaded_type loaded;
    if (parents.empty()) return loaded;
    for (auto& row : SelectQuery<target_model>(cache).where(InList<OwnerKey, key_type>{detail::distinct_keys_json<ForeignKey>(parents)}).all()) {
      auto key = *detail::key_of<OwnerKey>(row);
      loaded.emplace(std::move(key), std::move(row));
    }
    return loaded;
  }
  /// The loaded target of `parent`, or nullptr.
  static const target_model* find_loaded(const loaded_type& loaded, const parent_model& parent) {
    auto key = detail::key_of<ForeignKey>(parent);
    if (!key) return nullptr;
    auto it = loaded.find(*key);
    return it == loaded.end() ? nullptr : &it->second;
  }
};

/// Rows of Target hold this row's key: `users.posts` over posts.author_id -> users.id.
/// `Many` distinguishes has_many (a vector) from has_one (at most one row).
template <class Self, class ForeignKey, class LocalKey, bool Many>
struct HasRows : RelationBase<Self, typename LocalKey::model_type, typename ForeignKey::model_type> {
  using parent_model = typename LocalKey::model_type;
  using target_model = typename ForeignKey::model_type;
  using key_type = unwrap_optional_t<typename LocalKey::value_type>;
  static constexpr RelationKind kind = Many ? RelationKind::has_many : RelationKind::has_one;
  using loaded_type = std::unordered_map<key_type, std::conditional_t<Many, std::vector<target_model>, target_model>>;

  /// The related rows of `parent` (has_many: a vector; has_one: an optional). The return type
  /// is spelled out: the generated relation functions call this from inline code, and deducing
  /// it would instantiate the query (and dorm::global_scopes of the target) before users had
  /// the chance to specialize it.
  static std::conditional_t<Many, std::vector<target_model>, std::optional<target_model>> load(
      Database& db, const parent_model& parent) {
    auto key = detail::key_of<LocalKey>(parent);
    const bool shown = key && detail::parent_of_active_tenant<target_model, LocalKey>(db, parent);
    if constexpr (Many) {
      if (!shown) return std::vector<target_model>{};
      return detail::rows_with_key<ForeignKey, true>(db.statements(), *key);
    } else {
      if (!shown) return std::optional<target_model>{};
      return detail::rows_with_key<ForeignKey, false>(db.statements(), *key);
    }
  }
  /// The related rows of all `parents` in one query, grouped by parent key.
  static loaded_type load_many(StatementCache& cache, const std::vector<const parent_model*>& parents) {
    loaded_type loaded;
    if (parents.empty()) return loaded;
    for (auto& row : SelectQuery<target_model>(cache).where(InList<ForeignKey, key_type>{detail::distinct_keys_json<LocalKey>(parents)}).all()) {
      auto key = *detail::key_of<ForeignKey>(row);
      if constexpr (Many) {
        loaded[key].push_back(std::move(row));
      } else {
        loaded.emplace(std::move(key), std::move(row));
      }
    }
    return loaded;
  }
  static const auto* find_loaded(const loaded_type& loaded, const parent_model& parent) {
    using value = typename loaded_type::mapped_type;
    auto key = detail::key_of<LocalKey>(parent);
    if (!key) return static_cast<const value*>(nullptr);
    auto it = loaded.find(*key);
    return it == loaded.end() ? static_cast<const value*>(nullptr) : &it->second;
  }
};

template <class Self, class ForeignKey, class LocalKey>
using HasMany = HasRows<Self, ForeignKey, LocalKey, true>;
template <class Self, class ForeignKey, class LocalKey>
using HasOne = HasRows<Self, ForeignKey, LocalKey, false>;

/// Rows linked through a pivot table: `posts.tags` over posts_tags(post_id, tag_id).
/// PivotForeignKey -> LocalKey of this table, PivotRelatedKey -> RelatedKey of Target.
template <class Self, class LocalKey, class PivotForeignKey, class PivotRelatedKey, class RelatedKey>
struct ManyToMany : RelationBase<Self, typename LocalKey::model_type, typename RelatedKey::model_type> {
  using parent_model = typename LocalKey::model_type;
  using target_model = typename RelatedKey::model_type;
  using key_type = unwrap_optional_t<typename LocalKey::value_type>;
  using related_key_type = unwrap_optional_t<typename RelatedKey::value_type>;
  using pivot_table = typename PivotForeignKey::table_type;
  using target_table = typename RelatedKey::table_type;
  static constexpr RelationKind kind = RelationKind::many_to_many;
  using loaded_type = std::unordered_map<key_type, std::vector<target_model>>;

  /// The related rows of `parent`, through the pivot.
  static std::vector<target_model> load(Database& db, const parent_model& parent) {
    if (!detail::parent_of_active_tenant<target_model, LocalKey>(db, parent)) return {};
    auto loaded = load_many(db.statements(), {&parent});
    auto it = loaded.find(parent.*LocalKey::member);
    return it == loaded.end() ? std::vector<target_model>{} : std::move(it->second);
  }
  /// The related rows of all `parents` in one query, grouped by parent key.
  static loaded_type load_many(StatementCache& cache, const std::vector<const parent_model*>& parents) {
    if (parents.empty()) return {};
    // Named here, not in the class: the class is instantiated by the generated header, before
    // users specialize dorm::global_scopes for the target.
    using scopes = default_scopes_t<target_model>;
    const std::string keys = detail::distinct_keys_json<LocalKey>(parents);
    return detail::Executor::run(
        PivotQuery<scopes>{&cache, &keys},
        detail::make_terminal([](const auto& q) -> const StaticSql& { return q.sql(); },
                              [](const auto& q, Binder& binder, const auto& values) { q.bind(binder, values); },
                              [](const auto&, Statement& st) {
                                loaded_type loaded;
                                while (st.step()) {
                                  target_model row{};
                                  detail::read_row<target_table>(st, row);
                                  key_type key{};
                                  read_value(st, static_cast<int>(detail::column_count<target_table>), key);
                                  loaded[key].push_back(std::move(row));
                                }
                                return loaded;
                              }));
  }
  static const std::vector<target_model>* find_loaded(const loaded_type& loaded, const parent_model& parent) {
    auto it = loaded.find(parent.*LocalKey::member);
    return it == loaded.end() ? nullptr : &it->second;
  }

  /// Links `parent` and `target`; linking twice is harmless.
  static void attach(Database& db, const parent_model& parent, const target_model& target) {
    require_rows_of_tenant(db, parent, &target, "attach on");
    static const StaticSql sql = make_static_sql(
        "INSERT INTO " + std::string(pivot_table::quoted_name) + " (" + std::string(PivotForeignKey::quoted_name) +
        ", " + std::string(PivotRelatedKey::quoted_name) + ") VALUES (?, ?) ON CONFLICT DO NOTHING");
    run_on_pivot<StatementKind::insert>(db, sql, parent, &target);
  }
  /// Unlinks `parent` and `target`; true when they were linked.
  static bool detach(Database& db, const parent_model& parent, const target_model& target) {
    require_rows_of_tenant(db, parent, &target, "detach on");
    static const StaticSql sql = make_static_sql(delete_from_pivot() + " AND " +
                                                 std::string(PivotRelatedKey::quoted_name) + " = ?");
    return run_on_pivot<StatementKind::remove>(db, sql, parent, &target) > 0;
  }
  /// Unlinks every target from `parent`; returns how many links were removed.
  static std::int64_t detach_all(Database& db, const parent_model& parent) {
    require_rows_of_tenant(db, parent, nullptr, "detach on");
    static const StaticSql sql = make_static_sql(delete_from_pivot());
    return run_on_pivot<StatementKind::remove>(db, sql, parent, nullptr);
  }

 private:
  /// The query of load_many() under the target's scopes `Scopes`, for the executor: the
  /// target's rows joined with the pivot rows of the parents' keys (`keys`, a JSON array).
  template <class Scopes>
  struct PivotQuery {
    using table_type = target_table;
    using scope_set = detail::scope_set<target_table, Scopes>;
    static constexpr bool tenant_scoped = detail::has_tenant_scope_v<Scopes>;

    StatementCache* statements;
    const std::string* keys;

    [[nodiscard]] StatementCache& cache() const noexcept { return *statements; }
    [[nodiscard]] PivotQuery<detail::without_tenant_scopes_t<Scopes>> without_tenant_conditions() const {
      return {statements, keys};
    }
    static typename scope_set::values scope_conditions() { return scope_set::evaluate(); }
    void bind(Binder& binder, const typename scope_set::values& values) const {
      scope_set::bind(binder, values);
      binder(*keys);
    }
    static const StaticSql& sql() {
      static const StaticSql text = make_static_sql([] {
        // Target columns first, so the generated read_row reads them from column 0.
        std::string s = "SELECT ";
        s += detail::column_list_sql<target_table>.view();
        s += ", ";
        s += PivotForeignKey::qualified_name;
        s += " FROM ";
        s += target_table::quoted_name;
        s += " JOIN ";
        s += pivot_table::quoted_name;
        s += " ON ";
        s += PivotRelatedKey::qualified_name;
        s += " = ";
        s += RelatedKey::qualified_name;
        s += " WHERE ";
        // The target's scopes, as SelectQuery<target_model> would apply them (the pivot has none).
        if constexpr (!scope_set::empty) {
          s += scope_set::sql_text().view();
          s += " AND ";
        }
        s += PivotForeignKey::qualified_name;
        s += " IN (SELECT value FROM json_each(?))";
        return s;
      }());
      return text;
    }
  };

  /// The links of a tenant row are that tenant's data: the parent (and the target, when given)
  /// must be rows of the active tenant (the key looked up in the database, not taken from the
  /// row objects, which may be forged). One query per tenant-scoped model; none otherwise.
  static void require_rows_of_tenant(Database& db, const parent_model& parent, const target_model* target,
                                     std::string_view operation) {
    if constexpr (tenant_scoped_model<parent_model>) {
      if (!db.select<parent_model>().without_global_scopes().where(LocalKey{} == parent.*LocalKey::member).exists())
        detail::throw_other_tenant(operation, pivot_table::name, "names a row outside the active tenant");
    }
    if constexpr (tenant_scoped_model<target_model>) {
      if (target != nullptr &&
          !db.select<target_model>().without_global_scopes().where(RelatedKey{} == target->*RelatedKey::member).exists())
        detail::throw_other_tenant(operation, pivot_table::name, "names a row outside the active tenant");
    }
  }
  static std::string delete_from_pivot() {
    return "DELETE FROM " + std::string(pivot_table::quoted_name) + " WHERE " +
           std::string(PivotForeignKey::quoted_name) + " = ?";
  }
  // Binds the parent's key (and the target's, when given), runs `sql`, returns rows changed.
  template <StatementKind Kind>
  static std::int64_t run_on_pivot(Database& db, const StaticSql& sql, const parent_model& parent,
                                   const target_model* target) {
    auto st = detail::Executor::lease<Kind>(db.statements(), sql, pivot_table::name);
    Binder binder{*st};
    binder(parent.*LocalKey::member);
    if (target != nullptr) binder(target->*RelatedKey::member);
    st->step();
    return db.changes();
  }
};

/// A relation with relations of its target to load under it (see RelationBase::with).
template <class Relation, class... Children>
struct Nested {
  using relation = Relation;
  using parent_model = typename Relation::parent_model;
  using children = type_list<Children...>;
};

}  // namespace dorm
