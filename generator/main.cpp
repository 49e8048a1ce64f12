// dorm-gen: schema files in, typed C++ out.
//   dorm-gen generate --namespace blog --output-dir build/gen schemas/blog/*.json
// Exit codes: 0 ok, 1 schema errors, 2 usage, 3 I/O error, 4 --check found a stale file.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <regex>

#include "emit/file_writer.hpp"
#include "emit/header_emitter.hpp"
#include "frontend/json/json_schema_reader.hpp"
#include "ir/diagnostics.hpp"
#include "ir/names.hpp"
#include "ir/relations.hpp"
#include "ir/validate.hpp"

namespace {

namespace fs = std::filesystem;

enum ExitCode { ok = 0, schema_errors = 1, usage = 2, io_error = 3, stale = 4 };

struct GenerateOptions {
  std::string cpp_namespace;
  std::string output_dir;
  std::string source_root;
  std::vector<std::string> schemas;
  bool check = false;
};

// Banner paths are relative to the source root, so output bytes don't depend on where the
// checkout lives.
std::string display_path(const std::string& path, const std::string& root) {
  std::error_code ec;
  fs::path base = root.empty() ? fs::current_path() : fs::path(root);
  fs::path rel = fs::weakly_canonical(path, ec).lexically_relative(fs::weakly_canonical(base, ec));
  if (ec || rel.empty() || *rel.begin() == "..") return fs::path(path).filename().generic_string();
  return rel.generic_string();
}

int generate(const GenerateOptions& options) {
  static const std::regex cpp_namespace_pattern(R"([A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*)");
  if (!std::regex_match(options.cpp_namespace, cpp_namespace_pattern) || dorm::ir::is_cpp_keyword(options.cpp_namespace)) {
    std::cerr << "dorm-gen: error: --namespace '" << options.cpp_namespace << "' is not a C++ namespace name\n";
    return usage;
  }
  dorm::ir::Schema schema;
  dorm::ir::Diagnostics diags;
  for (const auto& path : options.schemas) dorm::frontend::json::read_schema_file(path, schema, diags);
  // Schema rules run even after keyword errors, so one run reports every problem; after a JSON
  // syntax error a file's tables are missing and the rules would only add noise about them.
  const bool syntax_error = std::any_of(diags.all().begin(), diags.all().end(),
                                        [](const dorm::ir::Diagnostic& d) { return d.code == "dorm-json-syntax"; });
  if (!syntax_error) {
    dorm::ir::resolve_relations(schema);
    dorm::ir::assign_names(schema);
    dorm::ir::validate(schema, diags);
  }
  std::cerr << diags.str();
  if (diags.has_errors()) {
    std::cerr << "dorm-gen: " << diags.error_count() << (diags.error_count() == 1 ? " error" : " errors")
              << "; nothing was written\n";
    return schema_errors;
  }

  dorm::emit::EmitOptions emit_options{options.cpp_namespace, {}};
  for (const auto& path : options.schemas) emit_options.source_paths.push_back(display_path(path, options.source_root));
  std::vector<dorm::emit::GeneratedFile> files{dorm::emit::emit_models_header(schema, emit_options)};
  try {
    int code = ok;
    for (const auto& result : dorm::emit::write_files(options.output_dir, files, options.check)) {
      if (result.outcome == dorm::emit::WriteOutcome::would_change) {
        std::cerr << result.path.string() << " would change\n";
        code = stale;
      }
    }
    return code;
  } catch (const std::exception& e) {
    std::cerr << "dorm-gen: error: " << e.what() << '\n';
    return io_error;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dorm-gen: generates typed C++ models, columns and DDL from JSON Schema files", "dorm-gen"};
  app.set_version_flag("--version", std::string("dorm-gen ") + DORM_VERSION);
  app.require_subcommand(1);

  GenerateOptions options;
  auto* gen = app.add_subcommand("generate", "Generate <output-dir>/<namespace>/models.hpp from schema files");
  gen->add_option("--namespace,-n", options.cpp_namespace, "C++ namespace of the generated code (a::b allowed)")->required();
  gen->add_option("--output-dir,-o", options.output_dir, "Directory the header is written under")->required();
  gen->add_option("--source-root", options.source_root, "Banner paths are relative to this directory (default: cwd)");
  gen->add_flag("--check", options.check, "Write nothing; exit 4 when a generated file would change");
  gen->add_option("schemas", options.schemas, "JSON Schema files")->required()->check(CLI::ExistingFile);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? ok : usage;
  }
  return generate(options);
}
