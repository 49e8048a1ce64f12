#include "backends/dqlite/message_stream.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "backends/dqlite/error.hpp"
#include "backends/dqlite/protocol.hpp"
#include "backends/dqlite/row_batch.hpp"
#include "backends/dqlite/wire.hpp"

namespace dorm::dqlite {

namespace {

// Grows the body as its bytes arrive rather than trusting the header's length up front, so a
// garbled length costs no more memory than the bytes actually sent.
constexpr std::size_t receive_chunk = std::size_t{1} << 20;

}  // namespace

void MessageStream::check_usable() const {
  if (broken_) {
    throw ConnectionLost("[dorm.dqlite.connection_lost] " + address() +
                         ": the connection failed earlier (a lost connection or a broken message); open a new one");
  }
}

std::uint64_t MessageStream::begin_result() noexcept {
  result_open_ = true;
  return ++result_;
}

void MessageStream::drain_result() {
  // The rest of an abandoned result: ROWS messages up to the one closing with DONE (or a
  // FAILURE, which also ends a result).
  while (result_open_) {
    const Response response = receive();
    if (response.type != ResponseType::rows || is_last_batch(response.body)) result_open_ = false;
  }
}

void MessageStream::send(std::span<const std::byte> message) {
  check_usable();
  try {
    drain_result();
    socket_.send_all(message, timeout_);
  } catch (...) {
    broken_ = true;
    socket_.close();
    throw;
  }
}

Response MessageStream::receive() {
  check_usable();
  try {
    std::array<std::byte, header_size> header_bytes{};
    socket_.receive_exact(header_bytes, timeout_, "reading a response");
    const Header header = decode_header(header_bytes);
    if (header.body_size() > max_body_size) {
      throw_protocol_error("garbled message: a header claims a body of " + std::to_string(header.body_size()) +
                           " bytes, more than " + std::to_string(max_body_size));
    }
    Response response;
    response.type = static_cast<ResponseType>(header.type);
    std::size_t got = 0;
    while (got < header.body_size()) {
      const std::size_t step = std::min(receive_chunk, header.body_size() - got);
      response.body.resize(got + step);
      socket_.receive_exact(std::span<std::byte>(response.body).subspan(got, step), timeout_, "reading a response");
      got += step;
    }
    return response;
  } catch (...) {
    broken_ = true;
    socket_.close();
    throw;
  }
}

}  // namespace dorm::dqlite
