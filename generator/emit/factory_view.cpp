#include "emit/factory_view.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "emit/enum_class_view.hpp"
#include "emit/relation_view.hpp"
#include "emit/view_model.hpp"
#include "ir/factory_rules.hpp"
#include "ir/names.hpp"

namespace dorm::emit {

using kainjow::mustache::data;

namespace {

/// Digits of n a value keeps when its length allows; 6 keeps a million rows distinct.
constexpr std::int64_t preferred_digits = 6;
/// Decimal digits of the largest n (std::int64_t), beyond which no `n % 10^k` is needed.
constexpr std::int64_t all_digits = 19;
/// Valid years for the unique date and date-time values: 2026, 2027, ..., 9999.
constexpr std::int64_t factory_years = 9999 - 2026 + 1;

// What factory_definition assigns to one member: a C++ expression, and notes (as comments) on
// what the factory could not do.
struct Value {
  Value() = default;
  Value(std::string e, std::vector<std::string> n) : expression(std::move(e)), notes(std::move(n)) {}

  std::string expression;  ///< "" leaves the member as initialized (default, empty, 0, false)
  std::vector<std::string> notes;
  /// A PatternSampler the expression uses: a static of factory_definition, built once.
  std::string sampler_name;
  std::string sampler_arguments;
};

// ---- strings: lengths count Unicode code points ----

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U; }));
}

std::string first_code_points(std::string_view s, std::size_t count) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U && seen++ == count) return std::string(s.substr(0, i));
  }
  return std::string(s);
}

std::string power_of_ten(std::int64_t digits) { return "1" + std::string(static_cast<std::size_t>(digits), '0'); }

// `prefix + digits of n + suffix` within [min_length, max_length]: the prefix (normally the
// column name and a dash) is cut to leave room for the digits; n is taken modulo 10^k when only
// k digits fit, and written with leading zeros (or after 'x's) when min_length asks for more.
Value numbered_text(const std::string& name, const std::string& suffix, const ir::Checks& k, bool unique) {
  const auto min = static_cast<std::size_t>(std::max<std::int64_t>(0, k.min_length.value_or(0)));
  const std::size_t suffix_length = code_points(suffix);
  Value v;
  if (k.max_length && static_cast<std::size_t>(*k.max_length) < suffix_length + 1) {
    std::string text = first_code_points(name + suffix, static_cast<std::size_t>(*k.max_length));
    while (code_points(text) < min) text += 'x';
    v.expression = ir::cpp_string_literal(text);
    if (unique) v.notes.push_back("maxLength " + std::to_string(*k.max_length) + " leaves no room for n: every row gets the same value");
    return v;
  }
  std::string prefix = name.empty() ? "" : name + "-";
  if (k.max_length) {
    // Keep the whole prefix when 4 digits still fit after it (unique for 9,999 rows), else cut it
    // to leave 6 (or every character when fewer fit).
    const auto room = static_cast<std::size_t>(*k.max_length) - suffix_length;  // >= 1
    const std::size_t whole = code_points(prefix);
    const std::size_t kept = whole + std::min<std::size_t>(4, room) <= room ? whole : room - std::min<std::size_t>(preferred_digits, room);
    prefix = first_code_points(prefix, kept);
  }
  // Digits of n (at least one) that min_length needs: written zero-padded, at most 18 of them.
  const std::size_t fixed = std::max<std::size_t>(1, min - std::min(min, code_points(prefix) + suffix_length));
  while (fixed > 18 && code_points(prefix) + suffix_length + 18 < min) prefix += 'x';
  const auto width = static_cast<std::int64_t>(std::min<std::size_t>(fixed, 18));
  std::int64_t digits = all_digits;
  if (k.max_length) {
    digits = std::min<std::int64_t>(all_digits, *k.max_length - static_cast<std::int64_t>(code_points(prefix) + suffix_length));
  }
  std::string number;
  if (width > 1) {
    digits = width;
    number = "std::to_string(" + power_of_ten(width) + " + n % " + power_of_ten(width) + ").substr(1)";
  } else {
    number = "std::to_string(" + (digits >= all_digits ? std::string("n") : "n % " + power_of_ten(digits)) + ")";
  }
  v.expression = (prefix.empty() ? "" : ir::cpp_std_string_literal(prefix) + " + ") + number +
                 (suffix.empty() ? "" : " + " + ir::cpp_std_string_literal(suffix));
  if (unique && digits < 4) {
    v.notes.push_back("maxLength " + std::to_string(*k.max_length) + " leaves " + std::to_string(digits) +
                      " digit(s) for n: values repeat after " + std::to_string(std::stoll(power_of_ten(digits)) - 1) + " rows");
  }
  return v;
}

// The column name as an e-mail address's local part: letters, digits, '.', '_' and '-' only.
std::string email_local_part(const std::string& name) {
  std::string out;
  for (char ch : name) {
    if (std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '-' || ch == '.') out += ch;
  }
  return out.empty() ? "user" : out;
}

// The first value of a JSON list (enum values, examples) that is a string, decoded.
std::optional<std::string> first_string(const std::vector<std::string>& json_values) {
  for (const std::string& text : json_values) {
    const auto v = nlohmann::json::parse(text, nullptr, false);
    if (v.is_string()) return v.get<std::string>();
  }
  return std::nullopt;
}

std::string string_list(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i == 0 ? "" : ", ") + ir::cpp_std_string_literal(values[i]);
  return out + "}";
}

// A `pattern` column, as ir::pattern_plan decides (and ir::check_factory_values warns about):
// its first valid example when rows may share it; else value n - 1 of a PatternSampler
// (examples first, never repeated), the examples in turn when the pattern gives no valid value,
// or numbered text (a dorm-factory-no-value warning says it breaks the pattern).
Value pattern_value(const ir::Column& c, bool unique) {
  const ir::PatternPlan plan = ir::pattern_plan(c);
  if (!unique && !plan.examples.empty()) return {ir::cpp_string_literal(plan.examples.front()), {}};
  switch (plan.source) {
    case ir::PatternPlan::Source::sampler: {
      Value v;
      v.sampler_name = c.cpp_name + "_values";
      v.sampler_arguments = ir::cpp_string_literal(*c.checks.pattern) + ", " + std::to_string(plan.min_length) + ", " +
                            std::to_string(plan.max_length) +
                            (plan.examples.empty() ? "" : ", " + string_list(plan.examples));
      v.expression = v.sampler_name + ".value(static_cast<std::uint64_t>(n - 1))";
      return v;
    }
    case ir::PatternPlan::Source::examples:
      if (plan.examples.size() == 1) return {ir::cpp_string_literal(plan.examples.front()), {}};
      return {"std::vector<std::string>" + string_list(plan.examples) + "[static_cast<std::size_t>((n - 1) % " +
                  std::to_string(plan.examples.size()) + ")]",
              {}};
    case ir::PatternPlan::Source::none:
      break;
  }
  Value v = numbered_text(c.name, "", c.checks, unique);
  v.notes.clear();  // the dorm-factory-no-value warning says why
  return v;
}

Value text_value(const ir::Table& t, const ir::Column& c, bool unique) {
  // The enum values that pass the column's other rules: the first, or on a unique column each in
  // turn (ir::check_factory_values warns when they are fewer than the rows a factory may make).
  const std::vector<std::string> allowed = ir::factory_enum_strings(c);
  if (!allowed.empty()) {
    if (!unique || allowed.size() == 1) return {ir::cpp_string_literal(allowed.front()), {}};
    return {"std::vector<std::string>" + string_list(allowed) + "[static_cast<std::size_t>((n - 1) % " +
                std::to_string(allowed.size()) + ")]",
            {}};
  }
  // No enum value passes the other rules (dorm-enum-breaks-rule said which): the first one.
  if (const auto first = first_string(c.checks.enum_values)) return {ir::cpp_string_literal(*first), {}};
  if (ir::factory_uses_pattern(t, c)) return pattern_value(c, unique);
  if (c.format == "email") {
    // A short maxLength gets the shortest domain the email check takes (two labels).
    const bool roomy = !c.checks.max_length || *c.checks.max_length >= 20;
    return numbered_text(email_local_part(c.name), roomy ? "@example.com" : "@x.io", c.checks, unique);
  }
  if (c.format == "uuid") {
    ir::Checks twelve_digits;
    twelve_digits.min_length = twelve_digits.max_length = 36;
    return numbered_text("00000000-0000-4000-8000", "", twelve_digits, unique);
  }
  if (c.format == "date" || c.format == "date-time") {
    const std::string rest = c.format == "date" ? "-01-01" : "-01-01T00:00:00.000Z";
    if (!unique) return {ir::cpp_string_literal("2026" + rest), {}};
    return {"std::to_string(2026 + (n - 1) % " + std::to_string(factory_years) + ") + " + ir::cpp_string_literal(rest), {}};
  }
  return numbered_text(c.name, "", c.checks, unique);
}

// ---- numbers ----

std::int64_t to_int64(double d) {
  if (d >= 9.2e18) return std::numeric_limits<std::int64_t>::max();
  if (d <= -9.2e18) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(d);
}

// An expression `base + term`, without `0 + ` and with `- k` for a negative base... kept simple.
std::string plus(std::int64_t base, const std::string& term) {
  if (base == 0) return term;
  return cpp_int_literal(base) + " + " + term;
}

Value integer_value(const ir::Column& c, bool unique) {
  const ir::Checks& k = c.checks;
  std::optional<std::int64_t> lo;
  std::optional<std::int64_t> hi;
  const auto raise_lo = [&](std::int64_t x) { lo = lo ? std::max(*lo, x) : x; };
  const auto lower_hi = [&](std::int64_t x) { hi = hi ? std::min(*hi, x) : x; };
  if (k.minimum) raise_lo(to_int64(std::ceil(*k.minimum)));
  if (k.exclusive_minimum) raise_lo(to_int64(std::floor(*k.exclusive_minimum)) + 1);
  if (k.maximum) lower_hi(to_int64(std::floor(*k.maximum)));
  if (k.exclusive_maximum) lower_hi(to_int64(std::ceil(*k.exclusive_maximum)) - 1);
  const auto inside = [&](std::int64_t x) { return (!lo || x >= *lo) && (!hi || x <= *hi); };

  for (const std::string& text : k.enum_values) {
    const auto v = nlohmann::json::parse(text, nullptr, false);
    const bool fits = v.is_number_integer() && (!v.is_number_unsigned() || v.get<std::uint64_t>() <= std::numeric_limits<std::int64_t>::max());
    if (fits && inside(v.get<std::int64_t>())) {
      Value out{cpp_int_literal(v.get<std::int64_t>()), {}};
      if (unique) out.notes.push_back("unique column " + c.name + " takes its first enum value: every row gets the same value");
      return out;
    }
  }
  if (lo && hi && *lo > *hi) return {cpp_int_literal(*lo), {"no integer lies within the bounds of " + c.name}};
  if (!unique) {
    if (inside(0)) return {};
    return {cpp_int_literal(lo ? *lo : *hi), {}};
  }
  if (!lo && !hi) return {"n", {}};
  if (!hi) return {*lo <= 1 ? "n" : "n + " + cpp_int_literal(*lo - 1), {}};
  if (!lo) return {*hi == std::numeric_limits<std::int64_t>::max() ? "n" : cpp_int_literal(*hi + 1) + " - n", {}};
  // Both bounds: cycle through the range (its size fits: both bounds came from doubles).
  const double size = static_cast<double>(*hi) - static_cast<double>(*lo) + 1;
  if (size > 9e18) return {plus(*lo, "n"), {}};
  const auto count = static_cast<std::int64_t>(size);
  Value v{plus(*lo, "(n - 1) % " + std::to_string(count)), {}};
  if (count < 1000) v.notes.push_back(c.name + " has " + std::to_string(count) + " valid values: they repeat after that many rows");
  return v;
}

Value real_value(const ir::Column& c, bool unique) {
  const ir::Checks& k = c.checks;
  // The tighter bound on each side, and whether it excludes its own value.
  std::optional<double> lo;
  std::optional<double> hi;
  bool lo_excluded = false;
  bool hi_excluded = false;
  if (k.minimum) lo = *k.minimum;
  if (k.exclusive_minimum && (!lo || *k.exclusive_minimum >= *lo)) {
    lo = *k.exclusive_minimum;
    lo_excluded = true;
  }
  if (k.maximum) hi = *k.maximum;
  if (k.exclusive_maximum && (!hi || *k.exclusive_maximum <= *hi)) {
    hi = *k.exclusive_maximum;
    hi_excluded = true;
  }
  const auto inside = [&](double x) {
    return (!lo || x > *lo || (x == *lo && !lo_excluded)) && (!hi || x < *hi || (x == *hi && !hi_excluded));
  };
  for (const std::string& text : k.enum_values) {
    const auto v = nlohmann::json::parse(text, nullptr, false);
    if (v.is_number() && inside(v.get<double>())) {
      Value out{cpp_double_literal(v.get<double>()), {}};
      if (unique) out.notes.push_back("unique column " + c.name + " takes its first enum value: every row gets the same value");
      return out;
    }
  }
  if (!unique) {
    if (inside(0.0)) return {};
    if (lo && hi) return {cpp_double_literal(*lo + (*hi - *lo) / 2), {}};
    if (lo) return {cpp_double_literal(lo_excluded ? *lo + 1 : *lo), {}};
    return {cpp_double_literal(hi_excluded ? *hi - 1 : *hi), {}};
  }
  // n / (n + 1) runs through [0.5, 1): strictly between the bounds for every n.
  if (lo && hi) {
    const std::string step = cpp_double_literal(*hi - *lo) + " * n / (n + 1)";
    return {*lo == 0 ? step : cpp_double_literal(*lo) + " + " + step, {}};
  }
  if (lo) return {*lo == 0 ? "static_cast<double>(n)" : cpp_double_literal(*lo) + " + n", {}};
  if (hi) return {cpp_double_literal(*hi) + " - n", {}};
  return {"static_cast<double>(n)", {}};
}

bool has_literal_default(const ir::Column& c) {
  return c.default_value && c.default_value->kind != ir::DefaultValue::Kind::null &&
         c.default_value->kind != ir::DefaultValue::Kind::sql_expression;
}

Value column_value(const ir::Schema& schema, const ir::Table& t, const ir::Column& c) {
  const bool unique = ir::is_unique_column(t, c);
  // The database assigns the rowid key, the runtime the trait columns, and the factory runtime
  // the foreign keys (from the parents it creates).
  if (c.role != ir::ColumnRole::data || c.cpp_name == rowid_key_member(t)) return {};
  if (c.references) {
    const bool has_parent = std::any_of(t.relations.begin(), t.relations.end(), [&](const ir::Relation& r) {
      return r.kind == ir::Relation::Kind::belongs_to && r.foreign_key == c.name;
    });
    // A generated pivot's rows link two parents; attach() writes them, not a factory.
    if (!c.nullable && !has_parent && !t.is_generated_pivot && schema.find_table(c.references->table) != nullptr) {
      return {"", {c.name + " references " + c.references->table + " without a belongs_to relation: set it in a state()"}};
    }
    if (!c.nullable && has_parent && c.references->table == t.name) {
      return {"", {c.name + " references its own table, so no parent is created for it: set it in a state()"}};
    }
    return {};
  }
  // Empty optionals: NULL, or the SQL default the database fills in. A literal default is the
  // member's initializer already, unless the column is unique (every row would collide).
  if (c.nullable || (c.default_value && c.default_value->kind == ir::DefaultValue::Kind::sql_expression)) return {};
  if (has_literal_default(c) && !unique) return {};
  if (!c.enum_class.empty()) {
    const auto texts = enum_class_texts(c);
    if (texts.empty()) return {};
    return {enumerator_of(c, texts.front()), {}};
  }
  if (!c.cpp_enum.empty()) {  // an annotated enum: its first enumerator when its names are known
    if (c.cpp_enumerators.empty()) return {};
    return {c.cpp_enum + "::" + c.cpp_enumerators.front(), {}};
  }
  if (c.time_point) return {};  // an annotated struct's std::chrono time point: the epoch
  if (!c.cpp_custom_type.empty()) return {};  // a user type (x-dorm-cpp-type): its default value
  switch (c.cpp_type) {
    case ir::CppType::boolean:
      for (const std::string& text : c.checks.enum_values) {
        if (text == "true") return {"true", {}};
        if (text == "false") return {};
      }
      return {};
    case ir::CppType::int64: return integer_value(c, unique);
    case ir::CppType::float64: return real_value(c, unique);
    case ir::CppType::bytes: return {};
    case ir::CppType::string:
      if (c.is_json) {
        if (!c.examples.empty()) return {ir::cpp_string_literal(c.examples.front()), {}};
        return {c.json_type == "array" ? "\"[]\"" : "\"{}\"", {}};  // JSON of the column's type
      }
      return text_value(t, c, unique);
  }
  return {};
}

// True when the C++ expression uses the parameter `n` (outside string literals; `X::n` is not it).
bool mentions_n(std::string_view e) {
  std::string word;
  for (std::size_t i = 0; i <= e.size(); ++i) {
    const char ch = i < e.size() ? e[i] : ' ';
    if (std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == ':') {
      word += ch;
      continue;
    }
    if (word == "n") return true;
    word.clear();
    if (ch == '"') {  // skip the literal, escapes included
      for (++i; i < e.size() && e[i] != '"'; ++i) {
        if (e[i] == '\\') ++i;
      }
    }
  }
  return false;
}

}  // namespace

std::vector<const ir::Relation*> required_parents(const ir::Table& table) {
  std::vector<const ir::Relation*> out;
  for (const ir::Relation& r : table.relations) {
    if (r.kind != ir::Relation::Kind::belongs_to || r.target == table.name) continue;
    const ir::Column* fk = table.find_column(r.foreign_key);
    if (fk != nullptr && !fk->nullable) out.push_back(&r);
  }
  return out;
}

void add_factory_view(data& view, const ir::Schema& schema, const ir::Table& table) {
  data assignments{data::type::list};
  data samplers{data::type::list};
  bool uses_n = false;
  for (const ir::Column& c : table.columns) {
    Value v = column_value(schema, table, c);
    if (!v.sampler_name.empty()) {
      data sampler;
      sampler.set("name", v.sampler_name);
      sampler.set("arguments", v.sampler_arguments);
      samplers << sampler;
    }
    if (v.expression.empty() && v.notes.empty()) continue;
    data notes{data::type::list};
    for (const auto& note : v.notes) notes << data("text", ir::cpp_comment_text(note));
    data a;
    a.set("notes", notes);
    if (v.expression.empty()) {
      a.set("assignment", false);
    } else {
      a.set("assignment", data("value", v.expression));
      a.set("member", c.cpp_name);
    }
    assignments << a;
    uses_n = uses_n || mentions_n(v.expression);
  }
  view.set("factory_assignments", assignments);
  view.set("factory_samplers", samplers);
  view.set("factory_n_unused", !uses_n);
  std::string parents;
  for (const ir::Relation* r : required_parents(table)) parents += (parents.empty() ? "" : ", ") + relation_type_name(table, *r);
  view.set("required_parents", parents);
}

}  // namespace dorm::emit
