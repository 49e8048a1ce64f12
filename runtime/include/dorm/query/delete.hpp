#pragma once
// remove<T>(): the typed DELETE builder.
//
//   db.remove<User>().where(users.age < 18).execute();
//
// The SQL is a function of the builder's type (built once, prepared once per connection, every
// value bound). execute() without where() does not compile; execute_all_rows() empties the
// table deliberately. ON DELETE actions of foreign keys (CASCADE, SET NULL, RESTRICT) run as
// declared in the schema.
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "dorm/expr/logical.hpp"
#include "dorm/model.hpp"
#include "dorm/query/select.hpp"
#include "dorm/statement_cache.hpp"

namespace dorm {

namespace detail {

/// `where AND condition`, or `condition` alone when there was no condition yet (the where()
/// of UPDATE and DELETE builders).
template <class Where, class E>
auto and_write_condition(const Where& where, const E& condition) {
  rules::require_null_checks_on_nullable_columns<E, not_null_checked_tables_t<E>, type_list<>>();
  if constexpr (std::is_same_v<Where, NoCondition>) {
    return condition;
  } else {
    return And<Where, E>{where, condition};
  }
}

}  // namespace detail

/// A DELETE from model `M`'s table filtered by `Where`.
template <Model M, class Where = NoCondition>
class DeleteQuery {
 public:
  using table_type = table_of<M>;
  using query_tables = type_list<table_type>;

  explicit DeleteQuery(StatementCache& cache, Where where = {}) : cache_(&cache), where_(std::move(where)) {}

  /// Adds a condition; several where() calls are joined with AND.
  template <class E>
  [[nodiscard]] auto where(const E& condition) const {
    static_assert(Condition<E>, "dorm: where() needs a condition such as users.age < 18");
    rules::require_tables_in_query<E, typename E::tables, query_tables>();
    auto combined = detail::and_write_condition(where_, condition);
    return DeleteQuery<M, decltype(combined)>(*cache_, std::move(combined));
  }

  /// Runs the DELETE; returns the number of rows deleted (not counting rows that foreign-key
  /// cascades deleted in other tables). Needs a where().
  std::int64_t execute() const {
    static_assert(!std::is_same_v<Where, NoCondition>,
                  "dorm: remove() without where() would delete every row; call execute_all_rows() if that is what "
                  "you mean");
    return run();
  }

  /// Runs the DELETE on every row matching where(), or on every row of the table without one.
  std::int64_t execute_all_rows() const { return run(); }

  /// The SQL this delete runs (for logging and tests).
  [[nodiscard]] static const std::string& sql() { return delete_sql().text; }

 private:
  static const StaticSql& delete_sql() {
    static const StaticSql sql = make_static_sql([] {
      std::string s = "DELETE FROM ";
      s += table_type::quoted_name;
      if constexpr (!std::is_same_v<Where, NoCondition>) {
        s += " WHERE ";
        Where::render(s);
      }
      return s;
    }());
    return sql;
  }

  std::int64_t run() const {
    auto st = cache_->lease(delete_sql());
    Binder binder{*st};
    where_.bind(binder);
    while (st->step()) {
    }
    return sqlite3_changes64(st->db());
  }

  StatementCache* cache_;
  Where where_;
};

}  // namespace dorm
