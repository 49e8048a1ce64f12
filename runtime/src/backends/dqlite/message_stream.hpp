#pragma once
// The ordered exchange of messages on one connection: write a request, read its answer. A
// query's answer can be several ROWS messages the node sends one after the other unasked, and
// dqlite 1.11 reads no other request until the last one is out; so the stream tracks the
// result being read, and before the next request reads (and drops) what is left of it.
// After a lost connection or a broken message the stream is out of step: it refuses to go on.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "backends/dqlite/messages.hpp"
#include "backends/dqlite/socket.hpp"
#include "dorm/core/milliseconds.hpp"

namespace dorm::dqlite {

/// The most bytes one message body may claim: beyond it a header is taken as garbled.
inline constexpr std::size_t max_body_size = std::size_t{1} << 31;

/// Messages on one connection, in order. Not thread-safe.
class MessageStream {
 public:
  /// Over `socket`, each wait for the node bounded by `timeout`.
  MessageStream(Socket socket, Milliseconds timeout) noexcept : socket_(std::move(socket)), timeout_(timeout) {}

  /// Sends one whole message, after reading what is left of a result not read to its end.
  void send(std::span<const std::byte> message);
  /// Reads the next message whole; throws ConnectionLost or ProtocolError (and is then broken).
  [[nodiscard]] Response receive();

  /// Marks a result of several ROWS messages as begun; returns its number, by which
  /// Rows asks whether it is still the stream's current result.
  [[nodiscard]] std::uint64_t begin_result() noexcept;
  /// Marks the current result as read to its end.
  void end_result() noexcept { result_open_ = false; }
  /// Whether result `number` is the one being read (no request was sent since it began).
  [[nodiscard]] bool is_current(std::uint64_t number) const noexcept { return result_open_ && result_ == number; }

  /// The node's address.
  [[nodiscard]] const std::string& address() const noexcept { return socket_.address(); }
  /// The bound on each wait for the node.
  [[nodiscard]] Milliseconds timeout() const noexcept { return timeout_; }

 private:
  void check_usable() const;
  void drain_result();

  Socket socket_;
  Milliseconds timeout_;
  std::uint64_t result_ = 0;
  bool result_open_ = false;
  bool broken_ = false;
};

}  // namespace dorm::dqlite
