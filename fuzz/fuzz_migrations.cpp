// Fuzz target: a migrations folder, read as `dorm-gen migrate`, `check` and `generate
// --migrations-dir` read it. The input is a list of files, `name NUL content NUL name NUL
// content ...`; names keep only [A-Za-z0-9_.-] (so a file always lands inside the folder) and the
// files are written to a private temporary folder made once per process and emptied per input.
// Then: read_migrations and find_conflicts (the history), the latest snapshot through
// schema_from_snapshot, the plan from it to itself, and migrations_code (what generate embeds).
// std::runtime_error is these functions' documented way to refuse a folder (dorm-gen prints it
// as "error: ..."), so it is expected; any other exception, a crash or a sanitizer report is a
// finding. Invariants:
// - a snapshot diffed against itself plans no change;
// - a snapshot that reads is a fixed point after one rewrite: snapshot_text(read(snapshot_text(
//   read(s)))) == snapshot_text(read(s)), so `migrate` never diffs against what it did not write.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "finding.hpp"
#include "temp_folder.hpp"
#include "migrate/commands.hpp"
#include "migrate/migrations_dir.hpp"
#include "migrate/plan.hpp"
#include "migrate/snapshot.hpp"

namespace {

namespace fs = std::filesystem;

/// The folder the input's files go to (one per process).
const dorm::fuzz::TempFolder& folder() {
  static const dorm::fuzz::TempFolder folder("dorm_fuzz_migrations");
  return folder;
}

/// `name` with only the characters a file name here may have; "" when nothing usable is left.
std::string file_name(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 80))
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')
      out += c;
  if (out.empty() || out.front() == '.') return {};
  return out;
}

void write_files(std::string_view input) {
  folder().clear();
  std::size_t files = 0;
  while (!input.empty() && files < 16) {
    const std::size_t name_end = input.find('\0');
    const std::string name = file_name(input.substr(0, name_end));
    if (name_end == std::string_view::npos) break;
    input.remove_prefix(name_end + 1);
    const std::size_t content_end = input.find('\0');
    const std::string_view content = input.substr(0, content_end);
    input.remove_prefix(content_end == std::string_view::npos ? input.size() : content_end + 1);
    if (name.empty()) continue;
    std::ofstream(folder().path() / name, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
    ++files;
  }
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void check_snapshot(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return;
  const dorm::ir::Schema schema = dorm::migrate::schema_from_snapshot(read_text(path), path.filename().string());
  if (!dorm::migrate::plan_migration(schema, schema).empty())
    dorm::fuzz::finding("a snapshot diffed against itself plans a change", read_text(path));
  const std::string once = dorm::migrate::snapshot_text(schema);
  const std::string twice = dorm::migrate::snapshot_text(dorm::migrate::schema_from_snapshot(once, "rewritten"));
  if (once != twice) dorm::fuzz::finding("a rewritten snapshot changes when rewritten again", once + "\n---\n" + twice);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  write_files(std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    const std::vector<dorm::migrate::MigrationFile> migrations = dorm::migrate::read_migrations(folder().path());
    if (!dorm::migrate::find_conflicts(migrations).empty()) return 0;
    if (!migrations.empty()) check_snapshot(migrations.back().snapshot_path);
    static_cast<void>(dorm::migrate::migrations_code(folder().path()));
  } catch (const std::runtime_error&) {
    // The folder is refused with a message that names the file: the expected outcome.
  }
  return 0;
}
