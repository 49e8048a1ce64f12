#pragma once
// FilteredSelect: a SELECT whose filters and order are chosen at run time (a REST listing's
// `?email=...&order=name.desc`), typed at each call. select<M>() is typed at compile time, one
// SQL text per type; here the set of filtered columns is only known per request, so the text
// is built per execution and prepared through the connection's bounded text cache, never the
// process-wide StaticSql registry (a client could make unboundedly many shapes).
//
// It runs over a base query, db.select<M>() or a narrowed one, through the executor like every
// builder: the base's global scopes, soft deletes and tenant scope apply exactly as for
// db.select<M>(), and its tenant bypass and read-only rule too. The filters follow the base's
// conditions (` AND "t"."c" = ?`), so an index on a filtered column serves as it would for
// where(column == value).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/core/column.hpp"
#include "dorm/core/error.hpp"
#include "dorm/query/executor.hpp"
#include "dorm/query/page.hpp"
#include "dorm/query/select.hpp"

namespace dorm {

/// A SELECT over base query `Base` (a SelectQuery without joins, order or eager loads) plus
/// equality filters and ORDER BY terms added at run time. Its values live in it and are bound
/// without a copy: keep it unchanged while a terminal runs.
template <class Base>
class FilteredSelect {
 public:
  using model_type = typename Base::model_type;
  using table_type = typename Base::table_type;

  /// Filters and orders `base`; its limit and offset are ignored (see all() and paginate()).
  explicit FilteredSelect(Base base) : base_(std::move(base)) {
    static_assert(std::is_same_v<typename Base::joins_type, detail::terms<>>,
                  "dorm: FilteredSelect's base query has no join()");
    static_assert(std::is_same_v<typename Base::order_type, type_list<>>,
                  "dorm: FilteredSelect's base query has no order_by(): use FilteredSelect::order_by()");
  }

  /// Adds `column = value` (`column IS NULL` for an empty std::optional), ANDed with the
  /// base's conditions and the other filters.
  template <class C>
    requires(AnyColumn<C> && std::is_same_v<typename C::table_type, table_type>)
  FilteredSelect& where_equal(const C&, typename C::value_type value) {
    constexpr std::string_view column = C::descriptor::qualified_name;
    if constexpr (C::nullable) {
      if (!value.has_value()) {
        filters_.push_back({column, {}});
        return *this;
      }
    }
    filters_.push_back({column, [v = std::move(value)](Binder& binder) { binder(v); }});
    return *this;
  }

  /// Adds an ORDER BY term after the ones before it: `column` ascending, or descending.
  template <class C>
    requires(AnyColumn<C> && std::is_same_v<typename C::table_type, table_type>)
  FilteredSelect& order_by(const C&, bool descending = false) {
    order_.push_back({C::descriptor::qualified_name, descending});
    return *this;
  }

  /// Every matching row in the order given, from row `offset` on, at most `limit` (-1: all).
  [[nodiscard]] std::vector<model_type> all(std::int64_t limit = -1, std::int64_t offset = 0) const {
    // `self`, not `this`: clang 14 calls a generic lambda's use of `this` an unused capture.
    const FilteredSelect& self = *this;
    return detail::Executor::run(
        base_, detail::make_terminal([&self](const auto& q) { return self.select_sql(q); },
                                     [&self, limit, offset](const auto& q, Binder& binder, const auto& scopes) {
                                       self.bind_filters(q, binder, scopes);
                                       binder(limit);
                                       binder(offset);
                                     },
                                     [limit](const auto&, Statement& st) {
                                       std::vector<model_type> rows;
                                       if (limit > 0) rows.reserve(static_cast<std::size_t>(limit < 1024 ? limit : 1024));
                                       while (st.step()) detail::read_row<table_type>(st, rows.emplace_back());
                                       return rows;
                                     }));
  }

  /// The number of matching rows.
  [[nodiscard]] std::int64_t count() const {
    const FilteredSelect& self = *this;
    return detail::Executor::run(
        base_, detail::make_terminal([&self](const auto& q) { return "SELECT COUNT(*)" + self.from_where(q); },
                                     [&self](const auto& q, Binder& binder, const auto& scopes) {
                                       self.bind_filters(q, binder, scopes);
                                     },
                                     [](const auto&, Statement& st) {
                                       st.step();
                                       std::int64_t n = 0;
                                       read_value(st, 0, n);
                                       return n;
                                     }));
  }

  /// Page `page` (from 1) of `per_page` rows with the totals, as SelectQuery::paginate().
  /// Throws MisuseError when page or per_page < 1.
  [[nodiscard]] Page<model_type> paginate(std::int64_t page, std::int64_t per_page) const {
    detail::check_page_request(page, per_page);
    Page<model_type> result;
    if (auto first = detail::lay_out_page(result, page, per_page, count())) result.data = all(per_page, *first);
    return result;
  }

  /// The SELECT all() runs (outside a tenant bypass), for logging, tests and EXPLAIN.
  [[nodiscard]] std::string sql() const { return select_sql(base_); }

 private:
  struct Filter {
    std::string_view column;                 ///< `"t"."c"`, static text
    std::function<void(Binder&)> bind_value;  ///< empty: `IS NULL`
  };
  struct OrderTerm {
    std::string_view column;
    bool descending;
  };

  // ` FROM "t" WHERE <base conditions> AND <filters>` of `q` (the base or its twin without
  // tenant conditions: each has its own text).
  template <class Q>
  std::string from_where(const Q&) const {
    constexpr auto base_text = Q::from_where_sql();
    const std::string_view base = base_text.view();
    std::string text(base);
    // Without joins the base is ` FROM "t"`, then ` WHERE ...` when it has conditions.
    bool has_where = base.size() > table_type::quoted_name.size() + 6;
    for (const Filter& f : filters_) {
      text += has_where ? " AND " : " WHERE ";
      has_where = true;
      text += f.column;
      text += f.bind_value ? " = ?" : " IS NULL";
    }
    return text;
  }
  template <class Q>
  std::string select_sql(const Q& q) const {
    std::string text = "SELECT ";
    text += detail::column_list_sql<table_type>.view();
    text += from_where(q);
    for (std::size_t i = 0; i < order_.size(); ++i) {
      text += i == 0 ? " ORDER BY " : ", ";
      text += order_[i].column;
      text += order_[i].descending ? " DESC" : " ASC";
    }
    text += detail::limit_clause;
    return text;
  }
  template <class Q, class Scopes>
  void bind_filters(const Q& q, Binder& binder, const Scopes& scopes) const {
    q.bind_from_where(binder, scopes);
    for (const Filter& f : filters_) {
      if (f.bind_value) f.bind_value(binder);
    }
  }

  Base base_;
  std::vector<Filter> filters_;
  std::vector<OrderTerm> order_;
};

/// A FilteredSelect over `base` (e.g. `dorm::filtered(db.select<User>())`).
template <class Base>
[[nodiscard]] FilteredSelect<Base> filtered(Base base) {
  return FilteredSelect<Base>(std::move(base));
}

}  // namespace dorm
