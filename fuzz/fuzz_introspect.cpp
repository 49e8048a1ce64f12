// Fuzz target: a hostile database file, read as `dorm-gen introspect` and `dorm-gen check
// --database` read one. The bytes are written to a file in a private temporary folder (made once
// per process), opened read-only the way dorm-gen opens it, and read into IR (read_database),
// relations inferred, and the JSON Schema files rendered in memory; then the same file is opened
// through dorm::Database and its shape read (dorm::schema_shape), as `check` compares it.
// std::runtime_error (dorm::Error is one) is the documented refusal ("not a database", a
// malformed catalog): dorm-gen prints it. Anything else is a finding, and so is breaking:
// - every schema file introspect writes is JSON the schema reader parses (no dorm-json-* error),
//   and its path is one plain file name (a table named "../x" once wrote outside --out);
// - a shape does not differ from itself.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <dorm/core/database.hpp>
#include <dorm/schema/schema_shape.hpp>

#include "finding.hpp"
#include "temp_folder.hpp"
#include "frontend/json/json_schema_reader.hpp"
#include "ir/diagnostics.hpp"
#include "ir/relations.hpp"
#include "migrate/introspect.hpp"
#include "migrate/schema_files.hpp"

namespace {

namespace fs = std::filesystem;

/// The folder the input's files go to (one per process).
const dorm::fuzz::TempFolder& folder() {
  static const dorm::fuzz::TempFolder folder("dorm_fuzz_introspect");
  return folder;
}

void introspect(const std::string& path) {
  dorm::OpenOptions options;
  options.read_only = true;
  options.create = false;
  dorm::Database db = dorm::Database::open(path, options);  // throws as dorm-gen's "cannot open database"
  std::vector<std::string> skipped;
  dorm::ir::Schema schema = dorm::migrate::read_database(db, skipped);
  dorm::ir::infer_relations_from_foreign_keys(schema);
  for (const dorm::emit::GeneratedFile& file : dorm::migrate::schema_files(schema)) {
    if (file.path.find_first_of("/\\:") != std::string::npos)
      dorm::fuzz::finding("introspect would write a schema file outside its folder", file.path);
    dorm::ir::Schema reread;
    dorm::ir::Diagnostics diags;
    dorm::frontend::json::read_schema_text(file.content, file.path, reread, diags);
    for (const dorm::ir::Diagnostic& d : diags.all())
      if (d.code.rfind("dorm-json-", 0) == 0)
        dorm::fuzz::finding("introspect wrote a schema file that is not JSON", d.str() + '\n' + file.content);
  }
}

void shape(const std::string& path) {
  dorm::OpenOptions options;
  options.read_only = true;
  options.create = false;
  dorm::Database db = dorm::Database::open(path, options);
  const dorm::SchemaShape s = dorm::schema_shape(db);
  if (!dorm::shape_difference(s, s).empty()) dorm::fuzz::finding("a schema shape differs from itself");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  folder().clear();
  const std::string path = (folder().path() / "hostile.db").string();
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    introspect(path);
  } catch (const std::runtime_error&) {
    // Refused with a message: the expected outcome for most hostile files.
  }
  try {
    shape(path);
  } catch (const std::runtime_error&) {
  }
  return 0;
}
