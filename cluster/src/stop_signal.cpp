// sigwait on a thread of its own: see stop_signal.hpp.
#include "stop_signal.hpp"

#include <pthread.h>
#include <signal.h>

namespace dorm_node {

namespace {

sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

StopSignal::StopSignal() {
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  listener_ = std::thread([this, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    {
      std::lock_guard lock(mutex_);
      received_.store(signal);
    }
    arrived_.notify_all();
  });
}

StopSignal::~StopSignal() {
  // The listener still waits when no signal came (the program ends for another reason): one
  // sent to it ends its wait.
  if (received_.load() == 0) pthread_kill(listener_.native_handle(), SIGTERM);
  listener_.join();
}

int StopSignal::wait() {
  std::unique_lock lock(mutex_);
  arrived_.wait(lock, [this] { return received_.load() != 0; });
  return received_.load();
}

int StopSignal::wait_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  arrived_.wait_for(lock, timeout, [this] { return received_.load() != 0; });
  return received_.load();
}

}  // namespace dorm_node
