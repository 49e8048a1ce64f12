// The TCP side of the dqlite client (runtime/src/backends/dqlite/socket.hpp): node addresses,
// connects that fail fast and clearly, and a peer that is no dqlite node.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "backends/dqlite/client.hpp"
#include "backends/dqlite/error.hpp"
#include "backends/dqlite/socket.hpp"

using dorm::Milliseconds;

namespace {

// A listener on 127.0.0.1 that accepts one connection, answers `reply`, and closes it.
class FakePeer {
 public:
  explicit FakePeer(std::string reply) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 1) == 0);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size) == 0);
    address_ = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    thread_ = std::thread([this, reply = std::move(reply)] {
      const int peer = ::accept(fd_, nullptr, nullptr);
      if (peer < 0) return;
      char request[64];
      (void)::recv(peer, request, sizeof request, 0);
      (void)::send(peer, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(peer);
    });
  }
  FakePeer(const FakePeer&) = delete;
  FakePeer& operator=(const FakePeer&) = delete;
  ~FakePeer() {
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  [[nodiscard]] const std::string& address() const noexcept { return address_; }

 private:
  int fd_ = -1;
  std::string address_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("node addresses are host:port, an IPv6 host in brackets", "[dqlite][socket]") {
  const auto v4 = dorm::dqlite::split_address("127.0.0.1:9001");
  CHECK(v4.host == "127.0.0.1");
  CHECK(v4.port == "9001");
  const auto v6 = dorm::dqlite::split_address("[::1]:9002");
  CHECK(v6.host == "::1");
  CHECK(v6.port == "9002");
  CHECK(dorm::dqlite::split_address("node-a.internal:9001").host == "node-a.internal");
}

TEST_CASE("an address without a port, with a bad port or an unbracketed IPv6 host is refused", "[dqlite][socket]") {
  CHECK_THROWS_WITH(dorm::dqlite::split_address("localhost"), Catch::Contains("no ':port'"));
  CHECK_THROWS_WITH(dorm::dqlite::split_address("localhost:0"), Catch::Contains("from 1 to 65535"));
  CHECK_THROWS_WITH(dorm::dqlite::split_address("localhost:70000"), Catch::Contains("from 1 to 65535"));
  CHECK_THROWS_WITH(dorm::dqlite::split_address("localhost:9x"), Catch::Contains("from 1 to 65535"));
  CHECK_THROWS_WITH(dorm::dqlite::split_address("::1:9001"), Catch::Contains("in brackets"));
  CHECK_THROWS_WITH(dorm::dqlite::split_address(":9001"), Catch::Contains("no host"));
  CHECK_THROWS_WITH(dorm::dqlite::split_address("[::1]9001"), Catch::Contains("no ':port' after ']'"));
}

TEST_CASE("connecting to a port nobody listens on is ConnectionLost naming the address", "[dqlite][socket]") {
  std::string address;
  {
    FakePeer closed_soon("");
    address = closed_soon.address();
  }
  CHECK_THROWS_MATCHES(dorm::dqlite::Client::connect(address, Milliseconds(1000)), dorm::dqlite::ConnectionLost,
                       Catch::Message("[dorm.dqlite.connection_lost] " + address + ": connect: Connection refused"));
}

TEST_CASE("a peer that closes without answering the handshake is ConnectionLost", "[dqlite][socket]") {
  FakePeer peer("");
  // Closed (or reset, when the request was not read whole): either way the connection is lost.
  CHECK_THROWS_AS(dorm::dqlite::Client::connect(peer.address(), Milliseconds(2000)), dorm::dqlite::ConnectionLost);
}

TEST_CASE("a peer answering with a truncated message is ConnectionLost", "[dqlite][socket]") {
  // A WELCOME header announcing one word of body, then only 3 bytes of it.
  FakePeer peer(std::string("\x01\x00\x00\x00\x02\x00\x00\x00\x01\x02\x03", 11));
  CHECK_THROWS_AS(dorm::dqlite::Client::connect(peer.address(), Milliseconds(2000)), dorm::dqlite::ConnectionLost);
}

TEST_CASE("a peer answering another message than WELCOME is a protocol error", "[dqlite][socket]") {
  // A RESULT of two zero words where the handshake expects WELCOME.
  FakePeer peer(std::string("\x02\x00\x00\x00\x06\x00\x00\x00", 8) + std::string(16, '\0'));
  CHECK_THROWS_MATCHES(dorm::dqlite::Client::connect(peer.address(), Milliseconds(2000)), dorm::dqlite::ProtocolError,
                       Catch::Message("[dorm.dqlite.protocol] expected a WELCOME response but the node sent RESULT"));
}

TEST_CASE("a peer whose header claims a body beyond the limit is refused without reading it", "[dqlite][socket]") {
  FakePeer peer(std::string("\xff\xff\xff\xff\x02\x00\x00\x00", 8));
  CHECK_THROWS_WITH(dorm::dqlite::Client::connect(peer.address(), Milliseconds(2000)),
                    Catch::Contains("a header claims a body of 34359738360 bytes"));
}
