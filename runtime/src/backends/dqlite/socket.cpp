#include "backends/dqlite/socket.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

#include "backends/dqlite/error.hpp"

namespace dorm::dqlite {

namespace {

[[noreturn]] void lost(std::string_view address, std::string_view what, std::string_view reason) {
  throw ConnectionLost("[dorm.dqlite.connection_lost] " + std::string(address) + ": " + std::string(what) + ": " +
                       std::string(reason));
}

int poll_timeout(Milliseconds timeout) {
  const std::int64_t ms = timeout.count();
  return ms <= 0 ? 0 : ms > 0x7fffffff ? 0x7fffffff : static_cast<int>(ms);
}

struct AddrinfoDeleter {
  void operator()(addrinfo* info) const noexcept { freeaddrinfo(info); }
};

// Connects a fresh non-blocking socket to `target` within `timeout`; -1 with errno set on failure.
int connect_one(const addrinfo& target, Milliseconds timeout) {
  const int fd = ::socket(target.ai_family, target.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, target.ai_protocol);
  if (fd < 0) return -1;
  if (::connect(fd, target.ai_addr, target.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      const int error = errno;
      ::close(fd);
      errno = error;
      return -1;
    }
    pollfd p{fd, POLLOUT, 0};
    int ready = 0;
    do {
      ready = ::poll(&p, 1, poll_timeout(timeout));
    } while (ready < 0 && errno == EINTR);
    int error = ETIMEDOUT;
    if (ready > 0) {
      socklen_t size = sizeof error;
      if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) error = errno;
    }
    if (error != 0) {
      ::close(fd);
      errno = error;
      return -1;
    }
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

}  // namespace

HostPort split_address(std::string_view address) {
  const auto bad = [&](std::string_view why) {
    throw Error("[dorm.dqlite.address] '" + std::string(address) + "' is not a node address (host:port): " +
                std::string(why));
  };
  std::string_view host;
  std::string_view rest;
  if (!address.empty() && address.front() == '[') {
    const std::size_t close = address.find(']');
    if (close == std::string_view::npos) bad("no ']' after the IPv6 address");
    host = address.substr(1, close - 1);
    rest = address.substr(close + 1);
    if (rest.empty() || rest.front() != ':') bad("no ':port' after ']'");
    rest.remove_prefix(1);
  } else {
    const std::size_t colon = address.rfind(':');
    if (colon == std::string_view::npos) bad("no ':port'");
    host = address.substr(0, colon);
    rest = address.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) bad("an IPv6 address goes in brackets: [::1]:9001");
  }
  if (host.empty()) bad("no host");
  if (rest.empty() || rest.size() > 5 || rest.find_first_not_of("0123456789") != std::string_view::npos ||
      std::stoi(std::string(rest)) == 0 || std::stoi(std::string(rest)) > 65535) {
    bad("the port is not a number from 1 to 65535");
  }
  return {std::string(host), std::string(rest)};
}

Socket Socket::connect(std::string_view address, Milliseconds timeout) {
  const HostPort target = split_address(address);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(target.host.c_str(), target.port.c_str(), &hints, &found); rc != 0) {
    lost(address, "connect", ::gai_strerror(rc));
  }
  const std::unique_ptr<addrinfo, AddrinfoDeleter> owned(found);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout.count());
  int error = ECONNREFUSED;
  for (const addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      error = ETIMEDOUT;
      break;
    }
    const int fd = connect_one(*candidate, Milliseconds(left.count()));
    if (fd >= 0) return Socket(fd, std::string(address));
    error = errno;
  }
  lost(address, "connect", error == ETIMEDOUT ? "no answer within " + std::to_string(timeout.count()) + " ms"
                                              : std::string(std::strerror(error)));
}

Socket::Socket(Socket&& other) noexcept : fd_(other.fd_), address_(std::move(other.address_)) { other.fd_ = -1; }

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    address_ = std::move(other.address_);
    other.fd_ = -1;
  }
  return *this;
}

Socket::~Socket() { close(); }

void Socket::close() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Socket::wait(short events, Milliseconds timeout, std::string_view what) {
  if (fd_ < 0) lost(address_, what, "the connection is closed");
  pollfd p{fd_, events, 0};
  int ready = 0;
  do {
    ready = ::poll(&p, 1, poll_timeout(timeout));
  } while (ready < 0 && errno == EINTR);
  if (ready < 0) lost(address_, what, std::strerror(errno));
  if (ready == 0) lost(address_, what, "no answer within " + std::to_string(timeout.count()) + " ms");
}

void Socket::send_all(std::span<const std::byte> bytes, Milliseconds timeout) {
  while (!bytes.empty()) {
    wait(POLLOUT, timeout, "sending a request");
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      lost(address_, "sending a request", std::strerror(errno));
    }
    bytes = bytes.subspan(static_cast<std::size_t>(sent));
  }
}

void Socket::receive_exact(std::span<std::byte> into, Milliseconds timeout, std::string_view what) {
  while (!into.empty()) {
    wait(POLLIN, timeout, what);
    const ssize_t got = ::recv(fd_, into.data(), into.size(), 0);
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      lost(address_, what, std::strerror(errno));
    }
    if (got == 0) lost(address_, what, "the node closed the connection");
    into = into.subspan(static_cast<std::size_t>(got));
  }
}

}  // namespace dorm::dqlite
