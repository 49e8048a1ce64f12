#pragma once
// A TCP connection to one dqlite node: connect with a deadline, then send and receive whole
// byte ranges, each wait bounded by the timeout given. Non-blocking underneath (poll), so a
// silent or vanished peer ends in ConnectionLost instead of a hang; TCP_NODELAY, because every
// request is small and waits for its answer.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "dorm/core/milliseconds.hpp"

namespace dorm::dqlite {

/// The host and port of "host:port", "[v6 address]:port"; throws dorm::Error
/// [dorm.dqlite.address] for another form.
struct HostPort {
  std::string host;
  std::string port;
};
[[nodiscard]] HostPort split_address(std::string_view address);

/// One TCP connection. Movable, not copyable; closed on destruction.
class Socket {
 public:
  /// Connects to `address` ("host:port") within `timeout`; throws ConnectionLost naming the
  /// address and the reason (refused, unreachable, timed out, unknown host).
  [[nodiscard]] static Socket connect(std::string_view address, Milliseconds timeout);

  Socket(Socket&& other) noexcept;
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();

  /// Sends all of `bytes`, waiting at most `timeout` at a time; throws ConnectionLost.
  void send_all(std::span<const std::byte> bytes, Milliseconds timeout);
  /// Fills all of `into`, waiting at most `timeout` at a time; throws ConnectionLost when the
  /// peer closes, fails or stays silent longer. `what` names what is being read.
  void receive_exact(std::span<std::byte> into, Milliseconds timeout, std::string_view what);
  /// The address connected to.
  [[nodiscard]] const std::string& address() const noexcept { return address_; }
  /// Closes the connection now (the peer sees end of stream).
  void close() noexcept;

 private:
  Socket(int fd, std::string address) noexcept : fd_(fd), address_(std::move(address)) {}
  void wait(short events, Milliseconds timeout, std::string_view what);

  int fd_ = -1;
  std::string address_;
};

}  // namespace dorm::dqlite
