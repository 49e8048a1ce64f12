#pragma once
// A directory of its own under the system temp dir for one test, shared by the test suites that
// need files (runtime, pool, mirror).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace dorm_test {

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
/// The name mixes a random number, a clock stamp and a counter, so parallel test processes and
/// tests within one never share one.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "dorm_test") {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() / (prefix + "_" + std::to_string(std::random_device{}()) + "_" +
                                                      std::to_string(stamp) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// The path of `name` inside the directory, as a string for Database::open.
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace dorm_test
