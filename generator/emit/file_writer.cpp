#include "emit/file_writer.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace dorm::emit {

namespace {

bool same_content(const std::filesystem::path& path, const std::string& content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return existing == content;
}

void write_atomically(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
    out << content;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
  }
  std::filesystem::rename(temporary, path);
}

}  // namespace

std::vector<WriteResult> write_files(const std::filesystem::path& output_dir, const std::vector<GeneratedFile>& files,
                                     bool check_only) {
  std::vector<WriteResult> results;
  for (const auto& file : files) {
    std::filesystem::path path = output_dir / file.path;
    if (same_content(path, file.content)) {
      results.push_back({path, WriteOutcome::unchanged});
    } else if (check_only) {
      results.push_back({path, WriteOutcome::would_change});
    } else {
      write_atomically(path, file.content);
      results.push_back({path, WriteOutcome::written});
    }
  }
  return results;
}

}  // namespace dorm::emit
