#pragma once
// A dqlite node running inside the test process (libdqlite's node API): its own thread, a fresh
// data folder, 127.0.0.1 and a free port. Stopped and its folder removed on destruction, also
// when a test fails.
// dqlite.h declares C functions without extern "C" of its own.
extern "C" {
#include <dqlite.h>
}

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "../temp_dir.hpp"
#include "backends/dqlite/client.hpp"
#include "backends/dqlite/error.hpp"

namespace dqlite_test {

/// "127.0.0.1:<port>" with a port free right now (bound to port 0, then released).
inline std::string free_address() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t size = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) != 0) {
    throw std::runtime_error("no free port on 127.0.0.1");
  }
  ::close(fd);
  return "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
}

/// A running node. Node 1 bootstraps a cluster of its own; others wait to be added.
class InProcessNode {
 public:
  explicit InProcessNode(std::uint64_t id) : id_(id), address_(free_address()), dir_("dorm_dqlite_node") {
    // libuv (under dqlite and raft) writes to sockets without MSG_NOSIGNAL and expects its
    // process to ignore SIGPIPE: a node writing to a peer that just stopped would kill the tests.
    std::signal(SIGPIPE, SIG_IGN);
    const std::string data = dir_.path().string();
    if (dqlite_node_create(id, address_.c_str(), data.c_str(), &node_) != 0) fail("dqlite_node_create");
    if (dqlite_node_set_bind_address(node_, address_.c_str()) != 0) fail("dqlite_node_set_bind_address");
    // Loopback: elections in tens of milliseconds rather than seconds.
    if (dqlite_node_set_network_latency_ms(node_, 10) != 0) fail("dqlite_node_set_network_latency_ms");
    if (dqlite_node_start(node_) != 0) fail("dqlite_node_start");
    running_ = true;
  }
  InProcessNode(const InProcessNode&) = delete;
  InProcessNode& operator=(const InProcessNode&) = delete;
  ~InProcessNode() {
    stop();
    if (node_ != nullptr) dqlite_node_destroy(node_);
  }

  [[nodiscard]] std::uint64_t id() const noexcept { return id_; }
  [[nodiscard]] const std::string& address() const noexcept { return address_; }
  /// Stops the node: it closes its connections and listens no more.
  void stop() {
    if (running_) dqlite_node_stop(node_);
    running_ = false;
  }

 private:
  [[noreturn]] void fail(const char* call) {
    const std::string message = std::string(call) + " failed: " + (node_ != nullptr ? dqlite_node_errmsg(node_) : "");
    if (node_ != nullptr) dqlite_node_destroy(node_);
    node_ = nullptr;
    throw std::runtime_error(message);
  }

  std::uint64_t id_;
  std::string address_;
  dorm_test::TempDir dir_;
  dqlite_node* node_ = nullptr;
  bool running_ = false;
};

/// A client of `node` once the node knows a leader (polled for at most 10 s).
inline dorm::dqlite::Client client_once_led(const InProcessNode& node) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (true) {
    dorm::dqlite::Client client = dorm::dqlite::Client::connect(node.address(), dorm::Milliseconds(5000));
    if (client.leader()) return client;
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("no leader within 10 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace dqlite_test
