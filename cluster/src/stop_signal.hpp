#pragma once
// SIGTERM and SIGINT as a stop request: blocked in every thread (dqlite's and libuv's included,
// which start later and inherit the mask) and taken by one thread that sigwaits, so no work
// happens in a signal handler and any thread can ask whether a stop was requested.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace dorm_node {

/// Listens for SIGTERM and SIGINT from construction to destruction. Construct it before any
/// other thread starts.
class StopSignal {
 public:
  StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;
  ~StopSignal();

  /// The signal received (SIGTERM or SIGINT), 0 while none has come.
  [[nodiscard]] int received() const noexcept { return received_.load(); }
  /// Blocks until a stop signal comes; returns it.
  int wait();
  /// Blocks until a stop signal comes or `timeout` passes; returns the signal, or 0.
  int wait_for(std::chrono::milliseconds timeout);

 private:
  std::atomic<int> received_{0};
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::thread listener_;
};

}  // namespace dorm_node
