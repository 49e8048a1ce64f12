#pragma once
// A private folder for the files a fuzz target writes per input (a database file, a migrations
// folder), made once per process and removed when the process exits normally.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "finding.hpp"

namespace dorm::fuzz {

/// "<temp dir>/<prefix>_XXXXXX", made by mkdtemp (so parallel runs never share one) and
/// removed with its files by the destructor: hold it in a function-local static.
class TempFolder {
 public:
  explicit TempFolder(std::string_view prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (std::string(prefix) + "_XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) finding("cannot make a temporary folder", pattern);
    path_ = pattern;
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  /// Empties the folder for the next input. Makes it again if something removed it (a cleaner
  /// of /tmp once did, mid-run): a lost folder is not a finding.
  void clear() const {
    std::filesystem::create_directories(path_);
    for (const auto& entry : std::filesystem::directory_iterator(path_)) std::filesystem::remove_all(entry.path());
  }

 private:
  std::filesystem::path path_;
};

}  // namespace dorm::fuzz
