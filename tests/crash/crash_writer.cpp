// The crash harness's writer (tests/crash): a separate program, so that the test can kill it
// with SIGKILL as a real process with its own SQLite connection, page cache and WAL state.
//
//   dorm_crash_writer <database> [--mirror <aggregate>] [--pause mid|committed --pause-at <k>]
//
// It opens <database> with dorm, migrates it, and runs ledger transactions n = (largest batch
// in the file) + 1, + 2, ... until killed (or for at most 120 s). On stdout, one line per
// event, each written with one write(2) before or after the event it names, never buffered
// (a buffer would die with the process):
//   ready <n>          opened, migrated (and the mirror installed); n is the next transaction
//   begin <n>          about to open transaction n
//   commit <n>         commit() of transaction n has returned
//   paused <point> <n> stopped at the chosen point of the k-th transaction of this run:
//                      mid: after half its entries, inside the transaction;
//                      committed: commit() returned, "commit <n>" not yet written.
// When paused it waits for the test to kill it, or exits when its stdin closes (the test died).
// With --mirror it installs a dorm::Mirror on the database as source "acme" and replays into
// <aggregate> after every 4th commit, so kills also land inside replays.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <dorm/dorm.hpp>
#include <dorm/tenancy/mirror.hpp>

#include "ledger.hpp"

namespace {

void report(const std::string& line) {
  const std::string text = line + '\n';
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) std::_Exit(3);  // the test is gone
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void wait_for_kill() {
  char byte = 0;
  while (::read(STDIN_FILENO, &byte, 1) > 0) {
  }
  std::_Exit(4);
}

struct Arguments {
  std::string database;
  std::optional<std::string> aggregate;
  std::string pause;  // "", "mid" or "committed"
  std::int64_t pause_at = 0;
};

Arguments parse(int argc, char** argv) {
  if (argc < 2) throw std::invalid_argument("usage: dorm_crash_writer <database> [--mirror <aggregate>] [--pause mid|committed --pause-at <k>]");
  Arguments args;
  args.database = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("option '" + std::string(flag) + "' needs a value");
    const std::string value = argv[++i];
    if (flag == "--mirror") {
      args.aggregate = value;
    } else if (flag == "--pause" && (value == "mid" || value == "committed")) {
      args.pause = value;
    } else if (flag == "--pause-at") {
      args.pause_at = std::stoll(value);
    } else {
      throw std::invalid_argument("unknown option '" + std::string(flag) + " " + value + "'");
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Arguments args = parse(argc, argv);
    auto db = dorm::Database::open(args.database);
    crash::migrate(db);
    std::unique_ptr<dorm::Mirror> mirror;
    if (args.aggregate) {
      dorm::MirrorOptions options;
      options.aggregate_path = *args.aggregate;
      options.tables = {"batches", "entries", "accounts"};
      mirror = std::make_unique<dorm::Mirror>(options);
      mirror->install(db, "acme");
    }
    dorm_crash::ensure_account(db);
    std::int64_t n = db.query<std::int64_t>("SELECT coalesce(max(id), 0) FROM batches").front() + 1;
    report("ready " + std::to_string(n));

    const auto stop = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    for (std::int64_t k = 1; std::chrono::steady_clock::now() < stop; ++k, ++n) {
      const bool pause_here = k == args.pause_at;
      report("begin " + std::to_string(n));
      dorm_crash::write_batch(db, n, [&](std::int64_t part) {
        if (pause_here && args.pause == "mid" && part == dorm_crash::rows_of(n) / 2) {
          report("paused mid " + std::to_string(n));
          wait_for_kill();
        }
      });
      if (pause_here && args.pause == "committed") {
        report("paused committed " + std::to_string(n));
        wait_for_kill();
      }
      report("commit " + std::to_string(n));
      if (mirror && k % 4 == 0) mirror->replay(db, "acme");
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dorm_crash_writer: " << e.what() << '\n';
    return 1;
  }
}
