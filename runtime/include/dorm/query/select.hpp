#pragma once
// select<T>(): the typed SELECT builder. Each call returns a builder of a new type, so the
// query's SQL text is a function of its type: built once per process, prepared once per
// connection, and every value is a bound parameter.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "dorm/core/column.hpp"
#include "dorm/core/cursor.hpp"
#include "dorm/expr/comparison.hpp"
#include "dorm/expr/logical.hpp"
#include "dorm/core/model.hpp"
#include "dorm/query/executor.hpp"
#include "dorm/query/join.hpp"
#include "dorm/query/order_by.hpp"
#include "dorm/query/page.hpp"
#include "dorm/query/select_sql.hpp"
#include "dorm/query/where.hpp"
#include "dorm/query/scope.hpp"
#include "dorm/core/statement_cache.hpp"

namespace dorm {

template <class Query, class Exprs, class GroupBy, class Having, class Order, bool Distinct>
class ProjectionQuery;
template <Model M, class Store>
class EagerResult;

namespace detail {
/// Loads the relations listed in `Eager` for `rows` (defined in dorm/query/eager.hpp).
template <class Eager, Model M>
auto load_eager(StatementCache& cache, std::vector<M> rows);
/// What a set operation needs of a select (defined in dorm/query/set_operation.hpp).
template <class Query>
struct set_operand;
}  // namespace detail

/// A SELECT over model `M`'s table: condition `Where`, ORDER BY terms `Order`, JOIN clauses
/// `Joins` (a detail::terms of JoinClause), relations to load eagerly `Eager` (see with()) and the global scopes
/// it applies `Scopes` (a type_list, see dorm/query/scope.hpp). Scopes of joined tables are not
/// applied, as in Laravel, but for their tenant scope, which goes into the ON clause.
template <Model M, class Where = NoCondition, class Order = type_list<>, class Joins = detail::terms<>,
          class Eager = type_list<>, class Scopes = default_scopes_t<M>>
class SelectQuery : public ScopedQuery<SelectQuery<M, Where, Order, Joins, Eager, Scopes>, M, Scopes>,
                    public WhereClause<SelectQuery<M, Where, Order, Joins, Eager, Scopes>> {
  using scope_set = detail::scope_set<table_of<M>, Scopes>;

 public:
  using model_type = M;
  using table_type = table_of<M>;
  using joins_type = Joins;
  using where_type = Where;
  using order_type = Order;
  using scopes_type = Scopes;
  /// The scope conditions of one execution, the tenant conditions of the joins included (see
  /// scope_conditions()).
  struct scope_values {
    typename scope_set::values scopes;
    detail::join_tenant_values_t<Joins> joins;
  };
  /// True when this query applies a tenant condition (its model's tenant scope, or that of a
  /// joined tenant table): inside a without_tenant_scope region it runs as without_tenant_scope().
  static constexpr bool tenant_scoped = detail::has_tenant_scope_v<Scopes> || detail::any_tenant_join<Joins>::value;
  /// The tables whose columns this query may use.
  using query_tables = type_list_concat_t<type_list<table_type>, join_tables_t<Joins>>;
  /// The LEFT JOINed tables: their NOT NULL columns read as NULL where no row joined.
  using left_joined_tables = left_join_tables_t<Joins>;
  /// The tables of this query and `Other`'s: what a join() ON condition may use.
  template <class Other>
  using tables_with = type_list_concat_t<query_tables, type_list<table_of<Other>>>;

  explicit SelectQuery(StatementCache& cache, Where where = {}, Joins joins = {}, std::int64_t limit = -1,
                       std::int64_t offset = 0)
      : cache_(&cache), where_(std::move(where)), joins_(std::move(joins)), limit_(limit), offset_(offset) {}

  /// `JOIN "table of Other" ON condition`: Other's columns become usable in this query.
  template <Model Other, class E>
  [[nodiscard]] auto join(const E& on, rules::condition_check_t<E, tables_with<Other>, tables_with<Other>> = {}) const {
    return add_join<JoinKind::inner, Other>(on);
  }
  /// `LEFT JOIN "table of Other" ON condition`: Other's columns read as std::optional.
  template <Model Other, class E>
  [[nodiscard]] auto left_join(const E& on,
                               rules::condition_check_t<E, tables_with<Other>, tables_with<Other>> = {}) const {
    return add_join<JoinKind::left, Other>(on);
  }

  /// Adds one ORDER BY term: a column (ascending) or column.asc() / column.desc().
  template <class Term>
  [[nodiscard]] auto order_by(const Term&, rules::order_by_check_t<query_tables, Term> = {}) const {
    if constexpr (rules::OrderTermsOver<query_tables, Term>) {
      return with_order<Term>();
    } else {
      return *this;
    }
  }
  /// Adds two ORDER BY terms, in order; the defaulted parameter is the first rule they break.
  template <class T1, class T2>
  [[nodiscard]] auto order_by(const T1&, const T2&, rules::order_by_check_t<query_tables, T1, T2> = {}) const {
    if constexpr (rules::OrderTermsOver<query_tables, T1, T2>) {
      return with_order<T1, T2>();
    } else {
      return *this;
    }
  }
  /// Adds three ORDER BY terms, in order.
  template <class T1, class T2, class T3>
  [[nodiscard]] auto order_by(const T1&, const T2&, const T3&,
                              rules::order_by_check_t<query_tables, T1, T2, T3> = {}) const {
    if constexpr (rules::OrderTermsOver<query_tables, T1, T2, T3>) {
      return with_order<T1, T2, T3>();
    } else {
      return *this;
    }
  }
  /// Adds four or more ORDER BY terms, in order. A parameter pack leaves no room for the rule
  /// parameter: the rule is a static_assert here.
  template <class... Terms>
    requires(sizeof...(Terms) > 3)
  [[nodiscard]] auto order_by(const Terms&...) const {
    static_assert(((AnyColumn<Terms> || detail::is_order_term<Terms>::value) && ...),
                  "dorm: order_by() takes columns or column.asc() / column.desc()");
    return with_order<Terms...>();
  }

  /// Loads relations of the selected rows eagerly: one query per relation, nested ones too
  /// (`posts.comments.with(comments.author)`), never one per row. all() then returns an
  /// EagerResult whose rows give access to the loaded relations. The defaulted parameter is the
  /// rule (dorm/query/rules.hpp): a relation of the selected model.
  template <class Relation>
  [[nodiscard]] auto with(const Relation&,
                          rules::check_t<std::is_same_v<typename Relation::parent_model, M>,
                                         error::with_relation_of_another_model<Relation, M>> = {}) const {
    return with_relations<Relation>();
  }
  /// with() of two relations; the defaulted parameter is the first rule they break.
  template <class R1, class R2>
  [[nodiscard]] auto with(const R1&, const R2&,
                          rules::first_broken_t<rules::with_check_t<R1, M>, rules::with_check_t<R2, M>> = {}) const {
    return with_relations<R1, R2>();
  }
  /// with() of three relations.
  template <class R1, class R2, class R3>
  [[nodiscard]] auto with(const R1&, const R2&, const R3&,
                          rules::first_broken_t<rules::with_check_t<R1, M>, rules::with_check_t<R2, M>,
                                                rules::with_check_t<R3, M>> = {}) const {
    return with_relations<R1, R2, R3>();
  }
  /// with() of four relations or more (the rule is a static_assert: no room in a pack).
  template <class... Relations>
    requires(sizeof...(Relations) > 3)
  [[nodiscard]] auto with(const Relations&...) const {
    static_assert((std::is_same_v<typename Relations::parent_model, M> && ...),
                  "dorm: with() takes relations of the selected model (e.g. posts.author for select<Post>())");
    return with_relations<Relations...>();
  }

  /// Selects chosen columns or aggregates instead of whole rows: rows become std::tuples whose
  /// element types follow from the expressions (see ProjectionQuery).
  template <class... Exprs>
  [[nodiscard]] auto columns(const Exprs&...) const {
    return ProjectionQuery<SelectQuery, type_list<Exprs...>, type_list<>, NoCondition, type_list<>, false>(*this);
  }

  /// At most `n` rows (bound as a parameter).
  [[nodiscard]] SelectQuery limit(std::int64_t n) const {
    SelectQuery q = *this;
    q.limit_ = n;
    return q;
  }
  /// Skips the first `n` rows (bound as a parameter).
  [[nodiscard]] SelectQuery offset(std::int64_t n) const {
    SelectQuery q = *this;
    q.offset_ = n;
    return q;
  }

  /// Every matching row; with relations requested by with(), an EagerResult.
  [[nodiscard]] auto all() const {
    std::vector<M> rows = fetch(limit_);
    if constexpr (std::is_same_v<Eager, type_list<>>) {
      return rows;
    } else if constexpr (tenant_bypassed) {
      // A per-query bypass covers what the query loads: its relations too.
      TenantScopeBypass bypass;
      return detail::load_eager<Eager>(*cache_, std::move(rows));
    } else {
      return detail::load_eager<Eager>(*cache_, std::move(rows));
    }
  }

  /// The first matching row, if any.
  [[nodiscard]] std::optional<M> first() const {
    return detail::Executor::run(
        *this, detail::make_terminal([](const auto& q) -> const StaticSql& { return q.select_sql(); },
                                     [](const auto& q, Binder& binder, const auto& scopes) {
                                       q.bind_select(binder, 1, scopes);
                                     },
                                     [](const auto&, Statement& st) -> std::optional<M> {
                                       if (!st.step()) return std::nullopt;
                                       std::optional<M> row(std::in_place);
                                       detail::read_row<table_type>(st, *row);
                                       return row;
                                     }));
  }

  /// The first matching row; throws NotFound when there is none.
  [[nodiscard]] M first_or_fail() const {
    auto row = first();
    if (!row) {
      throw NotFound("[dorm.not_found] no row in table '" + std::string(table_type::name) + "' matches the query", 0,
                     0, select_sql().text);
    }
    return std::move(*row);
  }

  /// The number of matching rows (limit and offset are ignored).
  [[nodiscard]] std::int64_t count() const {
    return detail::Executor::run(*this, detail::make_terminal(
                                            [](const auto& q) -> const StaticSql& { return q.count_sql(); },
                                            [](const auto& q, Binder& binder, const auto& scopes) {
                                              q.bind_from_where(binder, scopes);
                                            },
                                            [](const auto&, Statement& st) {
                                              st.step();
                                              std::int64_t n = 0;
                                              read_value(st, 0, n);
                                              return n;
                                            }));
  }

  /// True when at least one row matches.
  [[nodiscard]] bool exists() const {
    return detail::Executor::run(*this, detail::make_terminal(
                                            [](const auto& q) -> const StaticSql& { return q.exists_sql(); },
                                            [](const auto& q, Binder& binder, const auto& scopes) {
                                              q.bind_from_where(binder, scopes);
                                            },
                                            [](const auto&, Statement& st) {
                                              st.step();
                                              bool found = false;
                                              read_value(st, 0, found);
                                              return found;
                                            }));
  }

  /// Page `page` (from 1) of `per_page` rows, with the total count and the last page number.
  /// Two statements: the count and the page. Throws MisuseError when page or per_page < 1.
  [[nodiscard]] Page<M> paginate(std::int64_t page, std::int64_t per_page) const {
    detail::check_page_request(page, per_page);
    Page<M> result;
    if (auto first = detail::lay_out_page(result, page, per_page, count())) result.data = offset(*first).fetch(per_page);
    return result;
  }

  /// Streams the rows one at a time (see Cursor).
  [[nodiscard]] Cursor<M> cursor() const {
    // The cursor outlives this builder: it keeps the query and its bound values alive.
    return detail::Executor::run(
        *this, detail::make_terminal<StatementKind::read, true>(
                   [](const auto& q) -> const StaticSql& { return q.select_sql(q.limited(q.limit_)); },
                   [](const auto& q, Binder& binder, const auto& scopes) { q.bind_select(binder, q.limit_, scopes); },
                   [](const auto&, StatementLease st, auto held) {
                     return Cursor<M>(std::move(st), std::shared_ptr<const void>(std::move(held)));
                   }));
  }

  /// The SQL this query runs (for logging and tests); all() and cursor() without limit() or
  /// offset() run it without its trailing ` LIMIT ? OFFSET ?`.
  [[nodiscard]] static const std::string& sql() { return select_sql().text; }

  // ---- for ProjectionQuery and relation loaders ----

  /// ` FROM "t" JOIN ... WHERE <scopes> AND (<condition>)`.
  static constexpr auto from_where_sql() noexcept { return detail::from_where_sql<table_type, Joins, scope_set, Where>; }
  /// Calls every scope's condition(): once per execution, kept alive until the statement has
  /// run (text values are bound without copying).
  [[nodiscard]] static scope_values scope_conditions() {
    return {scope_set::evaluate(), detail::evaluate_join_tenants(static_cast<const Joins*>(nullptr))};
  }
  /// Binds the parameters of the joins, the scopes and the condition, in SQL order.
  void bind_from_where(Binder& binder, const scope_values& scopes) const {
    detail::bind_joins(binder, joins_, scopes.joins);
    scope_set::bind(binder, scopes.scopes);
    where_.bind(binder);
  }
  [[nodiscard]] StatementCache& cache() const noexcept { return *cache_; }
  [[nodiscard]] std::int64_t limit_value() const noexcept { return limit_; }
  [[nodiscard]] std::int64_t offset_value() const noexcept { return offset_; }

 private:
  /// This query without its tenant conditions (what without_tenant_scope() returns). Private:
  /// the one public way to it is the greppable without_tenant_scope().
  [[nodiscard]] auto without_tenant_conditions() const {
    using Unscoped = decltype(detail::unscoped_joins(joins_));
    return SelectQuery<M, Where, Order, Unscoped, Eager, detail::without_tenant_scopes_t<Scopes>>(
        *cache_, where_, detail::unscoped_joins(joins_), limit_, offset_);
  }

  template <class W>
  auto with_where(const W& where) const {
    return SelectQuery<M, W, Order, Joins, Eager, Scopes>(*cache_, where, joins_, limit_, offset_);
  }
  template <class... Relations>
  auto with_relations() const {
    return SelectQuery<M, Where, Order, Joins, type_list_concat_t<Eager, type_list<Relations...>>, Scopes>(
        *cache_, where_, joins_, limit_, offset_);
  }
  template <class... Terms>
  auto with_order() const {
    using Added = type_list<typename detail::as_order_term<Terms>::type...>;
    rules::require_tables_in_query<Added, type_list_concat_t<typename Terms::tables...>, query_tables>();
    return SelectQuery<M, Where, type_list_concat_t<Order, Added>, Joins, Eager, Scopes>(*cache_, where_, joins_,
                                                                                         limit_, offset_);
  }
  template <class NewScopes>
  auto with_scopes() const {
    return SelectQuery<M, Where, Order, Joins, Eager, NewScopes>(*cache_, where_, joins_, limit_, offset_);
  }

  /// A query of a tenant model without its tenant scope, or with a tenant table joined
  /// without its tenant condition: bypassed per query (its eager loads run bypassed too).
  static constexpr bool tenant_bypassed =
      (tenant_scoped_model<M> && !detail::has_tenant_scope_v<Scopes>) || detail::any_unscoped_tenant_join<Joins>::value;

  template <JoinKind Kind, Model Other, class E>
  auto add_join(const E& on) const {
    using other_table = table_of<Other>;
    // A tenant table joins under its tenant condition, unless this query is bypassed per query
    // already (without_tenant_scope() before join()).
    using Clause = JoinClause<Kind, other_table, E, tenant_scoped_model<Other> && !tenant_bypassed>;
    return joined(Clause{on}, std::make_index_sequence<Joins::size>{});
  }
  // The joins so far and `added`: a detail::terms list, not a std::tuple (costly to instantiate per
  // query shape, dorm/query/term_list.hpp).
  template <class Clause, std::size_t... I>
  auto joined(const Clause& added, std::index_sequence<I...>) const {
    using AllJoins = detail::terms<std::remove_cvref_t<decltype(detail::term_at<I>(joins_))>..., Clause>;
    return SelectQuery<M, Where, Order, AllJoins, Eager, Scopes>(
        *cache_, where_, AllJoins{{{detail::term_at<I>(joins_)}..., {added}}}, limit_, offset_);
  }

  std::vector<M> fetch(std::int64_t limit) const {
    return detail::Executor::run(
        *this, detail::make_terminal(
                   [limit](const auto& q) -> const StaticSql& { return q.select_sql(q.limited(limit)); },
                   [limit](const auto& q, Binder& binder, const auto& scopes) { q.bind_select(binder, limit, scopes); },
                   [limit](const auto&, Statement& st) {
                     std::vector<M> rows;
                     if (limit > 0) rows.reserve(static_cast<std::size_t>((limit < 1024 ? limit : 1024)));
                     while (st.step()) {
                       detail::read_row<table_type>(st, rows.emplace_back());
                     }
                     return rows;
                   }));
  }

  // The SELECT with `LIMIT ? OFFSET ?`, or (`limited` false) without it (see
  // detail::select_rows_statement).
  static const StaticSql& select_sql(bool limited = true) {
    return detail::select_rows_statement<table_type, Joins, scope_set, Where, Order>(limited);
  }
  static const StaticSql& count_sql() {
    static constexpr auto text = detail::sql_concat(detail::sql_literal("SELECT COUNT(*)"), from_where_sql());
    static const StaticSql sql = make_static_sql(text.view());
    return sql;
  }
  static const StaticSql& exists_sql() {
    static constexpr auto text =
        detail::sql_concat(detail::sql_literal("SELECT EXISTS (SELECT 1"), from_where_sql(), detail::sql_literal(")"));
    static const StaticSql sql = make_static_sql(text.view());
    return sql;
  }
  [[nodiscard]] bool limited(std::int64_t limit) const noexcept { return limit >= 0 || offset_ != 0; }
  void bind_select(Binder& binder, std::int64_t limit, const scope_values& scopes) const {
    bind_from_where(binder, scopes);
    if (!limited(limit)) return;
    binder(limit);
    binder(offset_);
  }

  template <Model, class, class, class, class, class>
  friend class SelectQuery;
  friend class ScopedQuery<SelectQuery, M, Scopes>;
  friend class WhereClause<SelectQuery>;
  friend class detail::Executor;
  template <class, class, class, class, class, bool>
  friend class ProjectionQuery;
  template <class>
  friend struct detail::set_operand;

  StatementCache* cache_;
  Where where_;
  Joins joins_;
  std::int64_t limit_;
  std::int64_t offset_;
};

}  // namespace dorm

#include "dorm/query/projection.hpp"
#include "dorm/detail/table_rows.hpp"
#include "dorm/query/set_operation.hpp"
