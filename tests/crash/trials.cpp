// Kill trials: see trials.hpp.
#include "trials.hpp"

#include <sys/wait.h>

#include <chrono>
#include <exception>
#include <iostream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <dorm/dorm.hpp>
#include <dorm/tenancy/mirror.hpp>

#include "aggregate_check.hpp"
#include "child_process.hpp"
#include "ledger.hpp"
#include "ledger_check.hpp"

namespace dorm_crash {

namespace {

using Clock = ChildProcess::Clock;

enum class Kill { random, mid, committed };

/// What the writer said before it died.
struct Reports {
  bool ready = false;
  std::optional<std::int64_t> begun;      ///< the last "begin n"
  std::vector<std::int64_t> committed;    ///< every "commit n"
  std::optional<std::int64_t> paused;     ///< "paused <point> n"
};

void take(Reports& reports, const std::string& line) {
  std::istringstream in(line);
  std::string word;
  std::int64_t n = 0;
  in >> word;
  if (word == "paused") in >> word;  // the point: the trial knows which it asked for
  in >> n;
  if (word == "ready") reports.ready = true;
  if (word == "begin") reports.begun = n;
  if (word == "commit") reports.committed.push_back(n);
  if (word == "mid" || word == "committed") reports.paused = n;
}

class Trials {
 public:
  explicit Trials(const TrialOptions& options) : options_(options), random_(options.seed) {}

  TrialSummary run() {
    for (int i = 0; i < options_.trials; ++i) {
      try {
        trial(i);
      } catch (const std::exception& e) {
        fail(i, e.what());
      }
    }
    summary_.trials = options_.trials;
    return summary_;
  }

 private:
  void fail(int trial, const std::string& problem) {
    ++summary_.harness_failures;
    note(trial, problem);
  }
  void note(int trial, const std::string& problem) {
    if (summary_.problems.size() < 50) summary_.problems.push_back("trial " + std::to_string(trial + 1) + ": " + problem);
  }

  void trial(int i) {
    const Kill kill = i % 5 == 3 ? Kill::mid : i % 5 == 4 ? Kill::committed : Kill::random;
    // Both draws happen in every trial, so trial i's schedule depends on the seed alone.
    const int delay_ms = std::uniform_int_distribution<int>(0, options_.max_delay_ms)(random_);
    const int pause_at = std::uniform_int_distribution<int>(1, 100)(random_);

    std::vector<std::string> args{(options_.folder / "ledger.db").string()};
    if (options_.mirror) args.insert(args.end(), {"--mirror", aggregate_path()});
    if (kill != Kill::random)
      args.insert(args.end(), {"--pause", kill == Kill::mid ? "mid" : "committed", "--pause-at", std::to_string(pause_at)});

    Reports reports;
    {
      ChildProcess writer(options_.writer, args);
      const auto start = Clock::now();
      if (kill == Kill::random) {
        // Sleep, not read: a test woken by each line the writer reports preempts the writer
        // right after its write(2), and the kills then cluster just after a report instead of
        // landing anywhere (measured: a third of the kills fell between two transactions).
        // The pipe holds what the writer reports meanwhile (ChildProcess enlarges it).
        std::this_thread::sleep_until(start + std::chrono::milliseconds(delay_ms));
      } else {
        // A chosen point: wait for the writer to reach it (100 transactions take well under a
        // second; 30 s is for a machine under load).
        const auto give_up = start + std::chrono::seconds(30);
        while (!reports.paused) {
          auto line = writer.read_line(give_up);
          if (!line) break;
          take(reports, *line);
        }
        if (writer.eof()) {
          const int status = writer.reap(std::chrono::seconds(10));
          return fail(i, "the writer " + describe_status(status) + " before it reached its pause point");
        }
        if (!reports.paused) return fail(i, "the writer did not reach its pause point within 30 s");
      }
      writer.kill();
      const int status = writer.reap(std::chrono::seconds(10));
      // Lines written before the kill are still in the pipe.
      while (auto line = writer.read_line(Clock::now() + std::chrono::seconds(5))) take(reports, *line);
      if (!writer.eof()) return fail(i, "the writer's output did not end within 5 s of its death");
      if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
        return fail(i, "the writer " + describe_status(status) + " before it was killed");
    }
    if (options_.verbose) std::cerr << trial_line(i, kill, delay_ms, reports) << '\n';
    count_kill(kill, reports);
    check(i, kill, reports);
  }

  /// "trial 3: random kill after 120 ms; ready, 571 committed (last 1014), 1015 in flight".
  std::string trial_line(int i, Kill kill, int delay_ms, const Reports& reports) const {
    std::ostringstream out;
    out << "trial " << i + 1 << ": ";
    if (kill == Kill::random) out << "random kill after " << delay_ms << " ms; ";
    if (kill == Kill::mid) out << "killed mid-transaction; ";
    if (kill == Kill::committed) out << "killed right after a commit; ";
    out << (reports.ready ? "ready, " : "killed before ready, ") << reports.committed.size() << " committed";
    if (!reports.committed.empty()) out << " (last " << reports.committed.back() << ")";
    if (reports.begun && (reports.committed.empty() || reports.committed.back() != *reports.begun))
      out << ", " << *reports.begun << " in flight";
    return out.str();
  }

  std::string aggregate_path() const { return (options_.folder / "aggregate.db").string(); }

  void count_kill(Kill kill, const Reports& reports) {
    if (kill == Kill::random) ++summary_.random_kills;
    if (kill == Kill::mid) ++summary_.mid_kills;
    if (kill == Kill::committed) ++summary_.committed_kills;
    if (reports.ready) ++summary_.ready;
    summary_.reported += reports.committed.size();
  }

  void check(int i, Kill kill, const Reports& reports) {
    std::optional<std::int64_t> in_flight;
    if (reports.begun && (reports.committed.empty() || reports.committed.back() != *reports.begun)) in_flight = reports.begun;
    std::set<std::int64_t> must_have = present_;
    must_have.insert(reports.committed.begin(), reports.committed.end());

    auto db = dorm::Database::open((options_.folder / "ledger.db").string());
    crash::migrate(db);  // as a restart does; the writer may have died before its own
    LedgerCheck result = check_ledger(db, must_have, in_flight);
    for (const std::string& problem : result.problems) note(i, problem);
    summary_.lost += result.lost;
    summary_.partial += result.partial;
    summary_.unexpected += result.unexpected;
    summary_.integrity_failures += result.integrity_failures;
    for (std::int64_t n : reports.committed) summary_.found += result.present.count(n);
    if (in_flight) {
      const bool present = result.present.count(*in_flight) > 0;
      ++(present ? summary_.in_flight_present : summary_.in_flight_absent);
      // At a chosen point the outcome is known: uncommitted must be absent, committed present.
      if (kill == Kill::mid && present) {
        ++summary_.unexpected;
        note(i, "batch " + std::to_string(*in_flight) + " was killed mid-transaction and is present");
      }
      if (kill == Kill::committed && !present) {
        ++summary_.lost;
        note(i, "batch " + std::to_string(*in_flight) + " was killed after commit() returned and is missing");
      }
    }
    present_ = std::move(result.present);
    if (options_.mirror) replay_and_compare(i, db);
  }

  /// What a restart does (mirror_pool's install on open, then a replay), then the comparison.
  void replay_and_compare(int i, dorm::Database& db) {
    dorm::MirrorOptions mirror_options;
    mirror_options.aggregate_path = aggregate_path();
    mirror_options.tables = {"batches", "entries", "accounts"};
    dorm::Mirror mirror(mirror_options);
    try {
      mirror.install(db, "acme");
      mirror.replay(db, "acme");
    } catch (const dorm::Error& e) {
      ++summary_.aggregate_mismatches;
      return note(i, std::string("the replay after the kill failed: ") + e.what());
    }
    for (const std::string& problem : compare_aggregate(db, aggregate_path(), "acme")) {
      ++summary_.aggregate_mismatches;
      note(i, problem);
    }
  }

  const TrialOptions& options_;
  std::mt19937_64 random_;
  std::set<std::int64_t> present_;  ///< batches the file held at the last check
  TrialSummary summary_;
};

}  // namespace

TrialSummary run_trials(const TrialOptions& options) { return Trials(options).run(); }

std::string describe(const TrialSummary& s, const TrialOptions& options) {
  std::ostringstream out;
  out << "crash summary (" << (options.mirror ? "mirrored" : "plain") << ", seed " << options.seed
      << "; DORM_CRASH_SEED=" << options.seed << " reruns the same schedule)\n"
      << "  trials: " << s.trials << " (" << s.random_kills << " at random moments, " << s.mid_kills
      << " mid-transaction, " << s.committed_kills << " right after commit; the writer restarted and opened the file in "
      << s.ready << ")\n"
      << "  transactions reported committed: " << s.reported << '\n'
      << "  found: " << s.found << '\n'
      << "  lost: " << s.lost << '\n'
      << "  partial: " << s.partial << '\n'
      << "  never begun but present: " << s.unexpected << '\n'
      << "  integrity failures: " << s.integrity_failures << '\n'
      << "  in flight at the kill: " << s.in_flight_present << " present entirely, " << s.in_flight_absent
      << " absent entirely\n";
  if (options.mirror) out << "  aggregate mismatches after replay: " << s.aggregate_mismatches << '\n';
  out << "  harness failures: " << s.harness_failures << '\n';
  for (const std::string& problem : s.problems) out << "  problem: " << problem << '\n';
  return out.str();
}

}  // namespace dorm_crash
