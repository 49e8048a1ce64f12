#pragma once
// update<T>(): the typed UPDATE builder.
//
//   db.update<User>().set(users.name = "Ann", users.age = 36).where(users.id == 1).execute();
//
// Like select<T>(), every call returns a builder of a new type, so the SQL text is a function
// of the type: built once per process, prepared once per connection, every value bound.
// execute() without where() does not compile: changing every row must be said out loud, with
// execute_all_rows().
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "dorm/column.hpp"
#include "dorm/expr/logical.hpp"
#include "dorm/model.hpp"
#include "dorm/query/assignment.hpp"
#include "dorm/query/delete.hpp"
#include "dorm/query/select.hpp"
#include "dorm/statement_cache.hpp"

namespace dorm {

namespace detail {

template <class... A>
void render_assignments(std::string& sql, std::tuple<A...>*) {
  bool first = true;
  ((sql += first ? "" : ", ", first = false, A::render(sql)), ...);
}

}  // namespace detail

/// An UPDATE of model `M`'s table setting the Assignments in tuple `Sets`, filtered by `Where`.
template <Model M, class Sets = std::tuple<>, class Where = NoCondition>
class UpdateQuery {
 public:
  using table_type = table_of<M>;
  using query_tables = type_list<table_type>;

  explicit UpdateQuery(StatementCache& cache, Sets sets = {}, Where where = {})
      : cache_(&cache), sets_(std::move(sets)), where_(std::move(where)) {}

  /// Adds SET terms: `set(users.name = "Ann", users.age = 36)`; set() calls chain.
  template <class... A>
  [[nodiscard]] auto set(const A&... assignments) const {
    constexpr bool all_assignments = sizeof...(A) > 0 && (is_assignment_v<A> && ...);
    static_assert(all_assignments,
                  "dorm: set() takes assignments such as users.name = \"Ann\", or a column and a value: "
                  "set(users.name, \"Ann\")");
    if constexpr (all_assignments) {
      (rules::require_column_of_updated_table<A, typename A::column_type::table_type, table_type>(), ...);
      using Added = std::tuple<A...>;
      using AllSets = decltype(std::tuple_cat(std::declval<Sets>(), std::declval<Added>()));
      check_each_column_once(static_cast<AllSets*>(nullptr));
      return UpdateQuery<M, AllSets, Where>(*cache_, std::tuple_cat(sets_, Added(assignments...)), where_);
    } else {
      return *this;
    }
  }

  /// Adds one SET term given as a column and a value: `set(users.name, "Ann")`.
  template <AnyColumn C, class V>
  [[nodiscard]] auto set(const C& column, const V& value) const {
    return set(column = value);
  }

  /// Adds a condition; several where() calls are joined with AND.
  template <class E>
  [[nodiscard]] auto where(const E& condition) const {
    static_assert(Condition<E>, "dorm: where() needs a condition such as users.id == 1");
    rules::require_tables_in_query<E, typename E::tables, query_tables>();
    auto combined = detail::and_write_condition(where_, condition);
    return UpdateQuery<M, Sets, decltype(combined)>(*cache_, sets_, std::move(combined));
  }

  /// Runs the UPDATE; returns the number of rows changed. Needs a where().
  std::int64_t execute() const {
    static_assert(!std::is_same_v<Where, NoCondition>,
                  "dorm: update() without where() would change every row; call execute_all_rows() if that is what "
                  "you mean");
    return run();
  }

  /// Runs the UPDATE on every row matching where(), or on every row of the table without one.
  std::int64_t execute_all_rows() const { return run(); }

  /// The SQL this update runs (for logging and tests).
  [[nodiscard]] static const std::string& sql() { return update_sql().text; }

 private:
  template <class... A>
  static constexpr void check_each_column_once(std::tuple<A...>*) {
    rules::require_each_column_once<typename A::column_type...>();
  }

  static const StaticSql& update_sql() {
    static_assert(std::tuple_size_v<Sets> > 0, "dorm: update() needs at least one set(column = value)");
    static const StaticSql sql = make_static_sql([] {
      std::string s = "UPDATE ";
      s += table_type::quoted_name;
      s += " SET ";
      detail::render_assignments(s, static_cast<Sets*>(nullptr));
      if constexpr (!std::is_same_v<Where, NoCondition>) {
        s += " WHERE ";
        Where::render(s);
      }
      return s;
    }());
    return sql;
  }

  std::int64_t run() const {
    auto st = cache_->lease(update_sql());
    Binder binder{*st};
    std::apply([&](const auto&... assignment) { (assignment.bind(binder), ...); }, sets_);
    where_.bind(binder);
    while (st->step()) {
    }
    return sqlite3_changes64(st->db());
  }

  StatementCache* cache_;
  Sets sets_;
  Where where_;
};

}  // namespace dorm
