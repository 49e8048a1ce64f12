#pragma once
// select<T>(): the typed SELECT builder. Each call returns a builder of a new type, so the
// query's SQL text is a function of its type: built once per process, prepared once per
// connection, and every value is a bound parameter.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dorm/column.hpp"
#include "dorm/cursor.hpp"
#include "dorm/expr/comparison.hpp"
#include "dorm/expr/logical.hpp"
#include "dorm/model.hpp"
#include "dorm/statement_cache.hpp"

namespace dorm {

/// The absence of a WHERE clause.
struct NoCondition {
  using tables = type_list<>;
  static void render(std::string&) {}
  void bind(Binder&) const noexcept {}
};

namespace detail {
template <class T>
struct is_order_term : std::false_type {};
template <class C, SortOrder O>
struct is_order_term<OrderTerm<C, O>> : std::true_type {};

/// A column alone in order_by() means ascending.
template <class T>
struct as_order_term {
  using type = OrderTerm<T, SortOrder::asc>;
};
template <class C, SortOrder O>
struct as_order_term<OrderTerm<C, O>> {
  using type = OrderTerm<C, O>;
};

template <class... Terms>
void render_order_by(std::string& sql, type_list<Terms...>) {
  if constexpr (sizeof...(Terms) > 0) {
    sql += " ORDER BY ";
    bool first = true;
    ((sql += first ? "" : ", ", first = false, Terms::render(sql)), ...);
  }
}
}  // namespace detail

/// A SELECT over model `M`'s table with condition `Where` and ORDER BY terms `Order`.
template <Model M, class Where = NoCondition, class Order = type_list<>>
class SelectQuery {
 public:
  using table_type = table_of<M>;
  using query_tables = type_list<table_type>;

  explicit SelectQuery(StatementCache& cache, Where where = {}, std::int64_t limit = -1, std::int64_t offset = 0)
      : cache_(&cache), where_(std::move(where)), limit_(limit), offset_(offset) {}

  /// Adds a condition; several where() calls are joined with AND.
  template <class E>
  [[nodiscard]] auto where(const E& condition) const {
    static_assert(Condition<E>,
                  "dorm: where() needs a condition such as users.age >= 18 or users.name.like(\"A%\")");
    rules::require_tables_in_query<E, typename E::tables, query_tables>();
    if constexpr (std::is_same_v<Where, NoCondition>) {
      return SelectQuery<M, E, Order>(*cache_, condition, limit_, offset_);
    } else {
      return SelectQuery<M, And<Where, E>, Order>(*cache_, And<Where, E>{where_, condition}, limit_, offset_);
    }
  }

  /// Adds ORDER BY terms: columns (ascending) or column.asc() / column.desc().
  template <class... Terms>
  [[nodiscard]] auto order_by(const Terms&...) const {
    using Added = type_list<typename detail::as_order_term<Terms>::type...>;
    static_assert((AnyColumn<Terms> || ...) || (detail::is_order_term<Terms>::value || ...),
                  "dorm: order_by() takes columns or column.asc() / column.desc()");
    rules::require_tables_in_query<Added, type_list_concat_t<typename Terms::tables...>, query_tables>();
    return SelectQuery<M, Where, type_list_concat_t<Order, Added>>(*cache_, where_, limit_, offset_);
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

  /// Every matching row.
  [[nodiscard]] std::vector<M> all() const {
    auto st = cache_->lease(select_sql());
    bind_select(*st, limit_);
    std::vector<M> rows;
    if (limit_ > 0) rows.reserve(static_cast<std::size_t>(std::min<std::int64_t>(limit_, 1024)));
    while (st->step()) {
      table_type::read_row(*st, rows.emplace_back());
    }
    return rows;
  }

  /// The first matching row, if any.
  [[nodiscard]] std::optional<M> first() const {
    auto st = cache_->lease(select_sql());
    bind_select(*st, 1);
    if (!st->step()) return std::nullopt;
    std::optional<M> row(std::in_place);
    table_type::read_row(*st, *row);
    return row;
  }

  /// The number of matching rows (limit and offset are ignored).
  [[nodiscard]] std::int64_t count() const {
    static const StaticSql sql = make_static_sql([] {
      std::string s = "SELECT COUNT(*) FROM ";
      s += table_type::quoted_name;
      append_where(s);
      return s;
    }());
    auto st = cache_->lease(sql);
    Binder binder{*st};
    where_.bind(binder);
    st->step();
    std::int64_t n = 0;
    read_value(*st, 0, n);
    return n;
  }

  /// True when at least one row matches.
  [[nodiscard]] bool exists() const {
    static const StaticSql sql = make_static_sql([] {
      std::string s = "SELECT EXISTS (SELECT 1 FROM ";
      s += table_type::quoted_name;
      append_where(s);
      s += ')';
      return s;
    }());
    auto st = cache_->lease(sql);
    Binder binder{*st};
    where_.bind(binder);
    st->step();
    return sqlite3_column_int(st->handle(), 0) != 0;
  }

  /// Streams the rows one at a time (see Cursor).
  [[nodiscard]] Cursor<M> cursor() const {
    // The cursor outlives this builder; it keeps a copy of the bound values alive.
    auto values = std::make_shared<const SelectQuery>(*this);
    auto st = cache_->lease(select_sql());
    values->bind_select(*st, limit_);
    return Cursor<M>(std::move(st), std::move(values));
  }

  /// The SQL this query runs (for logging and tests).
  [[nodiscard]] static const std::string& sql() { return select_sql().text; }

 private:
  static void append_where(std::string& s) {
    if constexpr (!std::is_same_v<Where, NoCondition>) {
      s += " WHERE ";
      Where::render(s);
    }
  }
  static const StaticSql& select_sql() {
    static const StaticSql sql = make_static_sql([] {
      std::string s = "SELECT ";
      s += table_type::column_list;
      s += " FROM ";
      s += table_type::quoted_name;
      append_where(s);
      detail::render_order_by(s, Order{});
      s += " LIMIT ? OFFSET ?";
      return s;
    }());
    return sql;
  }
  void bind_select(Statement& st, std::int64_t limit) const {
    Binder binder{st};
    where_.bind(binder);
    binder(limit);
    binder(offset_);
  }

  StatementCache* cache_;
  Where where_;
  std::int64_t limit_;
  std::int64_t offset_;
};

}  // namespace dorm
