#pragma once
// The per-statement time limit: SQLite's progress handler looks at a deadline and interrupts
// the statement past it.
#include <chrono>

#include "dorm/core/connection.hpp"

namespace dorm::server {

/// Arms a time limit on `connection` while it lives. The budget counts the time spent inside
/// the engine: a stream pauses it while it waits for the client to take rows, so a slow client
/// is not a slow statement.
class StatementClock {
 public:
  /// SQLite's result code of a statement stopped by the progress handler (SQLITE_INTERRUPT).
  static constexpr int interrupted_code = 9;

  /// No limit when `limit` is zero.
  StatementClock(Connection& connection, std::chrono::milliseconds limit) : connection_(connection), limit_(limit) {
    if (limit_.count() <= 0) return;
    // About a millisecond of work between two looks at the clock, so a runaway statement stops
    // within a few ms of its limit.
    constexpr int progress_instructions = 10'000;
    connection_.on_progress(progress_instructions, [this] {
      if (std::chrono::steady_clock::now() < deadline_) return false;
      timed_out_ = true;
      return true;
    });
  }
  StatementClock(const StatementClock&) = delete;
  StatementClock& operator=(const StatementClock&) = delete;
  ~StatementClock() {
    if (limit_.count() > 0) connection_.on_progress(0, nullptr);
  }

  /// Starts the whole budget for the next statement.
  void restart() {
    timed_out_ = false;
    left_ = limit_;
    deadline_ = std::chrono::steady_clock::now() + left_;
  }
  /// Stops counting (the statement is not running).
  void pause() { left_ = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now()); }
  /// Counts again, from what the budget has left.
  void resume() { deadline_ = std::chrono::steady_clock::now() + left_; }

  /// True when the last interruption was this clock's.
  [[nodiscard]] bool timed_out() const noexcept { return timed_out_; }
  /// The limit, zero for none.
  [[nodiscard]] std::chrono::milliseconds limit() const noexcept { return limit_; }

 private:
  Connection& connection_;
  std::chrono::milliseconds limit_;
  std::chrono::milliseconds left_{};
  std::chrono::steady_clock::time_point deadline_{};
  bool timed_out_ = false;
};

}  // namespace dorm::server
