// The main() of a fuzz target's replay executable: runs the target's LLVMFuzzerTestOneInput
// over every file given, and every file under every folder given, as libFuzzer would replay
// them. It builds with any compiler and no libFuzzer, so the normal (g++) build and ctest keep
// the seed corpus and the regression inputs green (fuzz_replay.<target>). A crash, sanitizer
// report or uncaught exception ends the process as it would end the fuzzer; the file being run
// is printed first so the failing input is named.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs(const std::filesystem::path& arg) {
  std::vector<std::filesystem::path> out;
  if (std::filesystem::is_directory(arg)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(arg))
      if (entry.is_regular_file()) out.push_back(entry.path());
    // Directory order is the file system's; sorted, a failure reproduces in the same order.
    std::sort(out.begin(), out.end());
  } else {
    out.push_back(arg);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " <input file or folder>...\n";
    return 2;
  }
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::filesystem::exists(argv[i])) {
      std::cerr << argv[0] << ": " << argv[i] << " does not exist\n";
      return 2;
    }
    for (const auto& path : inputs(argv[i])) {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        std::cerr << argv[0] << ": cannot read " << path.string() << '\n';
        return 2;
      }
      const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      std::cerr << "running " << path.string() << " (" << bytes.size() << " bytes)\n";
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++count;
    }
  }
  std::cout << "replayed " << count << (count == 1 ? " input" : " inputs") << '\n';
  return count == 0 ? 1 : 0;
}
