#include "ir/factory_rules.hpp"

#include <algorithm>
#include <exception>

#include <dorm/detail/pattern_sample.hpp>
#include <dorm/core/error.hpp>
#include <nlohmann/json.hpp>

#include "ir/value_rules.hpp"

namespace dorm::ir {
namespace {

using dorm::detail::PatternSampler;

const SourceLocation& pattern_location(const Column& c) {
  return c.check_locs.pattern.line != 0 ? c.check_locs.pattern : c.loc;
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

/// The runtime's message without its id and the pattern, which the diagnostic's place shows:
/// "at character 4: a back-reference (\1) is not supported by factories".
std::string runtime_reason(const std::string& message, const std::string& pattern) {
  const std::string prefix = "[dorm.factory.pattern] pattern '" + pattern + "' ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

/// The values judged: the first 32 (the ones tests see) and a few far ones (other lengths,
/// other characters), within the sampler's capacity.
std::vector<std::uint64_t> probes(std::uint64_t capacity) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = 0; i < 32 && i < capacity; ++i) out.push_back(i);
  for (std::uint64_t i : {std::uint64_t{999}, std::uint64_t{99'999}, std::uint64_t{9'999'999}, capacity - 1}) {
    if (i < capacity && i >= 32) out.push_back(i);
  }
  return out;
}

std::string lengths_text(const PatternPlan& plan) {
  if (plan.max_length < 0) return "of at least " + std::to_string(plan.min_length) + " characters";
  if (plan.min_length == plan.max_length) return "of " + std::to_string(plan.min_length) + " characters";
  return "of " + std::to_string(plan.min_length) + " to " + std::to_string(plan.max_length) + " characters";
}

/// Why the sampler's own values are not valid for `c`, or "" when they are.
std::string sampler_problem(const Column& c, const PatternPlan& plan) {
  const std::string& pattern = *c.checks.pattern;
  try {
    const PatternSampler bare(pattern, plan.min_length, plan.max_length);
    if (bare.capacity() == 0) {
      std::string why = "no value " + lengths_text(plan) + " matches its pattern";
      if (plan.max_length >= 0 && bare.shortest_match() > plan.max_length) {
        why += " (its shortest match has " + std::to_string(bare.shortest_match()) + ")";
      }
      return why;
    }
    for (std::uint64_t i : probes(bare.capacity())) {
      const std::string value = bare.value(i);
      const std::vector<BrokenRule> broken = broken_rules(c, nlohmann::json(value));
      if (!broken.empty()) {
        return "the pattern's values break " + broken.front().keyword + ": " + nlohmann::json(value).dump() + " " +
               broken.front().reason;
      }
    }
    return "";
  } catch (const dorm::Error& e) {
    return "its pattern, " + runtime_reason(e.what(), pattern);
  }
}

}  // namespace

bool is_unique_column(const Table& t, const Column& c) {
  const auto has = [&](const Index& index) {
    return index.unique && std::find(index.columns.begin(), index.columns.end(), c.name) != index.columns.end();
  };
  return t.is_primary_key(c.name) || std::any_of(t.uniques.begin(), t.uniques.end(), has) ||
         std::any_of(t.indexes.begin(), t.indexes.end(), has);
}

namespace {

/// True when factory_definition(n) sets `c` as a string: a NOT NULL string data column without a
/// foreign key or a default it can keep (an SQL default always is, a literal one unless the
/// column is unique), whose C++ member is a std::string (not an enum or a time point).
bool factory_sets_string(const Table& t, const Column& c) {
  if (c.role != ColumnRole::data || c.references || c.nullable) return false;
  if (c.cpp_type != CppType::string || c.is_json || c.time_point) return false;
  if (!c.enum_class.empty() || !c.cpp_enum.empty()) return false;
  if (c.default_value) {
    if (c.default_value->kind == DefaultValue::Kind::sql_expression) return false;
    if (c.default_value->kind != DefaultValue::Kind::null && !is_unique_column(t, c)) return false;
  }
  return true;
}

}  // namespace

bool factory_uses_pattern(const Table& t, const Column& c) {
  return factory_sets_string(t, c) && c.checks.pattern && c.checks.enum_values.empty();
}

std::vector<std::string> factory_enum_strings(const Column& c) {
  std::vector<std::string> out;
  for (const std::string& text : c.checks.enum_values) {
    const auto v = nlohmann::json::parse(text, nullptr, false);
    if (v.is_string() && broken_rules(c, v).empty()) out.push_back(v.get<std::string>());
  }
  return out;
}

PatternPlan pattern_plan(const Column& c) {
  PatternPlan plan;
  plan.min_length = std::max<std::int64_t>(0, c.checks.min_length.value_or(0));
  plan.max_length = c.checks.max_length.value_or(-1);
  for (const std::string& text : c.examples) {
    const auto v = nlohmann::json::parse(text, nullptr, false);
    if (!v.is_string() || !broken_rules(c, v).empty()) continue;  // dorm-example-breaks-rule says why
    const std::string example = v.get<std::string>();
    if (std::find(plan.examples.begin(), plan.examples.end(), example) == plan.examples.end()) {
      plan.examples.push_back(example);
    }
  }
  if (!c.checks.pattern || !pattern_error(*c.checks.pattern).empty()) {
    plan.problem = "its pattern is not a valid regular expression";
  } else {
    plan.problem = sampler_problem(c, plan);
  }
  if (plan.problem.empty()) {
    plan.source = PatternPlan::Source::sampler;
    plan.distinct = PatternSampler(*c.checks.pattern, plan.min_length, plan.max_length, plan.examples).capacity();
  } else if (!plan.examples.empty()) {
    plan.source = PatternPlan::Source::examples;
    plan.distinct = plan.examples.size();
  }
  return plan;
}

void check_factory_values(const Schema& schema, Diagnostics& diags) {
  for (const Table& t : schema.tables) {
    for (const Column& c : t.columns) {
      if (factory_sets_string(t, c) && !c.checks.enum_values.empty() && is_unique_column(t, c)) {
        const std::size_t values = factory_enum_strings(c).size();
        if (values > 0 && values < factory_distinct_values) {
          const SourceLocation& loc = c.check_locs.enum_values.line != 0 ? c.check_locs.enum_values : c.loc;
          diags.warning(loc, "dorm-factory-few-values",
                        "unique column " + in_quotes(c.name) + " of table " + in_quotes(t.name) + " gets only " +
                            std::to_string(values) + " distinct factory values (its enum), so a factory's row " +
                            std::to_string(values + 1) + " repeats one and breaks UNIQUE");
        }
      }
      // An invalid pattern is dorm-bad-pattern's error already.
      if (!factory_uses_pattern(t, c) || !pattern_error(*c.checks.pattern).empty()) continue;
      const PatternPlan plan = pattern_plan(c);
      const std::string column = "column " + in_quotes(c.name) + " of table " + in_quotes(t.name);
      if (plan.source == PatternPlan::Source::none) {
        diags.warning(pattern_location(c), "dorm-factory-no-value",
                      "factories cannot make a valid value for " + column + ": " + plan.problem +
                          "; add valid \"examples\" or set it in a factory state()");
        continue;
      }
      if (!is_unique_column(t, c) || plan.distinct >= factory_distinct_values) continue;
      std::string message = "unique " + column + " gets only " + std::to_string(plan.distinct) +
                            " distinct factory values";
      if (plan.source == PatternPlan::Source::examples) message += " (its examples: " + plan.problem + ")";
      message += ", so a factory's row " + std::to_string(plan.distinct + 1) + " repeats one and breaks UNIQUE";
      diags.warning(pattern_location(c), "dorm-factory-few-values", message);
    }
  }
}

}  // namespace dorm::ir
