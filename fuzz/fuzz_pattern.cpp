// Fuzz target: the runtime's value checks, as generated validate() functions and dorm-gen call
// them. The input is `pattern NUL text` (no NUL: the whole input is both): dorm::Pattern compiles
// the pattern and searches the text (a bad pattern is a dorm::Error, the expected outcome);
// PatternSampler, which dorm-gen and factories use, makes values from the same pattern; and the
// text goes through every format, length, affinity and JSON check. Invariants:
// - every value PatternSampler makes matches the pattern (a factory would otherwise build rows
//   its own validate() refuses);
// - matches_format(text, f) is exactly "check::format(text, f) reported nothing";
// - keeps_text(text, a) is exactly stored_text(text, a) == text;
// - a JSON problem's offset lies inside the text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <dorm/core/affinity.hpp>
#include <dorm/detail/pattern_sample.hpp>
#include <dorm/core/error.hpp>
#include <dorm/core/json_text.hpp>
#include <dorm/lifecycle/validation.hpp>

#include "finding.hpp"

namespace {

void check_pattern(std::string_view source, std::string_view text) {
  std::optional<dorm::Pattern> pattern;
  try {
    pattern.emplace(source);
  } catch (const dorm::Error&) {
    return;  // not a regular expression dorm accepts: a clear error, as intended
  }
  dorm::ValidationErrors errors("fuzz");
  try {
    dorm::check::pattern(errors, "value", text, *pattern);
    if (errors.empty() != pattern->search(text)) dorm::fuzz::finding("check::pattern disagrees with Pattern::search");
  } catch (const dorm::Error& e) {
    // A back-reference or lookahead pattern past its step budget refuses the value with
    // [dorm.validation.pattern_budget]: documented (docs/json-schema.md, Patterns), not a crash.
    // The 1-hour run found (.*.\360+)a\1 on 100 characters; it ended the harness, not dorm.
    if (std::string_view(e.what()).starts_with("[dorm.validation.pattern_budget]")) return;
    throw;
  }

  try {
    const dorm::detail::PatternSampler sampler(source, 0, 64);
    const std::uint64_t n = std::min<std::uint64_t>(sampler.capacity(), 3);
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::string value = sampler.value(i);
      if (!pattern->search(value))
        dorm::fuzz::finding("a PatternSampler value does not match its pattern",
                            std::string(source) + "\n--- value " + std::to_string(i) + " ---\n" + value);
    }
  } catch (const dorm::Error&) {
    // A construct factories cannot sample (a back-reference, a lookaround): a clear error.
  }
}

void check_text(std::string_view text) {
  using dorm::Format;
  for (Format f : {Format::email, Format::uuid, Format::date, Format::date_time}) {
    dorm::ValidationErrors errors("fuzz");
    dorm::check::format(errors, "value", text, f);
    if (errors.empty() != dorm::matches_format(text, f))
      dorm::fuzz::finding("check::format and matches_format disagree", text);
  }
  for (dorm::Affinity a : {dorm::Affinity::text, dorm::Affinity::numeric, dorm::Affinity::integer, dorm::Affinity::real,
                           dorm::Affinity::blob}) {
    if (dorm::keeps_text(text, a) != (dorm::stored_text(text, a) == text))
      dorm::fuzz::finding("keeps_text disagrees with stored_text", text);
    dorm::ValidationErrors errors("fuzz");
    dorm::check::keeps_text(errors, "value", text, a);
  }
  for (dorm::JsonType type : {dorm::JsonType::object, dorm::JsonType::array}) {
    if (const auto problem = dorm::json_problem(text, type); problem && problem->offset > text.size())
      dorm::fuzz::finding("a JSON problem's offset lies past the text", text);
    dorm::ValidationErrors errors("fuzz");
    dorm::check::json(errors, "value", text, type);
  }
  dorm::ValidationErrors errors("fuzz");
  const auto length = static_cast<std::int64_t>(dorm::utf8_length(text));
  dorm::check::min_length(errors, "value", text, length);
  dorm::check::max_length(errors, "value", text, length);
  if (!errors.empty()) dorm::fuzz::finding("a text breaks a length bound equal to its own utf8_length", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view source = input.substr(0, nul);
  const std::string_view text = nul == std::string_view::npos ? input : input.substr(nul + 1);
  check_pattern(source, text);
  check_text(text);
  return 0;
}
