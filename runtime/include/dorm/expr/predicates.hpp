#pragma once
// Column predicates: LIKE, IS [NOT] NULL and IN (list). Included by dorm/core/column.hpp.
#include <iterator>
#include <string>

#include "dorm/core/column.hpp"
#include "dorm/expr/json_array.hpp"

namespace dorm {

template <class C, class Pattern>
struct Like {
  Param<Pattern> pattern;
  using tables = typename C::tables;
  using columns = type_list<C>;
  static constexpr bool is_condition = true;
  static constexpr auto sql_text() noexcept { return detail::sql_concat(C::sql_text(), detail::sql_literal(" LIKE ?")); }
  void bind(Binder& binder) const { pattern.bind(binder); }
};

template <class C>
struct IsNull {
  using tables = typename C::tables;
  using columns = type_list<C>;
  static constexpr bool is_condition = true;
  static constexpr auto sql_text() noexcept { return detail::sql_concat(C::sql_text(), detail::sql_literal(" IS NULL")); }
  void bind(Binder&) const noexcept {}
};

template <class C>
struct IsNotNull {
  using tables = typename C::tables;
  using columns = type_list<C>;
  static constexpr bool is_condition = true;
  static constexpr auto sql_text() noexcept { return detail::sql_concat(C::sql_text(), detail::sql_literal(" IS NOT NULL")); }
  void bind(Binder&) const noexcept {}
};

template <class C, class V>
struct Between {
  Param<V> low;
  Param<V> high;
  using tables = typename C::tables;
  using columns = type_list<C>;
  static constexpr bool is_condition = true;
  static constexpr auto sql_text() noexcept { return detail::sql_concat(C::sql_text(), detail::sql_literal(" BETWEEN ? AND ?")); }
  void bind(Binder& binder) const {
    low.bind(binder);
    high.bind(binder);
  }
};

namespace detail {
template <class V>
constexpr bool blob_stored() noexcept {
  if constexpr (MappedValue<V>) {
    return std::is_same_v<mapping_storage_t<V>, std::vector<std::byte>>;
  } else {
    return false;
  }
}
}  // namespace detail

/// `column IN (SELECT value FROM json_each(?))`: the list travels as one JSON array parameter.
template <class C, class V>
struct InList {
  std::string json;  ///< the values as a JSON array
  using tables = typename C::tables;
  using columns = type_list<C>;
  static constexpr bool is_condition = true;
  static constexpr auto sql_text() noexcept {
    // JSON has no bytes: a BLOB-stored mapped type (a UUID) travels as hex text.
    if constexpr (detail::blob_stored<V>()) {
      return detail::sql_concat(detail::sql_literal("hex("), C::sql_text(),
                                detail::sql_literal(") IN (SELECT value FROM json_each(?))"));
    } else {
      return detail::sql_concat(C::sql_text(), detail::sql_literal(" IN (SELECT value FROM json_each(?))"));
    }
  }
  void bind(Binder& binder) const { binder(json); }
};

template <class D>
template <class Range>
InList<Column<D>, range_value_t<Range>> Column<D>::in(const Range& values,
                                                      rules::in_check_t<Column<D>, range_value_t<Range>>) const {
  if constexpr (rules::InValuesFor<Column<D>, range_value_t<Range>>) {
    JsonArrayWriter writer;
    for (const auto& v : values) writer.add(v);
    return {writer.finish()};
  } else {
    return {};
  }
}

template <class C>
struct not_null_checked_tables<IsNull<C>> {
  using type = std::conditional_t<C::nullable, type_list<>, type_list<typename C::table_type>>;
};
template <class C>
struct not_null_checked_tables<IsNotNull<C>> : not_null_checked_tables<IsNull<C>> {};

}  // namespace dorm
