// The connection seam holds: no source above it (runtime/, server/, templates/, the generated golden
// headers) includes <sqlite3.h> or calls sqlite3_*; only the SQLite backend's own files do
// (runtime/include/dorm/backends/sqlite/, runtime/src/backends/sqlite/).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

/// "path:line: <the line>" for every line of `text` that names SQLite's C API.
std::vector<std::string> engine_calls(const std::string& path, const std::string& text) {
  std::vector<std::string> found;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.find("sqlite3_") != std::string::npos || line.find("<sqlite3.h>") != std::string::npos)
      found.push_back(path + ':' + std::to_string(number) + ": " + line);
  }
  return found;
}

bool in_sqlite_backend(const fs::path& relative) {
  const std::string generic = relative.generic_string();
  return generic.find("/backends/sqlite/") != std::string::npos;
}

/// Every engine call in the files under `folder` (relative to the source tree) outside the
/// SQLite backend.
std::vector<std::string> engine_calls_under(const std::string& folder) {
  const fs::path root(DORM_SOURCE_DIR);
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), root);
    if (in_sqlite_backend(relative)) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    for (std::string& call : engine_calls(relative.generic_string(), text.str())) found.push_back(std::move(call));
  }
  return found;
}

std::string listed(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "  " + l + '\n';
  return out;
}

}  // namespace

TEST_CASE("the scan names each line that includes sqlite3.h or calls sqlite3_, with its file and line",
          "[runtime]") {
  const auto found = engine_calls("runtime/src/x.cpp", "#include <sqlite3.h>\nint a;\n  sqlite3_step(s);\n");
  REQUIRE(found.size() == 2);
  CHECK(found[0] == "runtime/src/x.cpp:1: #include <sqlite3.h>");
  CHECK(found[1] == "runtime/src/x.cpp:3:   sqlite3_step(s);");
  CHECK(engine_calls("runtime/src/y.cpp", "statement.step();\n// the sqlite3 shell\n").empty());
  CHECK(in_sqlite_backend("runtime/src/backends/sqlite/connection.cpp"));
  CHECK_FALSE(in_sqlite_backend("runtime/src/database.cpp"));
}

TEST_CASE("no source outside the SQLite backend includes sqlite3.h or calls sqlite3_", "[runtime]") {
  for (const char* folder : {"runtime", "server", "templates", "tests/generator/cases"}) {
    std::vector<std::string> found = engine_calls_under(folder);
    if (std::string(folder) == "tests/generator/cases") {
      // Of the generator's cases only the generated headers are code; their inputs are not.
      std::erase_if(found, [](const std::string& line) { return line.find("/expected/") == std::string::npos; });
    }
    INFO("only runtime/*/backends/sqlite/ may use SQLite's C API; move these behind the connection seam "
         "(dorm/core/connection.hpp):\n" + listed(found));
    CHECK(found.empty());
  }
}
