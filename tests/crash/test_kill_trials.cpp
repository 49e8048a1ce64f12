// The crash harness (issue 14, item 10): the writer (crash_writer.cpp) is killed with SIGKILL
// again and again on the same files; after each kill every transaction it reported committed
// must be there exactly once, none partial, none it had not begun, and the file sound.
// DORM_CRASH_TRIALS / DORM_CRASH_MIRROR_TRIALS set the number of trials (scripts/crash.sh),
// DORM_CRASH_SEED the schedule of kills; DORM_CRASH_VERBOSE=1 prints a line per trial.
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "../temp_dir.hpp"
#include "trials.hpp"

namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  if (!text || !*text) return fallback;
  std::size_t used = 0;
  const std::uint64_t value = std::stoull(text, &used);
  if (used != std::string(text).size()) throw std::invalid_argument(std::string(name) + " is not a number: '" + text + "'");
  return value;
}

dorm_crash::TrialOptions options_for(const dorm_test::TempDir& dir, const char* trials_variable, int default_trials) {
  dorm_crash::TrialOptions options;
  options.writer = DORM_CRASH_WRITER;
  options.folder = dir.path();
  options.trials = static_cast<int>(env_number(trials_variable, static_cast<std::uint64_t>(default_trials)));
  options.seed = env_number("DORM_CRASH_SEED", std::random_device{}());
  options.verbose = env_number("DORM_CRASH_VERBOSE", 0) != 0;
  return options;
}

void require_sound(const dorm_crash::TrialSummary& summary, const dorm_crash::TrialOptions& options) {
  std::cout << describe(summary, options) << std::flush;
  INFO(describe(summary, options));
  CHECK(summary.lost == 0);
  CHECK(summary.partial == 0);
  CHECK(summary.unexpected == 0);
  CHECK(summary.integrity_failures == 0);
  CHECK(summary.aggregate_mismatches == 0);
  CHECK(summary.harness_failures == 0);
  CHECK(summary.found == summary.reported);
  // Every chosen-point trial had to restart the writer on the killed file and reach its point.
  CHECK(summary.ready >= summary.mid_kills + summary.committed_kills);
  CHECK(summary.reported > 0);
}

}  // namespace

TEST_CASE("A writer killed at random moments and at chosen points loses no reported transaction and leaves none partial",
          "[crash]") {
  dorm_test::TempDir dir("dorm_crash");
  const auto options = options_for(dir, "DORM_CRASH_TRIALS", 10);
  require_sound(dorm_crash::run_trials(options), options);
}

TEST_CASE("A mirrored writer killed at random moments leaves an aggregate equal to its source after the restart's replay",
          "[crash]") {
  dorm_test::TempDir dir("dorm_crash_mirror");
  auto options = options_for(dir, "DORM_CRASH_MIRROR_TRIALS", 5);
  options.mirror = true;
  require_sound(dorm_crash::run_trials(options), options);
}
