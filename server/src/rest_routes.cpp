#include "rest_routes.hpp"

#include <httplib.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "database_error.hpp"
#include "dorm/core/error.hpp"
#include "dorm/server/http_error.hpp"
#include "dorm/server/request_auth.hpp"
#include "dorm/server/response_json.hpp"
#include "dorm/server/rest_table.hpp"
#include "dorm/server/token.hpp"
#include "dorm/server/token_store.hpp"
#include "dorm/tenancy/tenant_scope.hpp"
#include "request_database.hpp"
#include "statement_clock.hpp"

namespace dorm::server {

namespace {

enum class Action { list, get, create, update, remove };

bool writes(Action action) { return action == Action::create || action == Action::update || action == Action::remove; }

// `text` as a regular expression matching exactly it (a table name may hold '.' or '$').
std::string regex_literal(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// A key's path segments: "3" or, for a composite key, "3/7" (httplib decoded the path before
// matching, so an encoded '/' in a text key splits it too).
std::vector<std::string> split_key(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('/', start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

std::string json_text(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The contract's error body, {"result": null, "error": message}, plus for a 422 "errors": one
// {column, rule, expected, value, message} per broken rule.
void send_error(httplib::Response& response, const HttpError& error) {
  nlohmann::json body = error_json(error.what(), -1);
  if (const auto* row = dynamic_cast<const UnprocessableRow*>(&error)) {
    body["errors"] = nlohmann::json::array();
    for (const FieldError& e : row->errors()) {
      body["errors"].push_back(
          {{"column", e.column}, {"rule", e.rule}, {"expected", e.expected}, {"value", e.value}, {"message", e.message}});
    }
  }
  response.status = error.status();
  if (error.status() == 401) response.set_header("WWW-Authenticate", std::string(www_authenticate));
  response.set_content(json_text(body), "application/json");
}

// dorm's error from a handler as the response's HttpError: a broken constraint (UNIQUE, a
// foreign key) or a row changed meanwhile is a 409, a tenant rule a 403; the rest as for
// /query/raw (time limit and busy 503, the guard's refusals 403, others 500).
HttpError http_error_of_handler(const Error& error, const StatementClock& clock) {
  if (dynamic_cast<const ConstraintError*>(&error) != nullptr) return HttpError(409, error.what());
  if (dynamic_cast<const ConcurrentModification*>(&error) != nullptr) return HttpError(409, error.what());
  if (dynamic_cast<const TenantScopeError*>(&error) != nullptr) return HttpError(403, std::string("refused: ") + error.what());
  if (dynamic_cast<const ReadOnlyError*>(&error) != nullptr) return HttpError(403, std::string("refused: ") + error.what());
  return http_error_of(error, clock, "", -1);
}

// What one request of the routes of `table` asks for.
struct RestRequest {
  Action action;
  const std::optional<std::string>& tenant;  // the path's, on a tenant route
  std::string key;                           // the path's {key}, for get, update, remove
};

// The request pipeline of /query/raw, for a typed route: the token (401), its tenant binding
// and rights (403), the request's connection with those rights applied, the time limit, the
// tenant scope; then the handler. Answers `response`; returns the rows it answered. Throws
// HttpError for every refusal.
std::int64_t answer_rest(const RestTable& table, const RestRouteContext& context, const RestRequest& rest,
                         const httplib::Request& request, httplib::Response& response) {
  const ServerOptions& options = *context.options;
  const Token token = request_token(options, request.get_header_value("Authorization"));
  if (rest.tenant) {
    if (auto refusal = tenant_refusal(token, *rest.tenant)) throw HttpError(403, "refused: " + *refusal);
  } else if (token.tenant && !table.tenant_scoped()) {
    // On the single database a bound token is kept to its rows by the tenant scope, which only
    // a table with a tenant column has; the others' rows belong to no tenant.
    throw HttpError(403, "refused: token '" + token.name + "' is bound to tenant '" + *token.tenant +
                             "'; on the server's own database it reaches the typed routes of tables with a tenant "
                             "column only, and table '" + std::string(table.name()) + "' has none");
  }
  if (writes(rest.action) && token.rights == Rights::read_only) {
    throw HttpError(403, "refused: token '" + token.name + "' is read-only; " + request.method +
                             " needs read-write rights");
  }
  if (rest.action == Action::create || rest.action == Action::update) {
    const std::string content_type = request.get_header_value("Content-Type");
    if (content_type.find("application/json") == std::string::npos) {
      throw HttpError(400, "Content-Type must be application/json (it is '" + content_type + "')");
    }
  }
  // The token's rights on this connection too: a write the guard refuses fails as for SQL.
  RequestDatabase database(*context.slots, context.pool, rest.tenant ? &*rest.tenant : nullptr, token.rights);
  Database& db = database.get();
  // One budget for the request's statements (a listing runs a COUNT and a SELECT).
  StatementClock clock(db.connection(), options.limits.statement_time_limit);
  clock.restart();
  // The request's tenant, the path's or the token's, scopes a tenant table as a TenantScope
  // scopes it in C++ (the executor adds the condition, stamps writes); an unbound token on the
  // single database reaches every tenant's rows, as its SQL on /query/raw does.
  const std::optional<std::string>& tenant = rest.tenant ? rest.tenant : token.tenant;
  std::optional<TenantScope> scope;
  std::optional<TenantScopeBypass> bypass;
  if (table.tenant_scoped()) {
    if (tenant) {
      scope.emplace(table.tenant_id(*tenant));
    } else {
      bypass.emplace();
    }
  }
  const auto max_rows = static_cast<std::int64_t>(
      std::clamp<std::size_t>(options.limits.max_rows, 1, std::numeric_limits<std::int64_t>::max()));
  try {
    switch (rest.action) {
      case Action::list: {
        const QueryParams params(request.params.begin(), request.params.end());
        const nlohmann::json body = table.list(db, params, max_rows);
        response.status = 200;
        response.set_content(json_text(body), "application/json");
        return static_cast<std::int64_t>(body.at("rows").size());
      }
      case Action::get:
        response.status = 200;
        response.set_content(json_text(table.get(db, split_key(rest.key))), "application/json");
        return 1;
      case Action::create:
        response.set_content(json_text(table.create(db, request.body)), "application/json");
        response.status = 201;
        return 1;
      case Action::update:
        response.set_content(json_text(table.update(db, split_key(rest.key), request.body)), "application/json");
        response.status = 200;
        return 1;
      case Action::remove:
        table.remove(db, split_key(rest.key));
        response.status = 204;
        return 0;
    }
  } catch (const HttpError&) {
    throw;
  } catch (const Error& error) {
    throw http_error_of_handler(error, clock);
  }
  return 0;
}

}  // namespace

void add_rest_table_routes(httplib::Server& http, std::shared_ptr<const RestTable> table, const RestRouteContext& context) {
  const auto handler = [table, context](Action action, bool tenant_route) {
    return [table, context, action, tenant_route](const httplib::Request& request, httplib::Response& response) {
      const auto started = std::chrono::steady_clock::now();
      std::int64_t rows = 0;
      try {
        const std::optional<std::string> tenant =
            tenant_route ? std::optional<std::string>(request.matches[1].str()) : std::nullopt;
        const bool keyed = action == Action::get || action == Action::update || action == Action::remove;
        const RestRequest rest{action, tenant, keyed ? request.matches[tenant_route ? 2 : 1].str() : std::string()};
        rows = answer_rest(*table, context, rest, request, response);
      } catch (const HttpError& error) {
        send_error(response, error);
      } catch (const std::exception& error) {
        send_error(response, HttpError(500, error.what()));
      }
      if (context.log) context.log(request, response.status, rows, started);
    };
  };
  const std::string table_path = "/api/" + regex_literal(table->name());
  const auto add = [&](const std::string& base, bool tenant_route) {
    http.Get(base + table_path, handler(Action::list, tenant_route));
    http.Post(base + table_path, handler(Action::create, tenant_route));
    http.Get(base + table_path + "/(.+)", handler(Action::get, tenant_route));
    http.Patch(base + table_path + "/(.+)", handler(Action::update, tenant_route));
    http.Delete(base + table_path + "/(.+)", handler(Action::remove, tenant_route));
  };
  if (!context.options->database.empty()) add(context.prefix, false);
  if (context.pool != nullptr) add(context.prefix + "/t/([^/]+)", true);
}

}  // namespace dorm::server
