// The file writer: the only code in dorm-gen that writes output.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "emit/file_writer.hpp"

namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("dorm_writer_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};
std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("a new file is written with its directories", "[generator][file_writer]") {
  TempDir dir;
  auto results = dorm::emit::write_files(dir.path, {{"a/b/models.hpp", "content"}}, false);
  REQUIRE(results.size() == 1);
  CHECK(results[0].outcome == dorm::emit::WriteOutcome::written);
  CHECK(read(dir.path / "a/b/models.hpp") == "content");
  CHECK_FALSE(fs::exists(dir.path / "a/b/models.hpp.tmp"));
}

TEST_CASE("an unchanged file is not touched, so builds stay incremental", "[generator][file_writer]") {
  TempDir dir;
  dorm::emit::write_files(dir.path, {{"models.hpp", "same"}}, false);
  auto before = fs::last_write_time(dir.path / "models.hpp");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto results = dorm::emit::write_files(dir.path, {{"models.hpp", "same"}}, false);
  CHECK(results[0].outcome == dorm::emit::WriteOutcome::unchanged);
  CHECK(fs::last_write_time(dir.path / "models.hpp") == before);
}

TEST_CASE("check mode reports a stale file and writes nothing", "[generator][file_writer]") {
  TempDir dir;
  dorm::emit::write_files(dir.path, {{"models.hpp", "old"}}, false);
  auto results = dorm::emit::write_files(dir.path, {{"models.hpp", "new"}, {"other.hpp", "x"}}, true);
  CHECK(results[0].outcome == dorm::emit::WriteOutcome::would_change);
  CHECK(results[1].outcome == dorm::emit::WriteOutcome::would_change);
  CHECK(read(dir.path / "models.hpp") == "old");
  CHECK_FALSE(fs::exists(dir.path / "other.hpp"));
}

TEST_CASE("a file that cannot be written is an error, not silence", "[generator][file_writer]") {
  TempDir dir;
  std::ofstream(dir.path / "blocker") << "a file where a directory must go";
  CHECK_THROWS(dorm::emit::write_files(dir.path / "blocker", {{"models.hpp", "x"}}, false));
}
