// dorm-serve: serves one SQLite database over HTTP (POST {prefix}/query/raw and /query, the
// StarbaseDB/Outerbase contract of docs/server.md) until SIGTERM or SIGINT, then lets the
// requests in flight finish and closes the database.
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dorm/server/server.hpp"
#include "dorm/tenancy/mirror.hpp"
#include "folder_migrations.hpp"
#include "dorm/server/token_store.hpp"

namespace {

// SIGTERM and SIGINT are blocked in every thread and taken by one waiting thread, which stops
// the server: no work happens in a signal handler.
sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dorm-serve: serves a SQLite database over HTTP, compatible with Outerbase/StarbaseDB's "
               "POST /query/raw (docs/server.md)"};
  dorm::server::ServerOptions options;
  std::string database;
  std::string pool_folder;
  std::string migrations;
  std::string mirror_into;
  std::vector<std::string> mirror_tables;
  long long statement_ms = options.limits.statement_time_limit.count();
  long long busy_ms = options.limits.busy_timeout.count();
  app.add_option("database", database,
                 "the SQLite database file to serve at {prefix}/query/raw and /query (created when missing)");
  app.add_option("--pool", pool_folder,
                 "a folder of tenant databases served at {prefix}/t/{tenant}/query/raw and /query (dorm::Pool: "
                 "created on first use)");
  app.add_option("--version-prefix", options.pool.version_prefix, "with --pool: the file name prefix (v2.acme.db)");
  app.add_option("--migrations", migrations,
                 "a migrations folder written by dorm-gen migrate, applied to every database when it is opened");
  auto* mirror_option = app.add_option("--mirror-into", mirror_into,
                                       "with --pool: copy the tenants' writes of --mirror-table tables into this "
                                       "aggregate database (dorm::Mirror; reads are never copied)");
  app.add_option("--mirror-table", mirror_tables, "a table to mirror (repeat the option for several)")
      ->needs(mirror_option)
      ->allow_extra_args(false);  // one name per option, so a DATABASE after it stays positional
  app.add_option("--address", options.address, "the address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "the TCP port (0: any free one, printed at start)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app.add_option("--prefix", options.prefix, "the routes' prefix: /db serves POST /db/query/raw");
  app.add_option("--max-body-bytes", options.limits.max_body_bytes, "largest request body (413 beyond)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-rows", options.limits.max_rows, "most rows per JSON response (400 beyond)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--statement-timeout-ms", statement_ms, "per-statement time limit, 0 for none (503 beyond)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--busy-timeout-ms", busy_ms, "how long a write waits for the lock (503 beyond)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--workers", options.limits.workers, "worker threads, one database connection each")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  std::string tokens_file;
  std::string unauthenticated;
  app.add_option("--tokens-file", tokens_file,
                 "the token file, one 'name rights secret [tenant=<name>]' per line, mode 600 (docs/server.md, "
                 "Security model); without it, the tokens in the environment variable DORM_SERVE_TOKENS");
  app.add_option("--unauthenticated", unauthenticated,
                 "serve without tokens, every request with these rights; only on a loopback address")
      ->check(CLI::IsMember({"read-only", "read-write", "admin"}));
  CLI11_PARSE(app, argc, argv);
  if (database.empty() && pool_folder.empty()) {
    std::fprintf(stderr, "dorm-serve: nothing to serve: give a DATABASE file, --pool FOLDER, or both (--help)\n");
    return 2;
  }
  if (!mirror_into.empty() && (pool_folder.empty() || mirror_tables.empty())) {
    std::fprintf(stderr, "dorm-serve: --mirror-into needs --pool and at least one --mirror-table\n");
    return 2;
  }
  // Tokens never come from the command line, where ps and shell histories show them.
  try {
    if (!tokens_file.empty()) {
      options.tokens = dorm::server::TokenStore::from_file(tokens_file);
    } else if (std::getenv("DORM_SERVE_TOKENS") != nullptr) {
      options.tokens = dorm::server::TokenStore::from_environment("DORM_SERVE_TOKENS");
    }
  } catch (const dorm::server::TokenFileError& error) {
    std::fprintf(stderr, "dorm-serve: %s\n", error.what());
    return 1;
  }
  if (!unauthenticated.empty()) options.unauthenticated = dorm::server::parse_rights(unauthenticated);
  options.database = database;
  options.pool.folder = pool_folder;
  options.limits.statement_time_limit = std::chrono::milliseconds(statement_ms);
  options.limits.busy_timeout = std::chrono::milliseconds(busy_ms);

  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so all inherit it
  try {
    std::shared_ptr<const dorm_serve::FolderMigrations> folder_migrations;
    if (!migrations.empty()) {
      folder_migrations = std::make_shared<const dorm_serve::FolderMigrations>(migrations);
      options.pool.migrate = [folder_migrations](dorm::Database& db) { folder_migrations->apply(db); };
      if (!database.empty()) {  // once, before serving; a tenant's at its first open
        auto db = dorm::Database::open(database);
        folder_migrations->apply(db);
      }
    }
    if (!mirror_into.empty()) {
      dorm::MirrorOptions mirror;
      mirror.aggregate_path = mirror_into;
      mirror.tables = mirror_tables;
      dorm::mirror_pool(options.pool, std::make_shared<dorm::Mirror>(std::move(mirror)));
    }
    dorm::server::Server server(std::move(options));
    server.bind();
    // On stdout, the one line a supervisor (or a test) reads to learn the port; the request
    // log goes to stderr.
    const std::string base = "http://" + server.options().address + ":" + std::to_string(server.port()) +
                             server.options().prefix;
    if (!database.empty()) std::printf("dorm-serve: serving %s on %s/query/raw\n", database.c_str(), base.c_str());
    if (!pool_folder.empty()) {
      std::printf("dorm-serve: serving the tenants of %s on %s/t/{tenant}/query/raw\n", pool_folder.c_str(), base.c_str());
    }
    std::fflush(stdout);
    std::thread stopper([&server, signals] {
      int received = 0;
      sigwait(&signals, &received);
      std::fprintf(stderr, "dorm-serve: %s, finishing the requests in flight\n", received == SIGTERM ? "SIGTERM" : "SIGINT");
      server.stop();
    });
    try {
      server.run();  // returns once the waiting thread's stop() has finished
    } catch (...) {
      pthread_kill(stopper.native_handle(), SIGTERM);  // wake the waiting thread so it ends
      stopper.join();
      throw;
    }
    stopper.join();
    std::fprintf(stderr, "dorm-serve: stopped\n");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "dorm-serve: %s\n", error.what());
    return 1;
  }
  return 0;
}
