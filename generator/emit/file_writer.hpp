#pragma once
// The only code in dorm-gen that touches the filesystem for output. It writes a file only when
// its bytes change, so a rebuild after an unrelated schema edit recompiles nothing.
#include <filesystem>
#include <string>
#include <vector>

#include "emit/header_emitter.hpp"

namespace dorm::emit {

enum class WriteOutcome { unchanged, written, would_change };

struct WriteResult {
  std::filesystem::path path;
  WriteOutcome outcome;
};

/// Writes every file under `output_dir` whose content differs from what is on disk. With
/// `check_only`, writes nothing and reports `would_change` instead. Throws
/// std::filesystem::filesystem_error / std::runtime_error on I/O failure. Files are written to a
/// temporary name and renamed, so a reader never sees half a header.
std::vector<WriteResult> write_files(const std::filesystem::path& output_dir, const std::vector<GeneratedFile>& files,
                                     bool check_only);

}  // namespace dorm::emit
