#include "dorm/server/server.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/tenancy/pool.hpp"
#include "database_slots.hpp"
#include "rest_routes.hpp"
#include "explorer_routes.hpp"
#include "ndjson_stream.hpp"
#include "request_database.hpp"
#include "dorm/server/http_error.hpp"
#include "dorm/server/query_request.hpp"
#include "dorm/server/query_runner.hpp"
#include "dorm/server/request_auth.hpp"
#include "dorm/server/response_json.hpp"
#include "dorm/server/rest_table.hpp"

namespace dorm::server {

void ServerOptions::default_log(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
}

namespace {

void check_prefix(const std::string& prefix) {
  if (prefix.empty()) return;
  const bool shape = prefix.front() == '/' && prefix.back() != '/' &&
                     prefix.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/") ==
                         std::string::npos &&
                     prefix.find("//") == std::string::npos;
  if (!shape) {
    throw std::invalid_argument("prefix '" + prefix + "' must be empty or start with '/', hold only letters, digits, "
                                "'_', '.', '-' and '/', and not end with '/' (e.g. \"/db\")");
  }
}

}  // namespace

struct ServerState {
  explicit ServerState(ServerOptions server_options)
      : options(std::move(server_options)), slots(options.database.string(), open_options(options.limits)) {
    if (!options.pool.folder.empty()) {
      PoolOptions pool_options = options.pool;
      pool_options.open.busy_timeout = Milliseconds(options.limits.busy_timeout.count());
      pool = std::make_unique<Pool>(std::move(pool_options));
    }
  }

  static OpenOptions open_options(const ServerLimits& limits) {
    OpenOptions open;
    open.busy_timeout = Milliseconds(limits.busy_timeout.count());
    return open;
  }

  ServerOptions options;
  DatabaseSlots slots;        // the single database (options.database), when there is one
  std::unique_ptr<Pool> pool;  // the tenants' databases (options.pool.folder), when there are
  httplib::Server http;
  std::thread thread;  // start()'s
  int port = -1;
  bool bound = false;
  std::mutex mutex;  // guards bound, stopped, closed and the thread's start and join
  std::condition_variable done;  // closed became true
  bool stopped = false;
  bool closed = false;  // stopped, the workers finished and the databases are closed
  std::vector<std::string> rest_tables;  // the tables add_rest_table() serves

  /// Closes every database connection; only once no worker runs.
  void close_databases() {
    slots.close_all();
    pool.reset();
  }
};

namespace {

// One line per request: method, path, status, rows, duration. Never the body (SQL, values)
// nor a header (tokens).
void log_request(const ServerOptions& options, const std::string& method, const std::string& path, int status,
                 std::int64_t rows, std::chrono::steady_clock::time_point started) {
  if (!options.log) return;
  const auto took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.2f", took.count());
  options.log(method + " " + path + " " + std::to_string(status) + " rows=" + std::to_string(rows) + " " + duration +
              "ms");
}

// The JSON text of a response body. TEXT values need not be valid UTF-8 in SQLite; JSON must
// be, so a bad byte becomes U+FFFD rather than failing the response.
std::string json_text(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void send_error(httplib::Response& response, const HttpError& error) {
  response.status = error.status();
  if (error.status() == 401) response.set_header("WWW-Authenticate", std::string(www_authenticate));
  response.set_content(json_text(error_json(error.what(), error.statement())), "application/json");
}

// What answer_query did: the rows it answered, or that a stream answers them (and logs itself).
struct Answered {
  std::int64_t rows = 0;
  bool streaming = false;
};

// The request pipeline of POST {prefix}/query/raw (`raw`) and /query, and of their tenant
// routes {prefix}/t/{tenant}/...: answers `response`. Throws HttpError for every refusal.
Answered answer_query(ServerState& state, const httplib::Request& request, httplib::Response& response, bool raw,
                      const std::string* tenant, std::chrono::steady_clock::time_point started) {
  // 401 before anything else is looked at: a client without a token learns nothing more.
  const Token token = request_token(state.options, request.get_header_value("Authorization"));
  // A token bound to a tenant reaches that tenant's route only, before any database is opened
  // or created for the name the path holds.
  if (auto refusal = tenant_refusal(token, tenant != nullptr ? std::optional<std::string_view>(*tenant) : std::nullopt))
    throw HttpError(403, "refused: " + *refusal);
  const std::string content_type = request.get_header_value("Content-Type");
  if (content_type.find("application/json") == std::string::npos) {
    throw HttpError(400, "Content-Type must be application/json (it is '" + content_type + "')");
  }
  const QueryRequest query = parse_query_request(request.body);
  const bool ndjson = request.get_header_value("Accept").find("application/x-ndjson") != std::string::npos;
  if (ndjson && query.transaction) {
    throw HttpError(400, "Accept: application/x-ndjson streams one statement; send a \"transaction\" as JSON");
  }
  // The token's rights, for this request: what they refuse fails as AuthorizationError (403).
  auto database = std::make_unique<RequestDatabase>(state.slots, state.pool.get(), tenant, token.rights);
  if (ndjson) {
    auto stream = std::make_shared<NdjsonStream>(std::move(database), query.statements.front(),
                                                 state.options.limits.statement_time_limit);
    response.status = 200;
    // httplib calls the provider in this worker thread after the handler returns; the stream
    // (and its connection) lives as long as the response, in this thread too.
    response.set_chunked_content_provider(
        "application/x-ndjson",
        [&state, stream, method = request.method, path = request.path, started](std::size_t, httplib::DataSink& sink) {
          const std::int64_t rows = stream->write_all([&sink](std::string_view chunk) {
            return chunk.empty() || sink.write(chunk.data(), chunk.size());
          });
          // Before done(), which ends the response: the line is written when the client has it.
          log_request(state.options, method, path, 200, rows, started);
          sink.done();
          return true;
        });
    return {0, true};
  }
  const std::vector<StatementResult> results = run_query(
      database->get(), query, RunLimits{state.options.limits.max_rows, state.options.limits.statement_time_limit});
  database.reset();
  Answered answered;
  for (const auto& result : results) answered.rows += result.rows_read;
  response.status = 200;
  response.set_content(json_text(result_json(results, query.transaction, raw)), "application/json");
  return answered;
}

// GET {prefix}/tenants: what the server serves, for the explorer's tenant list:
// {"result": {"database": true|false, "tenants": ["acme", ...] or null without a pool}}.
void answer_tenants(ServerState& state, const httplib::Request& request, httplib::Response& response) {
  // Like answer_query: 401 without a known token; a tenant-bound token sees its own tenant only
  // (when its database exists), and not the single database, which it cannot reach.
  const Token token = request_token(state.options, request.get_header_value("Authorization"));
  nlohmann::json tenants = nullptr;
  if (state.pool) {
    tenants = nlohmann::json::array();
    for (std::string& name : state.pool->list()) {
      if (!tenant_refusal(token, name)) tenants.push_back(std::move(name));
    }
  }
  const bool database = !state.options.database.empty() && !tenant_refusal(token, std::nullopt);
  response.status = 200;
  response.set_content(nlohmann::json{{"result", {{"database", database}, {"tenants", tenants}}},
                                      {"error", nullptr}}
                           .dump(),
                       "application/json");
}

// `text` as a regular expression matching exactly it (a prefix may hold '.').
std::string regex_literal(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '.') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace

Server::Server(ServerOptions options) {
  check_prefix(options.prefix);
  check_auth_options(options);
  if (options.database.empty() && options.pool.folder.empty()) {
    throw std::invalid_argument("nothing to serve: give a database file (ServerOptions::database), a pool folder "
                                "(ServerOptions::pool.folder), or both");
  }
  if (options.limits.workers == 0) throw std::invalid_argument("limits.workers must be at least 1");
  if (options.limits.max_body_bytes == 0) throw std::invalid_argument("limits.max_body_bytes must be at least 1");
  state_ = std::make_unique<ServerState>(std::move(options));
  ServerState& state = *state_;
  // Opening once up front: a file that is not a database fails here, not on every request.
  if (!state.options.database.empty()) state.slots.give_back(state.slots.take());

  const std::size_t workers = state.options.limits.workers;
  state.http.new_task_queue = [workers] { return std::make_unique<httplib::ThreadPool>(workers).release(); };
  state.http.set_payload_max_length(state.options.limits.max_body_bytes);
  // Without TCP_NODELAY a response written in two sends (headers, body) waits for the client's
  // delayed ACK: about 40 ms per request on Linux loopback (bench/server_throughput.sh).
  state.http.set_tcp_nodelay(true);
  // httplib answers an oversized body, an unknown route or a bad request line itself; the
  // response still gets the contract's JSON body.
  state.http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    std::string message = "HTTP " + std::to_string(response.status);
    if (response.status == 413) message = "the request body is larger than the server's limit";
    if (response.status == 404) {
      message = "no such route; the server answers POST {prefix}/query/raw and {prefix}/query, and with a pool "
                "folder {prefix}/t/{tenant}/query/raw and {prefix}/t/{tenant}/query; GET {prefix}/tenants lists the "
                "tenants; the explorer page is GET {prefix}/; a program that added typed routes serves "
                "{prefix}/api/{table} for those tables";
    }
    response.set_content(json_text(error_json(message, -1)), "application/json");
  });

  const auto handle = [&state](bool raw, bool tenant_route) {
    return [&state, raw, tenant_route](const httplib::Request& request, httplib::Response& response) {
      const auto started = std::chrono::steady_clock::now();
      Answered answered;
      try {
        // httplib has decoded the path before matching, so an encoded '/' never reaches here.
        const std::string tenant = tenant_route ? request.matches[1].str() : std::string();
        answered = answer_query(state, request, response, raw, tenant_route ? &tenant : nullptr, started);
      } catch (const HttpError& error) {
        send_error(response, error);
      } catch (const std::exception& error) {
        send_error(response, HttpError(500, error.what()));
      }
      if (!answered.streaming) log_request(state.options, request.method, request.path, response.status, answered.rows, started);
    };
  };
  const std::string prefix = regex_literal(state.options.prefix);
  if (!state.options.database.empty()) {
    state.http.Post(prefix + "/query/raw", handle(true, false));
    state.http.Post(prefix + "/query", handle(false, false));
  }
  if (state.pool) {
    state.http.Post(prefix + "/t/([^/]+)/query/raw", handle(true, true));
    state.http.Post(prefix + "/t/([^/]+)/query", handle(false, true));
  }
  state.http.Get(prefix + "/tenants", [&state](const httplib::Request& request, httplib::Response& response) {
    const auto started = std::chrono::steady_clock::now();
    try {
      answer_tenants(state, request, response);
    } catch (const HttpError& error) {
      send_error(response, error);
    } catch (const std::exception& error) {
      send_error(response, HttpError(500, error.what()));
    }
    log_request(state.options, request.method, request.path, response.status, 0, started);
  });
  // The data explorer: a static page that talks to the routes above (docs/server.md, "Explorer").
  const auto explorer_file = [&state](std::string name) {
    return [&state, name](const httplib::Request& request, httplib::Response& response) {
      const auto started = std::chrono::steady_clock::now();
      answer_explorer_file(name, response);
      log_request(state.options, request.method, request.path, response.status, 0, started);
    };
  };
  state.http.Get(prefix + "/", explorer_file("index.html"));
  state.http.Get(prefix + "/explorer\\.js", explorer_file("explorer.js"));
  state.http.Get(prefix + "/explorer\\.css", explorer_file("explorer.css"));
  if (!state.options.prefix.empty()) {
    // Relative URLs in the page resolve against {prefix}/, not the prefix's parent.
    state.http.Get(prefix, [&state](const httplib::Request& request, httplib::Response& response) {
      response.set_redirect(state.options.prefix + "/", 301);
      log_request(state.options, request.method, request.path, response.status, 0, std::chrono::steady_clock::now());
    });
  }
}

void Server::add_rest_table(std::shared_ptr<const RestTable> table) {
  ServerState& state = *state_;
  {
    // httplib's route lists are not guarded: adding one while workers match requests races.
    std::lock_guard lock(state.mutex);
    if (state.bound || state.stopped) {
      throw std::logic_error("add_rest_table: add the typed routes before bind(), start() or run()");
    }
  }
  if (table == nullptr) throw std::invalid_argument("add_rest_table: no table (a null pointer)");
  const std::string name(table->name());
  if (std::find(state.rest_tables.begin(), state.rest_tables.end(), name) != state.rest_tables.end()) {
    throw std::invalid_argument("add_rest_table: the routes of table '" + name + "' were added already");
  }
  state.rest_tables.push_back(name);
  RestRouteContext context;
  context.prefix = regex_literal(state.options.prefix);
  context.options = &state.options;
  context.slots = &state.slots;
  context.pool = state.pool.get();
  context.log = [&state](const httplib::Request& request, int status, std::int64_t rows,
                         std::chrono::steady_clock::time_point started) {
    log_request(state.options, request.method, request.path, status, rows, started);
  };
  add_rest_table_routes(state.http, std::move(table), context);
}

Server::~Server() { stop(); }

void Server::bind() {
  std::lock_guard lock(state_->mutex);
  if (state_->bound) return;
  if (state_->stopped) throw std::runtime_error("the server was stopped; make a new one");
  ServerState& state = *state_;
  if (state.options.port == 0) {
    state.port = state.http.bind_to_any_port(state.options.address);
  } else {
    state.port = state.http.bind_to_port(state.options.address, state.options.port) ? state.options.port : -1;
  }
  if (state.port < 0) {
    throw std::runtime_error("cannot listen on " + state.options.address + ":" + std::to_string(state.options.port) +
                             " (address in use, or not an address of this machine)");
  }
  state.bound = true;
}

// run() is start() plus a wait: the server always serves from its own thread, so stop() can
// stop it at any moment, even before its loop began (a SIGTERM right after bind()).
void Server::run() {
  start();
  std::unique_lock lock(state_->mutex);
  state_->done.wait(lock, [this] { return state_->closed; });
}

void Server::start() {
  bind();
  std::lock_guard lock(state_->mutex);
  if (state_->stopped) throw std::runtime_error("the server was stopped; make a new one");
  if (state_->thread.joinable()) return;
  state_->thread = std::thread([this] { state_->http.listen_after_bind(); });
  // listen_after_bind sets is_running before it accepts; wait for it (bounded: a thread that
  // cannot start its loop in 10 s means something is badly wrong). stop() waits on the mutex
  // meanwhile, so it never misses a loop that is about to start.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!state_->http.is_running()) {
    if (std::chrono::steady_clock::now() > give_up) throw std::runtime_error("the server did not start within 10 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void Server::stop() {
  std::unique_lock lock(state_->mutex);
  if (state_->stopped) {
    state_->done.wait(lock, [this] { return state_->closed; });
    return;
  }
  state_->stopped = true;
  // Closes the listening socket: no new connection; the workers finish the requests they have.
  state_->http.stop();
  if (state_->thread.joinable()) state_->thread.join();  // after the workers finished
  state_->close_databases();
  state_->closed = true;
  state_->done.notify_all();
}

int Server::port() const noexcept { return state_->port; }

const ServerOptions& Server::options() const noexcept { return state_->options; }

}  // namespace dorm::server
