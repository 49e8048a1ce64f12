#pragma once
// Rows as JSON with nlohmann-json, property names the schema's column names, so a row written out
// is an instance of the table's JSON Schema and a JSON Schema instance reads into a row. dorm-gen
// writes `<namespace>/json.hpp` next to models.hpp, one line per model,
//
//   template <> struct nlohmann::adl_serializer<blog::User> : dorm::JsonSerializer<blog::User> {};
//
// so `nlohmann::json j = user;` and `j.get<blog::User>()` work. It is a header of its own, which
// only the code that converts includes: nlohmann-json costs a translation unit about 0.5 s.
//
// Values, both ways: integers and numbers as JSON numbers; bool as true/false; text as strings;
// an `object`/`array` column (JSON text in SQLite) as that JSON value itself, not a string holding
// it; a BLOB as a base64 string (`"contentEncoding": "base64"`); an enum stored as text by its
// name, other enums by their number; a system_clock time point as an RFC 3339 UTC string
// ("2024-05-01T12:00:00Z"); an empty optional as null.
//
// Reading is strict, because a JSON body usually comes from outside: a property the table does
// not have, a value of the wrong JSON type, an integer out of the member's range, an unknown enum
// name, bad base64 or a malformed time are each a dorm::FieldError (JSON Schema's keyword as the
// rule: "type", "additionalProperties", "maximum", "enum", "contentEncoding", "format"), and all of
// them together are thrown as one dorm::ValidationError before the row is touched. A property that
// is absent leaves its member as it is, so a default-constructed row keeps its defaults.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "dorm/core/column_info.hpp"
#include "dorm/core/column_rules.hpp"
#include "dorm/core/model.hpp"
#include "dorm/core/statement.hpp"
#include "dorm/detail/base64.hpp"
#include "dorm/detail/table_columns.hpp"
#include "dorm/lifecycle/validation.hpp"

namespace dorm {

namespace detail::json {

/// Column descriptor `D` holds JSON text of an object or array (its rules include rule::json).
template <class D>
concept HoldsJson = requires { D::rules; } && std::is_base_of_v<rule::json, std::remove_cvref_t<decltype(D::rules)>>;

/// The JSON text of `value` for a message, cut after 64 bytes.
template <class BasicJson>
std::string shown(const BasicJson& value) {
  std::string text = value.dump();
  if (text.size() > 64) text.resize(64), text += "…";
  return text;
}

/// JSON Schema's name of the type of `value`.
template <class BasicJson>
std::string_view type_name(const BasicJson& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer";
    case nlohmann::json::value_t::number_float: return "number";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    default: return "binary";
  }
}

/// The column being read, for the failures it records.
struct Reading {
  ValidationErrors& errors;
  std::string_view column;

  template <class BasicJson>
  void wrong_type(const BasicJson& value, std::string_view expected) const {
    errors.add(column, "type", std::string(expected), shown(value),
               std::string(column) + ": " + shown(value) + " is " + std::string(type_name(value)) + ", not " +
                   std::string(expected));
  }
  template <class BasicJson>
  void broken(const BasicJson& value, std::string_view rule, std::string expected, std::string_view why) const {
    errors.add(column, rule, expected, shown(value), std::string(column) + ": " + shown(value) + " " + std::string(why));
  }
};

// ---- C++ value -> JSON ----

template <class BasicJson, class V>
void write_value(BasicJson& out, const V& value, std::string_view column, ValidationErrors& errors) {
  if constexpr (is_optional_v<V>) {
    if (value) {
      write_value(out, *value, column, errors);
    } else {
      out = nullptr;
    }
  } else if constexpr (MappedValue<V>) {
    write_value(out, type_mapping<V>::to_storage(value), column, errors);  // as it is stored
  } else if constexpr (std::is_same_v<V, std::vector<std::byte>>) {
    out = dorm::detail::base64_encode(value);
  } else if constexpr (std::is_enum_v<V>) {
    if constexpr (TextEnum<V>) {
      for (std::size_t i = 0; i < std::size(enum_names<V>::values); ++i) {
        if (enum_names<V>::values[i] == value) {
          out = enum_names<V>::names[i];
          return;
        }
      }
      const auto number = static_cast<std::int64_t>(value);
      errors.add(column, "enum", "", std::to_string(number),
                 std::string(column) + ": " + std::to_string(number) + " is none of the enum's named enumerators");
    } else {
      out = static_cast<std::underlying_type_t<V>>(value);
    }
  } else if constexpr (SystemTimePoint<V>) {
    using P = typename V::duration::period;
    const std::int64_t count = value.time_since_epoch().count();
    const std::int64_t seconds = P::num == 1 ? dorm::detail::floor_div(count, P::den) : count * P::num;
    std::string text = dorm::detail::format_utc(seconds, P::num == 1 ? count - seconds * P::den : 0,
                                                P::num == 1 ? dorm::detail::fraction_digits(P::den) : 0);
    text[10] = 'T';  // "YYYY-MM-DD HH:MM:SS" (SQLite's form) -> RFC 3339
    out = text + 'Z';
  } else {
    out = value;
  }
}

// ---- JSON -> C++ value: false (and a FieldError recorded) when `in` does not fit ----

template <class BasicJson, class I>
bool read_integer(const BasicJson& in, I& out, const Reading& at) {
  constexpr auto low = static_cast<long double>(std::numeric_limits<I>::min());
  constexpr auto high = static_cast<long double>(std::numeric_limits<I>::max());
  long double number = 0;
  if (in.is_number_integer() || in.is_number_unsigned()) {
    number = in.is_number_unsigned() ? static_cast<long double>(in.template get<std::uint64_t>())
                                     : static_cast<long double>(in.template get<std::int64_t>());
  } else if (in.is_number_float()) {
    // JSON Schema's "integer" is a number with no fraction: 2.0 is one.
    const double d = in.template get<double>();
    if (!(d >= -9.2e18 && d <= 9.2e18) || static_cast<double>(static_cast<std::int64_t>(d)) != d) {
      at.wrong_type(in, "integer");
      return false;
    }
    number = static_cast<long double>(d);
  } else {
    at.wrong_type(in, "integer");
    return false;
  }
  if (number < low) {
    at.broken(in, "minimum", std::to_string(std::numeric_limits<I>::min()), "is below this member's smallest value");
    return false;
  }
  if (number > high) {
    at.broken(in, "maximum", std::to_string(std::numeric_limits<I>::max()), "is above this member's largest value");
    return false;
  }
  out = in.is_number_unsigned() ? static_cast<I>(in.template get<std::uint64_t>())
        : in.is_number_float()  ? static_cast<I>(in.template get<double>())
                                : static_cast<I>(in.template get<std::int64_t>());
  return true;
}

template <class BasicJson, class V>
bool read_value(const BasicJson& in, V& out, const Reading& at) {
  if constexpr (is_optional_v<V>) {
    if (in.is_null()) {
      out.reset();
      return true;
    }
    typename V::value_type value{};
    if (!read_value(in, value, at)) return false;
    out = std::move(value);
    return true;
  } else if constexpr (MappedValue<V>) {
    mapping_storage_t<V> stored{};
    if (!read_value(in, stored, at)) return false;
    out = type_mapping<V>::from_storage(stored);
    return true;
  } else if constexpr (std::is_same_v<V, bool>) {
    if (!in.is_boolean()) return at.wrong_type(in, "boolean"), false;
    out = in.template get<bool>();
    return true;
  } else if constexpr (std::is_floating_point_v<V>) {
    if (!in.is_number()) return at.wrong_type(in, "number"), false;
    out = in.template get<V>();
    return true;
  } else if constexpr (std::is_integral_v<V>) {
    return read_integer(in, out, at);
  } else if constexpr (std::is_same_v<V, std::string>) {
    if (!in.is_string()) return at.wrong_type(in, "string"), false;
    out = in.template get<std::string>();
    return true;
  } else if constexpr (std::is_same_v<V, std::vector<std::byte>>) {
    if (!in.is_string()) return at.wrong_type(in, "string"), false;
    auto bytes = dorm::detail::base64_decode(in.template get_ref<const std::string&>());
    if (!bytes) return at.broken(in, "contentEncoding", "base64", "is not base64 text"), false;
    out = std::move(*bytes);
    return true;
  } else if constexpr (std::is_enum_v<V>) {
    if constexpr (TextEnum<V>) {
      if (!in.is_string()) return at.wrong_type(in, "string"), false;
      const auto& text = in.template get_ref<const std::string&>();
      std::string names;
      for (std::size_t i = 0; i < std::size(enum_names<V>::names); ++i) {
        if (enum_names<V>::names[i] == text) {
          out = enum_names<V>::values[i];
          return true;
        }
        names += (i == 0 ? "\"" : ", \"") + std::string(enum_names<V>::names[i]) + '"';
      }
      return at.broken(in, "enum", names, "is none of " + names), false;
    } else {
      std::underlying_type_t<V> number{};
      if (!read_integer(in, number, at)) return false;
      out = static_cast<V>(number);
      return true;
    }
  } else if constexpr (SystemTimePoint<V>) {
    using P = typename V::duration::period;
    std::int64_t seconds = 0;
    std::int64_t fraction = 0;
    if (!in.is_string()) return at.wrong_type(in, "string"), false;
    if (!dorm::detail::parse_utc(in.template get_ref<const std::string&>(),
                                 P::num == 1 ? dorm::detail::fraction_digits(P::den) : 0, seconds, fraction)) {
      return at.broken(in, "format", "date-time", "is not a UTC date-time (\"YYYY-MM-DDTHH:MM:SSZ\")"), false;
    }
    out = V(typename V::duration(P::num == 1 ? seconds * P::den + fraction : dorm::detail::floor_div(seconds, P::num)));
    return true;
  } else {
    static_assert(std::is_same_v<V, void>, "dorm::JsonSerializer: this member type has no JSON form");
    return false;
  }
}

/// The JSON type an object/array column of descriptor `D` holds.
template <class D>
constexpr JsonType json_type_of() {
  return static_cast<const rule::json&>(D::rules).type;
}

}  // namespace detail::json

/// nlohmann-json's serializer for model `M` (dorm-gen's `<namespace>/json.hpp` names it for each
/// model): to_json writes every column under its SQL name; from_json reads them strictly (see the
/// top of this header) and throws ValidationError listing every problem, leaving `row` untouched.
template <Model M>
struct JsonSerializer {
  template <class BasicJson>
  static void to_json(BasicJson& out, const M& row) {
    using T = table_of<M>;
    ValidationErrors errors(T::name);
    out = BasicJson::object();
    dorm::detail::for_each_column<T>([&]<class C>(C) {
      using D = dorm::detail::descriptor_of_t<C>;
      const auto& value = row.*D::member;
      BasicJson& slot = out[std::string(D::name)];
      if constexpr (detail::json::HoldsJson<D>) {
        // The column's text is JSON; write it as that value.
        const std::string* text = nullptr;
        if constexpr (is_optional_v<std::remove_cvref_t<decltype(value)>>) {
          if (value) text = &*value;
        } else {
          text = &value;
        }
        if (text == nullptr) {
          slot = nullptr;
        } else if (json_problem(*text, detail::json::json_type_of<D>())) {
          check::json(errors, D::name, *text, detail::json::json_type_of<D>());
        } else {
          slot = BasicJson::parse(*text);
        }
      } else {
        detail::json::write_value(slot, value, D::name, errors);
      }
    });
    if (!errors.empty()) throw ValidationError(std::move(errors));
  }

  template <class BasicJson>
  static void from_json(const BasicJson& in, M& row) {
    using T = table_of<M>;
    ValidationErrors errors(T::name);
    if (!in.is_object()) {
      detail::json::Reading{errors, ""}.wrong_type(in, "object");
      throw ValidationError(std::move(errors));
    }
    for (auto item = in.begin(); item != in.end(); ++item) {
      // Not a structured binding: clang 14 cannot capture one in the lambda below.
      const std::string& key = item.key();
      const auto& value = item.value();
      bool known = false;
      dorm::detail::for_each_column<T>([&]<class C>(C) { known = known || dorm::detail::descriptor_of_t<C>::name == key; });
      if (!known) {
        errors.add(key, "additionalProperties", "false", detail::json::shown(value),
                   key + ": table " + std::string(T::name) + " has no such column");
      }
    }
    M read = row;  // written back only when every property fits
    dorm::detail::for_each_column<T>([&]<class C>(C) {
      using D = dorm::detail::descriptor_of_t<C>;
      const auto found = in.find(std::string(D::name));
      if (found == in.end()) return;
      auto& member = read.*D::member;
      const detail::json::Reading at{errors, D::name};
      if constexpr (detail::json::HoldsJson<D>) {
        constexpr JsonType type = detail::json::json_type_of<D>();
        if (found->is_null() && is_optional_v<std::remove_cvref_t<decltype(member)>>) {
          member = {};
        } else if (type == JsonType::object ? found->is_object() : found->is_array()) {
          member = found->dump();
        } else {
          at.wrong_type(*found, type == JsonType::object ? "object" : "array");
        }
      } else {
        detail::json::read_value(*found, member, at);
      }
    });
    if (!errors.empty()) throw ValidationError(std::move(errors));
    row = std::move(read);
  }
};

}  // namespace dorm
