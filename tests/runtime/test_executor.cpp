// The executor (dorm/query/executor.hpp) is the one place a builder's statement runs: the
// query builders and relation loaders neither test the tenant bypass nor lease a statement
// themselves. Checked on the sources, so a new terminal that copies the preamble back fails.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string text_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The headers of the query layer (builders, components, relation loaders), but the executor.
std::vector<std::filesystem::path> query_layer_headers() {
  const std::filesystem::path include = std::filesystem::path(DORM_SOURCE_DIR) / "runtime/include/dorm";
  std::vector<std::filesystem::path> headers;  // relation.hpp is in query/ too
  for (const auto& entry : std::filesystem::directory_iterator(include / "query")) {
    if (entry.path().filename() != "executor.hpp") headers.push_back(entry.path());
  }
  return headers;
}

}  // namespace

TEST_CASE("no query builder or relation loader tests the tenant bypass or leases a statement itself", "[runtime]") {
  const auto headers = query_layer_headers();
  REQUIRE(headers.size() >= 10);
  for (const auto& header : headers) {
    const std::string text = text_of(header);
    REQUIRE_FALSE(text.empty());
    INFO(header.string());
    CHECK(text.find("tenant_scope_bypassed()") == std::string::npos);
    CHECK(text.find(".lease(") == std::string::npos);
  }
  const std::string executor = text_of(std::filesystem::path(DORM_SOURCE_DIR) / "runtime/include/dorm/query/executor.hpp");
  CHECK(executor.find("tenant_scope_bypassed()") != std::string::npos);
  CHECK(executor.find("cache.lease(") != std::string::npos);
}
