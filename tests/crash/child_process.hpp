#pragma once
// A child process for the crash harness (tests/crash): fork + exec of a program whose stdout
// comes back to the test line by line, which the test can SIGKILL at any moment. Every wait is
// bounded, and the destructor kills and reaps a child still running, so no test leaves one.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace dorm_crash {

/// A running program; its stdout is a pipe to the test, its stdin a pipe the test holds open
/// (closed when the ChildProcess goes, so a child waiting on it learns the test is gone), its
/// stderr the test's.
class ChildProcess {
 public:
  using Clock = std::chrono::steady_clock;

  /// Starts `program` with `args` (argv[1]...). Throws std::system_error when a pipe or fork
  /// fails; a program that cannot be executed exits with status 127 after saying why on stderr.
  ChildProcess(const std::string& program, const std::vector<std::string>& args);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  /// Kills (SIGKILL) and reaps the child if it has not been reaped yet.
  ~ChildProcess();

  /// The next line the child wrote (without '\n'), or nullopt when `deadline` passed first or
  /// the child closed its stdout (eof() tells which).
  std::optional<std::string> read_line(Clock::time_point deadline);
  /// True once the child's stdout is closed and every line of it has been read.
  [[nodiscard]] bool eof() const noexcept { return eof_ && buffer_.empty(); }

  /// Sends SIGKILL (nothing if already reaped).
  void kill();
  /// Waits for the child to end, at most `timeout`, and returns its wait status (as waitpid
  /// gives it). Throws std::runtime_error naming the pid when it does not end in time.
  int reap(std::chrono::milliseconds timeout);

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;  ///< read end of the child's stdout
  int in_fd_ = -1;   ///< write end of the child's stdin
  bool reaped_ = false;
  bool eof_ = false;
  int status_ = 0;
  std::string buffer_;
};

/// "exited with status 1", "killed by signal 9": a wait status in words, for messages.
std::string describe_status(int status);

}  // namespace dorm_crash
