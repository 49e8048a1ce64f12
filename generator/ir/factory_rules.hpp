#pragma once
// Whether factories can make valid rows (docs/lifecycle.md, "Factories"): the one place that
// decides how a factory fills a string column with a `pattern`, used by the check below (which
// warns where no valid value can be made) and by the emitter (generator/emit/factory_view), so
// the generated factory_definition(n) does exactly what the warnings describe.
#include <cstdint>
#include <string>
#include <vector>

#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::ir {

/// A unique column of a factory needs this many distinct values before it stays quiet: fewer
/// gives a dorm-factory-few-values warning.
inline constexpr std::uint64_t factory_distinct_values = 1000;

/// True when rows must differ in `column`: it is in the primary key, a UNIQUE constraint or a
/// unique index (alone or with other columns).
[[nodiscard]] bool is_unique_column(const Table& table, const Column& column);

/// True when factory_definition(n) fills `column` from its `pattern`: a NOT NULL string data
/// column with a pattern, no enum, no foreign key and no default it can keep (a literal
/// default is kept unless the column is unique; an SQL default always is).
[[nodiscard]] bool factory_uses_pattern(const Table& table, const Column& column);

/// The string `enum` values of `column` that pass its other rules (lengths, pattern, format), in
/// schema order: a factory takes the first, or on a unique column each in turn.
[[nodiscard]] std::vector<std::string> factory_enum_strings(const Column& column);

/// How a factory fills a column for which factory_uses_pattern() is true.
struct PatternPlan {
  enum class Source {
    sampler,   ///< dorm::detail::PatternSampler over the pattern, `examples` first
    examples,  ///< the sampler cannot make valid values: the examples, in turn
    none,      ///< no valid value: the emitter's numbered text, which breaks the pattern
  };
  Source source = Source::none;
  std::vector<std::string> examples;  ///< the column's examples that pass its rules, distinct, in order
  std::int64_t min_length = 0;        ///< the column's minLength, 0 without one
  std::int64_t max_length = -1;       ///< the column's maxLength, -1 without one
  std::uint64_t distinct = 0;         ///< distinct values the factory makes before repeating one
  std::string problem;                ///< why the pattern gives no valid value ("" when it does)
};

/// Judges `column`'s pattern with the runtime's PatternSampler and validator: values 0..31 and
/// a few later ones must pass every rule of the column (lengths, format, pattern).
[[nodiscard]] PatternPlan pattern_plan(const Column& column);

/// Warnings where factories cannot make valid rows: dorm-factory-no-value (no valid value for a
/// pattern column, at its `pattern` keyword) and dorm-factory-few-values (a unique pattern or
/// string enum column whose values repeat before factory_distinct_values rows, at the keyword).
void check_factory_values(const Schema& schema, Diagnostics& diags);

}  // namespace dorm::ir
