#pragma once
// Kill trials of the crash harness (tests/crash): start the writer, SIGKILL it, check the
// database (and with mirroring, replay and compare the aggregate), start it again on the same
// files; repeat.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dorm_crash {

/// Where and how often to kill.
struct TrialOptions {
  std::string writer;                 ///< path of the dorm_crash_writer program
  std::filesystem::path folder;       ///< holds ledger.db (and aggregate.db), kept across trials
  int trials = 10;
  bool mirror = false;                ///< writer mirrors to aggregate.db; each check replays and compares
  std::uint64_t seed = 0;             ///< chooses each trial's kill: the moment or the point
  int max_delay_ms = 250;             ///< a random kill comes 0..max_delay_ms after the start
  bool verbose = false;               ///< one line per trial on stderr: the kill, what the writer reported
};

/// What the trials found. lost, partial, unexpected, integrity_failures, aggregate_mismatches
/// and harness_failures must all be 0.
struct TrialSummary {
  int trials = 0;
  int random_kills = 0;               ///< at a random moment
  int mid_kills = 0;                  ///< paused inside a transaction, half its entries written
  int committed_kills = 0;            ///< paused after commit() returned, before reporting it
  int ready = 0;                      ///< trials whose writer opened the file (a restart after a kill)
  std::size_t reported = 0;           ///< transactions the writer reported committed
  std::size_t found = 0;              ///< of those, present after the kill
  std::size_t lost = 0;
  std::size_t partial = 0;
  std::size_t unexpected = 0;         ///< present without having been begun
  std::size_t integrity_failures = 0;
  std::size_t in_flight_present = 0;  ///< the transaction in flight at the kill, committed entirely
  std::size_t in_flight_absent = 0;   ///< ... or absent entirely
  std::size_t aggregate_mismatches = 0;
  std::size_t harness_failures = 0;   ///< the writer died by itself, never paused, or a wait timed out
  std::vector<std::string> problems;  ///< "trial 3: ..." (the first 50)

  [[nodiscard]] bool sound() const noexcept {
    return lost + partial + unexpected + integrity_failures + aggregate_mismatches + harness_failures == 0;
  }
};

/// Runs `options.trials` trials on the files in `options.folder`. Trial i kills at a random
/// moment, except every fifth from the fourth (i % 5 == 3) which kills mid-transaction and
/// every fifth from the fifth (i % 5 == 4) which kills right after a commit.
TrialSummary run_trials(const TrialOptions& options);

/// The summary as the lines scripts/crash.sh prints ("  lost: 0", ...).
std::string describe(const TrialSummary& summary, const TrialOptions& options);

}  // namespace dorm_crash
