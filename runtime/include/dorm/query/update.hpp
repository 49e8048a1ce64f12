#pragma once
// update_all<T>(): the typed UPDATE builder.
//
//   db.update_all<User>().set(users.name = "Ann", users.age = 36).where(users.id == 1).execute();
//
// Like select<T>(), every call returns a builder of a new type, so the SQL text is a function
// of the type: built once per process, prepared once per connection, every value bound.
// execute() without where() does not compile: changing every row must be said out loud, with
// execute_all_rows().
//
// Global scopes apply (`UPDATE ... WHERE <scopes> AND (<where>)`: trashed rows of a
// soft-delete table are not changed unless with_trashed() / only_trashed(); on a tenant table
// only the rows of the active tenant, and set() may not assign the tenant column unless
// without_tenant_scope() came first: dorm/tenancy/tenant_scope.hpp). On a table with
// timestamps, updated_at is set to now unless set() assigns it. Values are checked against
// their columns' schema rules before anything is written.
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "dorm/core/column.hpp"
#include "dorm/detail/table_traits.hpp"
#include "dorm/core/model.hpp"
#include "dorm/query/assignment.hpp"
#include "dorm/query/executor.hpp"
#include "dorm/query/where.hpp"
#include "dorm/query/scope.hpp"
#include "dorm/query/term_list.hpp"
#include "dorm/core/statement_cache.hpp"
#include "dorm/lifecycle/timestamp.hpp"
#include "dorm/lifecycle/validation.hpp"

namespace dorm {

namespace detail {

/// `"a" = ?, "b" = ?`: the SET terms `A`.
template <class... A>
constexpr auto assignments_sql(const terms<A...>*) noexcept {
  return sql_join(sql_literal(", "), A::sql_text()...);
}

/// True when the Assignments in the detail::terms `Sets` include one to column `C`.
template <class Sets, class C>
struct assigns_column;
template <class... A, class C>
struct assigns_column<terms<A...>, C> : std::bool_constant<(std::is_same_v<typename A::column_type, C> || ...)> {};

/// True when column `C` has validation rules (its descriptor's `rules`, dorm/core/column_rules.hpp).
template <class C>
concept validated_column = has_rules<C>;

/// True when SET term `A` checks its value against its column's rules. A term binding a row's
/// value by reference (update(row)) does not: the row was validated whole before.
template <class A>
concept validated_assignment = validated_column<typename A::column_type> && !std::is_reference_v<decltype(A::value)>;

/// Checks the value of one SET term against its column's rules, as the column's C++ type.
template <class C, class V>
void validate_assignment(const Assignment<C, V>& assignment, ValidationErrors& errors) {
  if constexpr (validated_assignment<Assignment<C, V>> && std::is_constructible_v<typename C::value_type, const V&>) {
    const typename C::value_type value(assignment.value);
    validate_column<C>(value, errors);
  }
}

}  // namespace detail

/// An UPDATE of model `M`'s table setting the Assignments in the detail::terms `Sets`, filtered by the
/// scopes `Scopes` (a type_list, see dorm/query/scope.hpp) and `Where`.
template <Model M, class Sets = detail::terms<>, class Where = NoCondition, class Scopes = default_scopes_t<M>>
class UpdateQuery : public ScopedQuery<UpdateQuery<M, Sets, Where, Scopes>, M, Scopes>,
                    public WhereClause<UpdateQuery<M, Sets, Where, Scopes>> {
  using scope_set = detail::scope_set<table_of<M>, Scopes>;

 public:
  using table_type = table_of<M>;
  using query_tables = type_list<table_type>;
  using left_joined_tables = type_list<>;

 private:
  /// The rule one set() argument `A` breaks, or rules::satisfied.
  template <class A>
  static auto set_rule() {
    if constexpr (!is_assignment_v<A>) {
      return std::type_identity<error::set_takes_assignments<A>>{};
    } else if constexpr (!std::is_same_v<typename A::column_type::table_type, table_type>) {
      return std::type_identity<error::set_assigns_a_column_of_another_table<typename A::column_type, table_type>>{};
    } else if constexpr (changes_tenant_column<A>()) {
      return std::type_identity<error::set_may_not_assign_the_tenant_column<typename A::column_type>>{};
    } else {
      return std::type_identity<rules::satisfied>{};
    }
  }
  template <class A>
  using set_check_t = typename decltype(set_rule<A>())::type;

 public:
  explicit UpdateQuery(StatementCache& cache, Sets sets = {}, Where where = {})
      : cache_(&cache), sets_(std::move(sets)), where_(std::move(where)) {}

  /// Adds one SET term: `set(users.name = "Ann")`; set() calls chain. The defaulted parameter
  /// is the rule (dorm/query/rules.hpp): an assignment to a column of this table, never to the
  /// tenant column while the tenant scope applies.
  template <class A>
  [[nodiscard]] auto set(const A& assignment, set_check_t<A> = {}) const {
    if constexpr (std::is_same_v<set_check_t<A>, rules::satisfied>) {
      return with_sets(sets_index{}, assignment);
    } else {
      return *this;
    }
  }
  /// Adds two SET terms: `set(users.name = "Ann", users.age = 36)`; the defaulted parameter is
  /// the first rule they break.
  template <class A1, class A2>
    requires(!AnyColumn<A1>)  // set(column, value) is the overload below
  [[nodiscard]] auto set(const A1& a1, const A2& a2, rules::first_broken_t<set_check_t<A1>, set_check_t<A2>> = {}) const {
    if constexpr (std::is_same_v<rules::first_broken_t<set_check_t<A1>, set_check_t<A2>>, rules::satisfied>) {
      return with_sets(sets_index{}, a1, a2);
    } else {
      return *this;
    }
  }
  /// Adds three SET terms.
  template <class A1, class A2, class A3>
  [[nodiscard]] auto set(const A1& a1, const A2& a2, const A3& a3,
                         rules::first_broken_t<set_check_t<A1>, set_check_t<A2>, set_check_t<A3>> = {}) const {
    if constexpr (std::is_same_v<rules::first_broken_t<set_check_t<A1>, set_check_t<A2>, set_check_t<A3>>,
                                 rules::satisfied>) {
      return with_sets(sets_index{}, a1, a2, a3);
    } else {
      return *this;
    }
  }
  /// Adds four SET terms or more (the rules are static_asserts: a pack leaves no room for the
  /// rule parameter).
  template <class... A>
    requires(sizeof...(A) > 3)
  [[nodiscard]] auto set(const A&... assignments) const {
    constexpr bool all_assignments = (is_assignment_v<A> && ...);
    static_assert(all_assignments,
                  "dorm: set() takes assignments such as users.name = \"Ann\", or a column and a value: "
                  "set(users.name, \"Ann\")");
    if constexpr (all_assignments) {
      (rules::require_column_of_updated_table<A, typename A::column_type::table_type, table_type>(), ...);
      (rules::require_tenant_column_unchanged<typename A::column_type, changes_tenant_column<A>()>(), ...);
      return with_sets(sets_index{}, assignments...);
    } else {
      return *this;
    }
  }

  /// Adds one SET term given as a column and a value: `set(users.name, "Ann")`.
  template <AnyColumn C, class V>
  [[nodiscard]] auto set(const C& column, const V& value) const {
    return set(column = value);
  }

  /// Runs the UPDATE; returns the number of rows changed. Needs a where() (the scopes alone
  /// do not count). Throws ValidationError, writing nothing, when a value breaks its column's
  /// rules.
  std::int64_t execute(rules::check_t<!std::is_same_v<Where, NoCondition>,
                                     error::update_without_where_would_change_every_row<M>> = {}) const {
    return run();
  }

  /// Runs the UPDATE on every row matching where() and the scopes, or on every row the scopes
  /// let through without a where().
  std::int64_t execute_all_rows() const { return run(); }

  /// The SQL this update runs (for logging and tests).
  [[nodiscard]] static const std::string& sql() { return update_sql().text; }

  /// True when this update applies a tenant scope: inside a without_tenant_scope region it
  /// runs as without_tenant_scope().
  static constexpr bool tenant_scoped = detail::has_tenant_scope_v<Scopes>;

 private:
  template <class NewScopes>
  auto with_scopes() const {
    return UpdateQuery<M, Sets, Where, NewScopes>(*cache_, sets_, where_);
  }
  using sets_index = std::make_index_sequence<Sets::size>;
  // The SET terms so far and `added`: a detail::terms list, not a std::tuple (costly to instantiate per
  // query shape, dorm/query/term_list.hpp).
  template <std::size_t... I, class... A>
  auto with_sets(std::index_sequence<I...>, const A&... added) const {
    using AllSets = detail::terms<std::remove_cvref_t<decltype(detail::term_at<I>(sets_))>..., A...>;
    check_each_column_once(static_cast<AllSets*>(nullptr));
    return UpdateQuery<M, AllSets, Where, Scopes>(*cache_, AllSets{{{detail::term_at<I>(sets_)}..., {added}...}}, where_);
  }
  auto without_tenant_conditions() const { return with_scopes<detail::without_tenant_scopes_t<Scopes>>(); }
  template <class W>
  auto with_where(W where) const {
    return UpdateQuery<M, Sets, W, Scopes>(*cache_, sets_, std::move(where));
  }
  friend class ScopedQuery<UpdateQuery, M, Scopes>;
  friend class WhereClause<UpdateQuery>;
  template <Model, class, class, class>
  friend class UpdateQuery;

  /// True when assignment `A` sets the tenant column while the tenant scope applies.
  template <class A>
  static constexpr bool changes_tenant_column() {
    if constexpr (tenant_scoped) {
      return std::is_same_v<typename A::column_type, typename table_type::tenant_column>;
    } else {
      return false;
    }
  }

  /// Timestamps: updated_at is set to now unless set() assigns it.
  static constexpr bool touches_updated_at = [] {
    if constexpr (detail::timestamped_table<table_type>) {
      return !detail::assigns_column<Sets, typename table_type::updated_at_column>::value;
    } else {
      return false;
    }
  }();

  template <class... A>
  static constexpr void check_each_column_once(detail::terms<A...>*) {
    rules::require_each_column_once<typename A::column_type...>();
  }

  static constexpr auto update_text() noexcept {
    constexpr auto updated_at = [] {
      if constexpr (touches_updated_at) {
        using C = typename table_type::updated_at_column;
        return detail::sql_concat(detail::sql_literal(", "), detail::sql_from<C::quoted_name.size()>(C::quoted_name),
                                  detail::sql_literal(" = ?"));
      } else {
        return detail::no_sql;
      }
    }();
    return detail::sql_concat(detail::sql_literal("UPDATE "), detail::table_name_sql<table_type>,
                              detail::sql_literal(" SET "), detail::assignments_sql(static_cast<const Sets*>(nullptr)),
                              updated_at, detail::scoped_where_sql<scope_set, Where>);
  }
  static const StaticSql& update_sql() {
    static_assert(Sets::size > 0, "dorm: update() needs at least one set(column = value)");
    static constexpr auto text = update_text();
    static const StaticSql sql = make_static_sql(text.view());
    return sql;
  }

  /// Every rule the assigned values break, all listed in one ValidationError.
  void validate() const {
    if constexpr (has_validated_column(static_cast<Sets*>(nullptr))) {
      ValidationErrors errors(table_type::name);
      validate_sets(errors, sets_index{});
      if (!errors.empty()) throw ValidationError(std::move(errors));
    }
  }
  template <std::size_t... I>
  void validate_sets(ValidationErrors& errors, std::index_sequence<I...>) const {
    (detail::validate_assignment(detail::term_at<I>(sets_), errors), ...);
  }
  template <class... A>
  static constexpr bool has_validated_column(detail::terms<A...>*) {
    return (detail::validated_assignment<A> || ...);
  }

  std::int64_t run() const {
    validate();
    // Timestamps: one now per execution, bound after the SET terms.
    std::string now;
    if constexpr (touches_updated_at) now = utc_timestamp();
    return detail::Executor::run(
        *this, detail::make_terminal<StatementKind::update>(
                   [](const auto& q) -> const StaticSql& { return q.update_sql(); },
                   [&now](const auto& q, Binder& binder, const auto& scopes) { q.bind_parameters(binder, scopes, now); },
                   [](const auto&, Statement& st) {
                     while (st.step()) {
                     }
                     return st.changes();
                   }));
  }

  /// Binds the parameters in SQL order: the SET values and updated_at, the scopes, where().
  void bind_parameters(Binder& binder, const typename scope_set::values& scopes, const std::string& now) const {
    bind_sets(binder, sets_index{});
    if constexpr (touches_updated_at) binder(now);
    scope_set::bind(binder, scopes);
    where_.bind(binder);
  }
  template <std::size_t... I>
  void bind_sets(Binder& binder, std::index_sequence<I...>) const {
    (detail::term_at<I>(sets_).bind(binder), ...);
  }
  // What the executor needs: the scope conditions of one execution, and the connection.
  static typename scope_set::values scope_conditions() { return scope_set::evaluate(); }
  [[nodiscard]] StatementCache& cache() const noexcept { return *cache_; }
  friend class detail::Executor;

  StatementCache* cache_;
  Sets sets_;
  Where where_;
};

}  // namespace dorm
