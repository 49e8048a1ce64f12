#pragma once
// A column's validation rules as data. dorm-gen emits them in the column's descriptor,
//
//   struct posts_title_column : dorm::ColumnInfo<posts_table, &Post::title, "title"> {
//     static constexpr auto rules = dorm::rule::list(dorm::rule::min_length{1}, dorm::rule::max_length{200});
//   };
//
// in the order of docs/lifecycle.md's keywords, and validate() walks them: each rule calls the
// dorm::check function of its keyword (dorm/lifecycle/validation.hpp) with the column's SQL name, so the
// messages are those of dorm::check. An empty optional passes every rule, as NULL passes a CHECK.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "dorm/core/affinity.hpp"
#include "dorm/core/json_text.hpp"
#include "dorm/lifecycle/validation.hpp"
#include "dorm/core/value_kind.hpp"

namespace dorm {

namespace rule {

/// minLength: at least `min` characters (dorm::utf8_length).
struct min_length {
  std::int64_t min;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const { dorm::check::min_length(errors, C::name, value, min); }
};

/// maxLength: at most `max` characters.
struct max_length {
  std::int64_t max;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const { dorm::check::max_length(errors, C::name, value, max); }
};

/// minimum: the value is at least `bound`.
struct minimum {
  double bound;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const { dorm::check::minimum(errors, C::name, value, bound); }
};

/// maximum: the value is at most `bound`.
struct maximum {
  double bound;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const { dorm::check::maximum(errors, C::name, value, bound); }
};

/// exclusiveMinimum: the value is greater than `bound`.
struct exclusive_minimum {
  double bound;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const {
    dorm::check::exclusive_minimum(errors, C::name, value, bound);
  }
};

/// exclusiveMaximum: the value is less than `bound`.
struct exclusive_maximum {
  double bound;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const {
    dorm::check::exclusive_maximum(errors, C::name, value, bound);
  }
};

/// enum: the value is one of `values` (of the column's kind: std::string_view, std::int64_t,
/// double or bool).
template <class T, std::size_t N>
struct one_of {
  T values[N];
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const {
    dorm::check::one_of(errors, C::name, value, std::span<const T>(values));
  }
};

/// pattern: the text matches the ECMA-262 regular expression `source`, compiled on first use.
struct pattern {
  std::string_view source;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const {
    static const Pattern compiled{source};  // one pattern rule per column: one per C
    dorm::check::pattern(errors, C::name, value, compiled);
  }
};

/// format: email, uuid, date or date-time.
struct format {
  Format kind;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const { dorm::check::format(errors, C::name, value, kind); }
};

/// x-dorm-affinity: text that a column of this affinity would store as a number is refused.
struct keeps_text {
  Affinity affinity;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const {
    dorm::check::keeps_text(errors, C::name, value, affinity);
  }
};

/// An object or array column holds JSON of that type.
struct json {
  JsonType type;
  template <class C, class V>
  void check(ValidationErrors& errors, const V& value) const { dorm::check::json(errors, C::name, value, type); }
};

/// The rules of one column, in the order they are checked (each keyword at most once).
template <class... Rules>
struct rule_list : Rules... {};

/// `dorm::rule::list(dorm::rule::min_length{1}, ...)`: a column descriptor's `rules`.
template <class... Rules>
constexpr rule_list<Rules...> list(const Rules&... each) noexcept {
  return {each...};
}

}  // namespace rule

namespace detail {

template <class C, class V, class... Rules>
void check_rules(const rule::rule_list<Rules...>& list, const V& value, ValidationErrors& errors) {
  (static_cast<const Rules&>(list).template check<C>(errors, value), ...);
}

}  // namespace detail

// Declared in dorm/lifecycle/validation.hpp: none for an empty optional, nor for a column without rules.
template <class C>
void validate_column(const typename C::value_type& value, ValidationErrors& errors) {
  if constexpr (detail::has_rules<C>) {
    if constexpr (is_optional_v<typename C::value_type>) {
      if (value) detail::check_rules<C>(detail::descriptor_of_t<C>::rules, *value, errors);
    } else {
      detail::check_rules<C>(detail::descriptor_of_t<C>::rules, value, errors);
    }
  }
}

}  // namespace dorm
