// A dorm-node child process: see node_process.hpp.
#include "node_process.hpp"

#include <signal.h>

#include <utility>

namespace dorm_cluster_test {

NodeProcess::NodeProcess(std::string program, NodeSpec spec) : program_(std::move(program)), spec_(std::move(spec)) {}

std::vector<std::string> NodeProcess::arguments() const {
  std::vector<std::string> args{"start", "--id", std::to_string(spec_.id), "--address", spec_.address,
                                "--data", spec_.data_dir.string()};
  if (!spec_.join.empty()) {
    std::string list;
    for (const std::string& address : spec_.join) list += (list.empty() ? "" : ",") + address;
    args.insert(args.end(), {"--join", list});
    if (!spec_.role.empty()) args.insert(args.end(), {"--role", spec_.role});
  }
  if (spec_.network_latency_ms != 0) {
    args.insert(args.end(), {"--network-latency-ms", std::to_string(spec_.network_latency_ms)});
  }
  return args;
}

void NodeProcess::start(std::chrono::milliseconds timeout) {
  if (running_) throw std::logic_error("node " + std::to_string(spec_.id) + " is already running");
  child_.reset();
  child_.emplace(program_, arguments());
  running_ = true;
  const auto deadline = dorm_crash::ChildProcess::Clock::now() + timeout;
  while (auto line = child_->read_line(deadline)) {
    if (line->find(" started, ") != std::string::npos) {
      started_line_ = *line;
      return;
    }
  }
  const bool ended = child_->eof();
  kill();
  const std::string which = "dorm-node " + std::to_string(spec_.id) + " at " + spec_.address;
  if (ended) throw NodeStartError(which + " ended before it started: " + dorm_crash::describe_status(child_->reap(timeout)));
  throw std::runtime_error(which + " did not start within " + std::to_string(timeout.count()) + " ms");
}

std::optional<std::string> NodeProcess::wait_for_line(const std::string& text, std::chrono::milliseconds timeout) {
  if (!child_ || !running_) return std::nullopt;
  const auto deadline = dorm_crash::ChildProcess::Clock::now() + timeout;
  while (auto line = child_->read_line(deadline)) {
    if (line->find(text) != std::string::npos) return line;
  }
  return std::nullopt;
}

void NodeProcess::kill() {
  if (!child_) return;
  child_->kill();
  child_->reap(std::chrono::seconds(10));
  running_ = false;
}

int NodeProcess::stop(std::chrono::milliseconds timeout, int signal) {
  if (!child_) throw std::logic_error("node " + std::to_string(spec_.id) + " was never started");
  if (running_) ::kill(child_->pid(), signal);
  const int status = child_->reap(timeout);
  running_ = false;
  return status;
}

}  // namespace dorm_cluster_test
