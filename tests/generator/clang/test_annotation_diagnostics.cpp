// Every header in headers/ is scanned by dorm-gen; its `// DORM-EXPECT: <col>: <severity>: <text>`
// comments (clang-tidy style) say which diagnostics must appear at that line and column, with a
// message starting with <text>. Every error dorm-gen prints must be expected, and dorm-gen exits 1
// exactly when errors are expected.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Expected {
  int line = 0;
  int col = 0;
  std::string severity;
  std::string text;
  [[nodiscard]] std::string str() const {
    return std::to_string(line) + ':' + std::to_string(col) + ": " + severity + ": " + text;
  }
};

struct Printed {
  int line = 0;
  int col = 0;
  std::string severity;
  std::string message;
};

std::vector<Expected> expectations(const fs::path& header) {
  static const std::regex expect(R"(// DORM-EXPECT: (\d+): (error|note): (.*)$)");
  std::vector<Expected> out;
  std::ifstream in(header);
  int line = 0;
  for (std::string text; std::getline(in, text);) {
    ++line;
    std::smatch m;
    if (std::regex_search(text, m, expect)) out.push_back({line, std::stoi(m[1]), m[2], m[3]});
  }
  return out;
}

/// Runs dorm-gen on `header` (and `again`, when given); returns its exit status and its output lines.
int run_dorm_gen(const fs::path& header, std::vector<std::string>& lines, const std::string& again = "") {
  const fs::path out = fs::path(DORM_WORK_DIR) / header.stem();
  const std::string command = std::string("\"") + DORM_GEN + "\" generate -n checked -o \"" + out.string() +
                              "\" \"" + header.string() + "\" " + again + " -- -I\"" + DORM_RUNTIME_INCLUDE_DIR +
                              "\" 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string text;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) text += buffer;
  const int status = pclose(pipe);
  for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
    end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("each annotated header gives exactly the diagnostics its DORM-EXPECT lines name", "[generator]") {
  std::vector<fs::path> headers;
  for (const auto& entry : fs::directory_iterator(DORM_HEADERS_DIR)) headers.push_back(entry.path());
  std::sort(headers.begin(), headers.end());
  REQUIRE(headers.size() >= 5);
  fs::create_directories(DORM_WORK_DIR);

  for (const fs::path& header : headers) {
    DYNAMIC_SECTION(header.filename().string()) {
      const std::vector<Expected> expected = expectations(header);
      std::vector<std::string> lines;
      const int status = run_dorm_gen(header, lines);
      std::string all;
      for (const auto& l : lines) all += l + '\n';
      INFO("dorm-gen printed:\n" << all);

      // `<path>/<this header>:line:col: severity: message`
      const std::regex diagnostic("^(.*):(\\d+):(\\d+): (error|warning|note): (.*)$");
      std::vector<Printed> printed;
      for (const auto& l : lines) {
        std::smatch m;
        if (std::regex_match(l, m, diagnostic) && fs::path(m[1].str()).filename() == header.filename()) {
          printed.push_back({std::stoi(m[2]), std::stoi(m[3]), m[4], m[5]});
        }
      }
      for (const Expected& e : expected) {
        const bool found = std::any_of(printed.begin(), printed.end(), [&](const Printed& p) {
          return p.line == e.line && p.col == e.col && p.severity == e.severity && p.message.rfind(e.text, 0) == 0;
        });
        INFO("expected " << header.filename().string() << ':' << e.str());
        CHECK(found);
      }
      for (const Printed& p : printed) {
        if (p.severity != "error") continue;
        const bool wanted = std::any_of(expected.begin(), expected.end(), [&](const Expected& e) {
          return p.line == e.line && p.col == e.col && e.severity == "error" && p.message.rfind(e.text, 0) == 0;
        });
        INFO("unexpected " << p.line << ':' << p.col << ": error: " << p.message);
        CHECK(wanted);
      }
      const bool errors_expected =
          std::any_of(expected.begin(), expected.end(), [](const Expected& e) { return e.severity == "error"; });
      CHECK(status == (errors_expected ? 1 : 0));
    }
  }
}

TEST_CASE("a header listed several times, however spelled, is read once", "[generator]") {
  const fs::path header = fs::path(DORM_HEADERS_DIR) / "valid_minimal.hpp";
  const std::string dotted = (fs::path(DORM_HEADERS_DIR) / "." / "valid_minimal.hpp").string();
  fs::create_directories(DORM_WORK_DIR);
  std::vector<std::string> lines;
  const int status = run_dorm_gen(header, lines, "\"" + header.string() + "\" \"" + dotted + "\"");
  std::string all;
  for (const auto& l : lines) all += l + '\n';
  INFO(all);
  CHECK(status == 0);  // a second read would define table 'notes' twice
}
