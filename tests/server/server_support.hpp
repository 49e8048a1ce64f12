#pragma once
// A dorm::server::Server on a fresh database in a temp folder, listening on 127.0.0.1 at a free
// port, and an httplib::Client talking to it with bounded timeouts.
#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../temp_dir.hpp"
#include "dorm/core/database.hpp"
#include "dorm/server/server.hpp"

namespace server_test {

/// One HTTP answer: status and parsed JSON body (null when the body is not JSON).
struct Answer {
  int status = 0;
  nlohmann::json body;
  std::string text;
  httplib::Headers headers;
};

/// A running server on `database.db` in its own temp folder; stopped on destruction.
class RunningServer {
 public:
  /// Creates the database with `setup_sql`, then starts a server with `options` (database,
  /// address and port are filled in).
  explicit RunningServer(const std::string& setup_sql = "", dorm::server::ServerOptions options = {})
      : folder_("dorm_server_test") {
    const std::string path = folder_.file("database.db");
    if (!setup_sql.empty()) dorm::Database::open(path).execute_script(setup_sql);
    options.database = path;
    options.address = "127.0.0.1";
    options.port = 0;
    // Without tokens given, every request runs as admin (the contract's tests); the security
    // model's tests give tokens.
    if (!options.tokens && !options.unauthenticated) options.unauthenticated = dorm::server::Rights::admin;
    options.log = [this](const std::string& line) {
      std::lock_guard lock(log_mutex_);
      log_.push_back(line);
    };
    server_ = std::make_unique<dorm::server::Server>(std::move(options));
    server_->start();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  ~RunningServer() { server_->stop(); }

  [[nodiscard]] dorm::server::Server& server() { return *server_; }
  [[nodiscard]] std::string database_path() const { return folder_.file("database.db"); }

  /// POSTs `body` to `path` with `content_type` (and `headers`); at most 10 s.
  Answer post(const std::string& path, const std::string& body, const std::string& content_type = "application/json",
              const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_connection_timeout(10);
    client.set_read_timeout(10);
    auto result = client.Post(path.c_str(), headers, body, content_type.c_str());
    Answer answer;
    if (!result) return answer;  // status 0: no answer
    answer.status = result->status;
    answer.headers = result->headers;
    answer.text = result->body;
    answer.body = nlohmann::json::parse(result->body, nullptr, false);
    if (answer.body.is_discarded()) answer.body = nullptr;
    return answer;
  }
  /// POSTs `body` as JSON to `path` asking for NDJSON; the records of the answer, one JSON
  /// value per line (a line that is not JSON becomes null).
  std::pair<int, std::vector<nlohmann::json>> post_ndjson(const std::string& path, const nlohmann::json& body) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_connection_timeout(10);
    client.set_read_timeout(10);
    auto result = client.Post(path.c_str(), {{"Accept", "application/x-ndjson"}}, body.dump(), "application/json");
    if (!result) return {0, {}};
    std::vector<nlohmann::json> records;
    std::size_t start = 0;
    while (start < result->body.size()) {
      std::size_t end = result->body.find('\n', start);
      if (end == std::string::npos) end = result->body.size();
      auto record = nlohmann::json::parse(result->body.substr(start, end - start), nullptr, false);
      records.push_back(record.is_discarded() ? nlohmann::json(nullptr) : record);
      start = end + 1;
    }
    if (result->status != 200) records = {nlohmann::json::parse(result->body, nullptr, false)};
    return {result->status, records};
  }
  /// POSTs `body` as JSON to `path`.
  Answer post_json(const std::string& path, const nlohmann::json& body) { return post(path, body.dump()); }

  /// The log lines written so far.
  std::vector<std::string> log() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

 private:
  dorm_test::TempDir folder_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
  std::unique_ptr<dorm::server::Server> server_;
};

}  // namespace server_test
