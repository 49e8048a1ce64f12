// dorm_bench_serve DATABASE [--port N]: serves DATABASE like dorm-serve (POST /query/raw and
// /query, tokens from the environment variable DORM_SERVE_TOKENS, default limits) plus the typed
// REST routes of table users (GET /api/users/{id}, ...), until SIGTERM or SIGINT. The table is
// the one bench/server_throughput.sh creates through /query/raw; users.json describes it.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include <dorm/server/rest_routes.hpp>
#include <dorm/server/server.hpp>
#include <dorm/server/token_store.hpp>

#include "bench_serve/models.hpp"

namespace {

int usage() {
  std::fprintf(stderr, "usage: dorm_bench_serve DATABASE [--port N] (tokens in DORM_SERVE_TOKENS)\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  dorm::server::ServerOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--port" && i + 1 < argc) {
      options.port = std::atoi(argv[++i]);
    } else if (!arg.starts_with("-") && options.database.empty()) {
      options.database = arg;
    } else {
      return usage();
    }
  }
  if (options.database.empty()) return usage();
  // As dorm-serve: SIGTERM and SIGINT blocked in every thread (the workers inherit the mask),
  // taken by this one once the server serves.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    options.tokens = dorm::server::TokenStore::from_environment("DORM_SERVE_TOKENS");
    dorm::server::Server server(options);
    dorm::server::add_rest_routes<bench_serve::User>(server);
    server.start();
    std::fprintf(stderr, "dorm_bench_serve: serving %s on %s:%d (query/raw, api/users)\n",
                 options.database.c_str(), options.address.c_str(), server.port());
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "dorm_bench_serve: %s\n", error.what());
    return 1;
  }
  return 0;
}
