#include "ir/column_rules.hpp"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ir/names.hpp"
#include "ir/storage_rules.hpp"
#include "ir/validate_common.hpp"
#include "ir/value_rules.hpp"

namespace dorm::ir {
namespace {

bool is_string_column(const Column& c) { return c.cpp_type == CppType::string && !c.is_json; }
bool is_number_column(const Column& c) { return c.cpp_type == CppType::int64 || c.cpp_type == CppType::float64; }

/// One side of a column's numeric range: the stricter of `minimum` and `exclusiveMinimum` (or of
/// the two maximums).
struct Bound {
  double value = 0;
  bool exclusive = false;
  const char* keyword = "";
  SourceLocation loc;
};

std::optional<Bound> lower_bound(const Column& c) {
  const Checks& k = c.checks;
  std::optional<Bound> out;
  if (k.minimum) out = Bound{*k.minimum, false, "minimum", at(c.check_locs.minimum, c)};
  if (k.exclusive_minimum && (!out || *k.exclusive_minimum >= out->value)) {
    out = Bound{*k.exclusive_minimum, true, "exclusiveMinimum", at(c.check_locs.exclusive_minimum, c)};
  }
  return out;
}

std::optional<Bound> upper_bound(const Column& c) {
  const Checks& k = c.checks;
  std::optional<Bound> out;
  if (k.maximum) out = Bound{*k.maximum, false, "maximum", at(c.check_locs.maximum, c)};
  if (k.exclusive_maximum && (!out || *k.exclusive_maximum <= out->value)) {
    out = Bound{*k.exclusive_maximum, true, "exclusiveMaximum", at(c.check_locs.exclusive_maximum, c)};
  }
  return out;
}

/// True when no value lies between the bounds; an integer column needs an integer between them.
bool leaves_no_value(const Bound& lo, const Bound& hi, bool integer) {
  if (integer) {
    const double first = lo.exclusive ? std::floor(lo.value) + 1 : std::ceil(lo.value);
    const double last = hi.exclusive ? std::ceil(hi.value) - 1 : std::floor(hi.value);
    return first > last;
  }
  return lo.value > hi.value || (lo.value == hi.value && (lo.exclusive || hi.exclusive));
}

/// A literal default as the JSON value validate() would see in the member.
nlohmann::json default_as_json(const Column& c, const DefaultValue& d) {
  using Kind = DefaultValue::Kind;
  if (d.kind == Kind::text) return d.value;
  if (d.kind == Kind::boolean || c.cpp_type == CppType::boolean) return d.value == "1";
  if (d.kind == Kind::null) return nullptr;
  return nlohmann::json::parse(d.value, nullptr, false);
}

class ColumnRules {
 public:
  ColumnRules(ScratchDb& scratch, Diagnostics& diags) : diags_(diags), scratch_(scratch) {}

  void check_checks(const Column& c) {
    const Checks& k = c.checks;
    const CheckLocations& where = c.check_locs;
    const bool is_string = is_string_column(c);
    const bool is_number = is_number_column(c);
    if ((k.min_length || k.max_length) && !is_string) {
      diags_.error(at(k.min_length ? where.min_length : where.max_length, c), "dorm-check-type",
                   "minLength/maxLength apply to strings, but " + in_quotes(c.name) + " is not one");
    }
    if ((k.minimum || k.maximum) && !is_number) {
      diags_.error(at(k.minimum ? where.minimum : where.maximum, c), "dorm-check-type",
                   "minimum/maximum apply to numbers, but " + in_quotes(c.name) + " is not one");
    }
    if ((k.exclusive_minimum || k.exclusive_maximum) && !is_number) {
      diags_.error(at(k.exclusive_minimum ? where.exclusive_minimum : where.exclusive_maximum, c), "dorm-check-type",
                   "exclusiveMinimum/exclusiveMaximum apply to numbers, but " + in_quotes(c.name) + " is not one");
    }
    if (k.pattern && !is_string) {
      diags_.error(at(where.pattern, c), "dorm-check-type",
                   "pattern applies to strings, but " + in_quotes(c.name) + " is not one");
    }
    if (k.min_length && k.max_length && *k.min_length > *k.max_length) {
      diags_.error(at(where.max_length, c), "dorm-check-range",
                   "minLength of " + in_quotes(c.name) + " is greater than its maxLength");
    }
    if (is_number) check_bounds(c);
    if (k.pattern) {
      // Compiled as the runtime compiles it, so a pattern accepted here never fails at run time.
      if (const std::string message = pattern_error(*k.pattern); !message.empty()) {
        diags_.error(at(where.pattern, c), "dorm-bad-pattern",
                     "pattern of " + in_quotes(c.name) + " is not a valid regular expression: " + message);
      }
    }
    for (const std::string& value : k.enum_values) {
      const auto v = nlohmann::json::parse(value, nullptr, false);
      if (!fits_type(c, v)) {
        diags_.error(at(where.enum_values, c), "dorm-enum-type",
                     "enum value " + value + " does not fit column " + in_quotes(c.name));
        continue;
      }
      // A value no row can hold is dead, and factories that pick it make invalid rows.
      for (const BrokenRule& rule : broken_rules(c, v)) {
        diags_.warning(at(where.enum_values, c), "dorm-enum-breaks-rule",
                       "enum value " + value + " of " + in_quotes(c.name) + " breaks " + rule.keyword + ": it " +
                           rule.reason);
      }
    }
    check_enum_class(c);
    check_examples(c);
  }

  /// True when JSON `v` can be a value of column `c` (null only when it is nullable).
  static bool fits_type(const Column& c, const nlohmann::json& v) {
    if (v.is_null()) return c.nullable;
    if (c.is_json) return true;
    switch (c.cpp_type) {
      case CppType::int64:  // 2.0 is an integer (JSON Schema draft 6 and later)
        return v.is_number_integer() || (v.is_number_float() && v.get<double>() == std::floor(v.get<double>()) &&
                                         std::abs(v.get<double>()) < 9223372036854775808.0);
      case CppType::float64:
        return v.is_number();
      case CppType::boolean:
        return v.is_boolean();
      case CppType::string:
        return v.is_string();
      case CppType::bytes:
        return false;
    }
    return false;
  }

  /// Bounds that leave no value: minimum 5 with maximum 1, exclusiveMinimum 5 with maximum 5, or
  /// on an integer column exclusiveMinimum 1 with exclusiveMaximum 2.
  void check_bounds(const Column& c) {
    const std::optional<Bound> lo = lower_bound(c);
    const std::optional<Bound> hi = upper_bound(c);
    if (!lo || !hi) return;
    const bool integer = c.cpp_type == CppType::int64;
    if (!leaves_no_value(*lo, *hi, integer)) return;
    diags_.error(hi->loc, "dorm-check-range",
                 std::string(lo->keyword) + " " + number_text(lo->value) + " and " + hi->keyword + " " +
                     number_text(hi->value) + " of " + in_quotes(c.name) + " leave no " +
                     (integer ? "integer" : "value") + " between them");
  }

  /// `x-dorm-enum-class` needs a string column with an `enum` of strings, a name C++ accepts and
  /// values that give distinct enumerators.
  void check_enum_class(const Column& c) {
    if (!c.wants_enum_class) return;
    const SourceLocation& loc = at(c.check_locs.enum_class, c);
    const std::string what = "'x-dorm-enum-class' on " + in_quotes(c.name);
    if (!is_string_column(c)) {
      diags_.error(loc, "dorm-enum-class-type",
                   what + " needs a string column with an \"enum\", but it is not a string");
      return;
    }
    if (c.checks.enum_values.empty()) {
      diags_.error(loc, "dorm-enum-class-type", what + " needs an \"enum\" listing the values");
      return;
    }
    std::vector<std::string> values;  // the enum's strings, parallel to cpp_enumerators
    for (const std::string& value : c.checks.enum_values) {
      const auto v = nlohmann::json::parse(value, nullptr, false);
      if (v.is_null()) continue;  // a nullable column's empty optional
      if (!v.is_string()) {
        diags_.error(loc, "dorm-enum-class-type", what + " needs an \"enum\" of strings, not " + value);
        return;
      }
      values.push_back(value);
    }
    if (!is_cpp_identifier(c.enum_class)) {
      diags_.error(loc, "dorm-bad-identifier",
                   "enum class name " + in_quotes(c.enum_class) + " of column " + in_quotes(c.name) +
                       " is not a C++ identifier (letters, digits and '_', not a keyword or reserved)");
    }
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < c.cpp_enumerators.size() && i < values.size(); ++i) {
      if (auto [it, inserted] = seen.emplace(c.cpp_enumerators[i], i); !inserted) {
        diags_.error(at(c.check_locs.enum_values, c), "dorm-enumerator-clash",
                     "enum values " + values[it->second] + " and " + values[i] + " of " +
                         in_quotes(c.name) + " both become C++ enumerator " + in_quotes(c.cpp_enumerators[i]) +
                         " of " + in_quotes(c.enum_class));
      }
    }
  }

  /// `examples` are documentation and factory input: one that breaks the column's rules would
  /// make factories produce rows validate() rejects, so it is worth a warning.
  void check_examples(const Column& c) {
    for (std::size_t i = 0; i < c.examples.size(); ++i) {
      const SourceLocation& loc = i < c.check_locs.examples.size() ? at(c.check_locs.examples[i], c) : c.loc;
      const auto v = nlohmann::json::parse(c.examples[i], nullptr, false);
      if (!fits_type(c, v)) {
        diags_.warning(loc, "dorm-example-breaks-rule",
                       "example " + c.examples[i] + " of " + in_quotes(c.name) + " does not fit its " +
                           storage_keyword(c.storage) + (v.is_null() ? " NOT NULL" : "") + " type");
        continue;
      }
      for (const BrokenRule& rule : broken_rules(c, v)) {
        diags_.warning(loc, "dorm-example-breaks-rule",
                       "example " + c.examples[i] + " of " + in_quotes(c.name) + " breaks " + rule.keyword +
                           ": it " + rule.reason);
      }
    }
  }

  void bad_default(const Column& c, const DefaultValue& d, std::string_view why) {
    diags_.error(d.loc, "dorm-default-type", "default of " + in_quotes(c.name) + " " + std::string(why));
  }

  void check_default(const Column& c, const DefaultValue& d) {
    using Kind = DefaultValue::Kind;
    switch (d.kind) {
      case Kind::sql_expression:
        if (std::string message = scratch_.default_error(d.value); !message.empty()) {
          diags_.error(
              d.loc, "dorm-bad-default-sql",
              "'x-dorm-default-sql' of " + in_quotes(c.name) + " is not a constant SQL expression: " + message);
        } else if (std::string failure = scratch_.evaluation_error(d.value); !failure.empty()) {
          diags_.error(d.loc, "dorm-default-sql-fails",
                       "'x-dorm-default-sql' of " + in_quotes(c.name) + " (" + d.value +
                           ") fails whenever SQLite computes it, so every insert relying on it would: " + failure);
        } else {
          check_default_sql_format(c, d);
        }
        return;
      case Kind::null:
        if (!c.nullable) bad_default(c, d, "is null, but the column is NOT NULL");
        return;
      case Kind::integer:
      case Kind::real:
      case Kind::boolean:
      case Kind::text:
        break;
    }
    bool ok = false;
    switch (c.cpp_type) {
      case CppType::int64:
        ok = d.kind == Kind::integer;
        break;
      case CppType::float64:
        ok = d.kind == Kind::integer || d.kind == Kind::real;
        break;
      case CppType::boolean:
        ok = d.kind == Kind::boolean || (d.kind == Kind::integer && (d.value == "0" || d.value == "1"));
        break;
      case CppType::string:
        ok = d.kind == Kind::text;
        break;
      case CppType::bytes:
        ok = false;
        break;
    }
    if (!ok) {
      const std::string shown = d.kind == Kind::text ? nlohmann::json(d.value).dump() : d.value;
      bad_default(c, d, "(" + shown + ") does not fit its " + storage_keyword(c.storage) + " type");
      return;
    }
    if (c.is_json) return;
    const nlohmann::json value = default_as_json(c, d);
    if (!c.checks.enum_values.empty() && !is_enum_member(value, c.checks.enum_values)) {
      diags_.error(d.loc, "dorm-default-not-in-enum",
                   "default " + value.dump() + " of " + in_quotes(c.name) + " is not one of its enum values");
    }
    // Every other rule: a default that validate() rejects would fail every insert that keeps it.
    for (const BrokenRule& rule : broken_rules(c, value)) {
      if (rule.keyword == "enum") continue;  // reported above, under its own code
      diags_.error(d.loc, "dorm-default-breaks-rule",
                   "default " + value.dump() + " of " + in_quotes(c.name) + " breaks " + rule.keyword + ": it " +
                       rule.reason);
    }
  }

  /// An SQL default of a column with a checked format must compute values of that format:
  /// CURRENT_TIMESTAMP gives "2026-01-31 12:00:00", which has no UTC offset, so its rows would fail
  /// the column's CHECK and validate() on their next update.
  void check_default_sql_format(const Column& c, const DefaultValue& d) {
    if (checked_format(c).empty()) return;
    const std::optional<std::string> value = scratch_.evaluate(d.value);
    if (!value || matches_format(*value, c.format)) return;
    diags_.error(d.loc, "dorm-default-format",
                 "'x-dorm-default-sql' of " + in_quotes(c.name) + " (" + d.value + ") computes values that are not a " +
                     c.format +
                     (c.format == "date-time" ? " (RFC 3339 needs a 'T' and a UTC offset such as 'Z')" : ""));
    if (c.format == "date-time") {
      diags_.note(d.loc,
                  "write \"x-dorm-default-sql\": \"strftime('%Y-%m-%dT%H:%M:%fZ', 'now')\", or let the table keyword "
                  "\"x-dorm-timestamps\": true keep created_at and updated_at");
    } else if (c.format == "date") {
      diags_.note(d.loc, "write \"x-dorm-default-sql\": \"date('now')\"");
    }
  }

 private:
  Diagnostics& diags_;
  ScratchDb& scratch_;
};

}  // namespace

void check_column(const Column& column, ScratchDb& scratch, Diagnostics& diags) {
  ColumnRules rules(scratch, diags);
  rules.check_checks(column);
  if (column.default_value) rules.check_default(column, *column.default_value);
  check_storage(column, diags);
}

}  // namespace dorm::ir
