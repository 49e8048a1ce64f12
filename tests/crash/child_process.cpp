// fork + exec with bounded waits: see child_process.hpp.
#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace dorm_crash {

namespace {

void make_pipe(int fds[2]) {
  // O_CLOEXEC: no other child the test starts inherits these ends (a stray copy of the write
  // end would keep the test from ever seeing end of file).
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args) {
  int out[2];
  int in[2];
  make_pipe(out);
  try {
    make_pipe(in);
  } catch (...) {
    ::close(out[0]);
    ::close(out[1]);
    throw;
  }
  // argv is built before fork: between fork and exec only async-signal-safe calls are allowed.
  std::vector<std::string> strings;
  strings.push_back(program);
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) {
    const int error = errno;
    for (int fd : {out[0], out[1], in[0], in[1]}) ::close(fd);
    throw std::system_error(error, std::generic_category(), "fork");
  }
  if (pid_ == 0) {
    // dup2 clears O_CLOEXEC on the copies, so exactly stdin and stdout survive the exec.
    if (::dup2(in[0], STDIN_FILENO) < 0 || ::dup2(out[1], STDOUT_FILENO) < 0) ::_exit(127);
    ::execv(program.c_str(), argv.data());
    const char* reason = std::strerror(errno);  // not async-signal-safe in theory; the child exits anyway
    (void)!::write(STDERR_FILENO, "cannot execute ", 15);
    (void)!::write(STDERR_FILENO, program.c_str(), program.size());
    (void)!::write(STDERR_FILENO, ": ", 2);
    (void)!::write(STDERR_FILENO, reason, std::strlen(reason));
    (void)!::write(STDERR_FILENO, "\n", 1);
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(in[0]);
  // A test that sleeps until its kill moment instead of reading (trials.cpp) needs room for
  // what the child writes meanwhile: 1 MiB (Linux's default limit for an unprivileged
  // process) instead of 64 KiB. Best effort: a smaller pipe only makes the child wait.
  (void)::fcntl(out[0], F_SETPIPE_SZ, 1 << 20);
  out_fd_ = out[0];
  in_fd_ = in[1];
}

ChildProcess::~ChildProcess() {
  if (!reaped_) {
    kill();
    try {
      reap(std::chrono::seconds(10));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "crash harness: %s\n", e.what());
    }
  }
  ::close(out_fd_);
  ::close(in_fd_);
}

std::optional<std::string> ChildProcess::read_line(Clock::time_point deadline) {
  for (;;) {
    const auto newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    if (eof_) {
      buffer_.clear();  // a last line without '\n' was cut by the kill: not a report
      return std::nullopt;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() < 0) return std::nullopt;
    pollfd fd{out_fd_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
    if (ready <= 0) continue;  // timeout or EINTR: the deadline check above decides
    char chunk[4096];
    const ssize_t n = ::read(out_fd_, chunk, sizeof chunk);
    if (n < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "read");
    if (n == 0) eof_ = true;
    if (n > 0) buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

void ChildProcess::kill() {
  if (!reaped_) ::kill(pid_, SIGKILL);
}

int ChildProcess::reap(std::chrono::milliseconds timeout) {
  if (reaped_) return status_;
  const auto deadline = Clock::now() + timeout;
  auto pause = std::chrono::microseconds(100);
  for (;;) {
    const pid_t done = ::waitpid(pid_, &status_, WNOHANG);
    if (done == pid_) {
      reaped_ = true;
      return status_;
    }
    if (done < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
    if (Clock::now() >= deadline)
      throw std::runtime_error("child " + std::to_string(pid_) + " did not end within " +
                               std::to_string(timeout.count()) + " ms");
    // A killed process ends within microseconds to milliseconds: poll often, then less often.
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(10)) pause *= 2;
  }
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended with wait status " + std::to_string(status);
}

}  // namespace dorm_crash
