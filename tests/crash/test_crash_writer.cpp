// The crash writer program (crash_writer.cpp), run as the trials run it: its reports, its
// restart on the same file, its refusal of bad arguments.
#include <sys/wait.h>

#include <chrono>
#include <string>

#include <catch2/catch.hpp>
#include <dorm/dorm.hpp>

#include "../temp_dir.hpp"
#include "child_process.hpp"
#include "ledger_check.hpp"

using dorm_crash::ChildProcess;
using namespace std::chrono_literals;

namespace {

/// Starts the writer on `file`, pausing right after the commit of its `k`-th transaction, and
/// returns the lines it wrote up to the pause; kills it.
std::vector<std::string> run_until_pause(const std::string& file, int k) {
  ChildProcess writer(DORM_CRASH_WRITER, {file, "--pause", "committed", "--pause-at", std::to_string(k)});
  std::vector<std::string> lines;
  while (auto line = writer.read_line(ChildProcess::Clock::now() + 30s)) {
    lines.push_back(*line);
    if (line->rfind("paused", 0) == 0) break;
  }
  writer.kill();
  writer.reap(10s);
  return lines;
}

}  // namespace

TEST_CASE("The writer reports each transaction around its commit and continues after the largest batch on restart",
          "[crash]") {
  dorm_test::TempDir dir("dorm_crash_writer");
  const std::string file = dir.file("ledger.db");
  CHECK(run_until_pause(file, 2) ==
        std::vector<std::string>{"ready 1", "begin 1", "commit 1", "begin 2", "paused committed 2"});
  CHECK(run_until_pause(file, 1) == std::vector<std::string>{"ready 3", "begin 3", "paused committed 3"});
  auto db = dorm::Database::open(file);
  const auto check = dorm_crash::check_ledger(db, {1, 2, 3}, std::nullopt);
  CHECK(check.sound());
  CHECK(check.present == std::set<std::int64_t>{1, 2, 3});
}

TEST_CASE("The writer refuses an unknown option and exits with status 1", "[crash]") {
  dorm_test::TempDir dir("dorm_crash_writer");
  ChildProcess writer(DORM_CRASH_WRITER, {dir.file("ledger.db"), "--pace", "fast"});
  CHECK_FALSE(writer.read_line(ChildProcess::Clock::now() + 30s).has_value());
  CHECK(dorm_crash::describe_status(writer.reap(10s)) == "exited with status 1");
}
