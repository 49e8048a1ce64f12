// ChildProcess (child_process.hpp): fork + exec, the child's lines, bounded waits, SIGKILL.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <string>

#include <catch2/catch.hpp>

#include "child_process.hpp"

using dorm_crash::ChildProcess;
using namespace std::chrono_literals;

namespace {
ChildProcess::Clock::time_point in(std::chrono::milliseconds ms) { return ChildProcess::Clock::now() + ms; }
}  // namespace

TEST_CASE("A child's lines come back in order, then its end", "[crash]") {
  ChildProcess child("/bin/sh", {"-c", "echo one; echo two; printf cut"});
  CHECK(child.read_line(in(10s)) == "one");
  CHECK(child.read_line(in(10s)) == "two");
  // A last line without its newline is what a kill cuts in half: it is not a line.
  CHECK_FALSE(child.read_line(in(10s)).has_value());
  CHECK(child.eof());
  CHECK(dorm_crash::describe_status(child.reap(10s)) == "exited with status 0");
}

TEST_CASE("A silent child makes read_line return at the deadline, and is killed and reaped", "[crash]") {
  ChildProcess child("/bin/sh", {"-c", "exec sleep 30"});
  const auto start = ChildProcess::Clock::now();
  CHECK_FALSE(child.read_line(in(50ms)).has_value());
  CHECK_FALSE(child.eof());
  CHECK(ChildProcess::Clock::now() - start >= 50ms);
  child.kill();
  const int status = child.reap(10s);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  CHECK(dorm_crash::describe_status(status) == "killed by signal 9");
}

TEST_CASE("A program that cannot be executed ends with status 127", "[crash]") {
  ChildProcess child("/nonexistent/dorm_crash_writer", {});
  CHECK_FALSE(child.read_line(in(10s)).has_value());
  CHECK(child.eof());
  CHECK(dorm_crash::describe_status(child.reap(10s)) == "exited with status 127");
}

TEST_CASE("Reaping a child that does not end in time is an error naming it", "[crash]") {
  ChildProcess child("/bin/sh", {"-c", "exec sleep 30"});
  CHECK_THROWS_WITH(child.reap(20ms), Catch::Contains("child " + std::to_string(child.pid()) + " did not end within 20 ms"));
  // The destructor still kills and reaps it.
}
