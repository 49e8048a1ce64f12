// dorm::Pattern::search against std::wregex on the patterns schemas use most and values of
// typical length (10-60 characters): validation runs every pattern on every insert and update.
// "std_before" is what dorm::Pattern ran before it had its own matcher (libstdc++'s
// breadth-first matcher over `[\s\S]*(?:pattern)[\s\S]*`, the value widened to UTF-32 first);
// "std_search" is plain std::regex_search (depth-first, the default). docs/performance.md,
// "Patterns", has the figures and the callgrind command.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <locale>
#include <regex>
#include <string>
#include <vector>

#include <dorm/lifecycle/validation.hpp>

namespace {

struct Case {
  const char* name;
  const char* pattern;
  std::vector<std::string> values;  ///< matching and not, 10-60 characters
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all{
      {"slug", "^[a-z0-9]+(?:-[a-z0-9]+)*$", {"my-first-post-about-dorm", "release-notes-2026-12", "Not A Slug!"}},
      {"email", "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$",
       {"ann.lee+newsletter@mail.example.org", "bob@example.com", "no-at-sign.example.org"}},
      {"iso_date", "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$", {"2024-02-29", "2026-12-06", "2024-13-01"}},
      {"code", "^[A-Z]{3}-[0-9]{2}$", {"ABC-12", "XYZ-99", "abc-12"}},
      {"backref", "^(\\w)\\w*\\1$", {"level-headed-l", "abcdefghijklmnopqrstuvwxyza", "abcdefghijklmnopqrstuvwxyz"}},
  };
  return all;
}

std::wstring wide(const std::string& text) { return std::wstring(text.begin(), text.end()); }  // ASCII values

std::wregex compile(const std::wstring& source, std::regex::flag_type flags) {
  std::wregex regex;
  regex.imbue(std::locale::classic());
  regex.assign(source, flags);
  return regex;
}

void dorm_pattern(benchmark::State& state, const Case& c) {
  const dorm::Pattern pattern{c.pattern};
  std::size_t matched = 0;
  for (auto _ : state) {
    for (const std::string& value : c.values) matched += pattern.search(value) ? 1 : 0;
  }
  benchmark::DoNotOptimize(matched);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.values.size()));
}

void std_before(benchmark::State& state, const Case& c) {
  const std::wstring source = wide(c.pattern);
  std::wregex regex;
  bool whole = true;
  try {
    regex = compile(L"[\\s\\S]*(?:" + source + L")[\\s\\S]*", std::regex::ECMAScript | std::regex_constants::__polynomial);
  } catch (const std::regex_error&) {
    regex = compile(source, std::regex::ECMAScript);  // back-references: the depth-first matcher
    whole = false;
  }
  std::size_t matched = 0;
  for (auto _ : state) {
    for (const std::string& value : c.values) {
      const std::wstring w = wide(value);
      matched += (whole ? std::regex_match(w, regex) : std::regex_search(w, regex)) ? 1 : 0;
    }
  }
  benchmark::DoNotOptimize(matched);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.values.size()));
}

void std_search(benchmark::State& state, const Case& c) {
  const std::wregex regex = compile(wide(c.pattern), std::regex::ECMAScript);
  std::size_t matched = 0;
  for (auto _ : state) {
    for (const std::string& value : c.values) matched += std::regex_search(wide(value), regex) ? 1 : 0;
  }
  benchmark::DoNotOptimize(matched);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.values.size()));
}

const bool registered = [] {
  for (const Case& c : cases()) {
    benchmark::RegisterBenchmark((std::string("pattern_") + c.name + "/dorm").c_str(), dorm_pattern, c);
    benchmark::RegisterBenchmark((std::string("pattern_") + c.name + "/std_before").c_str(), std_before, c);
    benchmark::RegisterBenchmark((std::string("pattern_") + c.name + "/std_search").c_str(), std_search, c);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
