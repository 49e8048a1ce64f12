#pragma once
// dorm::server::Server: the HTTP data server of dorm-serve, embeddable in a program. Serves
// POST {prefix}/query/raw and POST {prefix}/query on one database, and
// {prefix}/t/{tenant}/query/raw and /query on the databases of a pool folder (docs/server.md).
#include <memory>

#include "dorm/server/server_options.hpp"

namespace dorm::server {

struct ServerState;  // the HTTP server, its connections and options (server.cpp)
class RestTable;     // the typed routes of one table (dorm/server/rest_table.hpp)

/// An HTTP server for one database, a pool of tenant databases, or both. Build it, then start() it (in the background) or run() it
/// (in the calling thread); stop() lets the requests in flight finish, refuses new ones and
/// closes the database connections. Not copyable, not movable.
class Server {
 public:
  /// Checks `options` (HttpError-free: throws std::invalid_argument naming the bad option) and
  /// opens the database once, so a file that cannot be opened fails here rather than per request.
  explicit Server(ServerOptions options);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  /// Stops the server if it runs and waits for it.
  ~Server();

  /// Binds the address and port; throws std::runtime_error when it cannot. After it, port()
  /// is the real port (also when options.port was 0).
  void bind();
  /// Binds (unless bound) and serves until stop() (from another thread, or a signal-waiting
  /// one) has finished.
  void run();
  /// Binds (unless bound) and serves in a background thread; returns once requests are accepted.
  void start();
  /// Stops accepting, lets the requests in flight finish, then closes every connection. Safe to
  /// call from any thread (not from a request handler), more than once; returns once all that
  /// is done, and run() returns then too.
  void stop();

  /// Serves the typed REST routes of `table` (see add_rest_routes() in
  /// dorm/server/rest_routes.hpp). Call before bind(), start() or run() (std::logic_error
  /// after); a table added twice is a std::invalid_argument.
  void add_rest_table(std::shared_ptr<const RestTable> table);

  /// The port the server listens on (after bind(), start() or run()).
  [[nodiscard]] int port() const noexcept;
  /// The options the server was built with.
  [[nodiscard]] const ServerOptions& options() const noexcept;

 private:
  std::unique_ptr<ServerState> state_;
};

}  // namespace dorm::server
