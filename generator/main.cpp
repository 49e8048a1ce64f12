// dorm-gen: schema files in, typed C++ out.
//   dorm-gen generate --namespace blog --output-dir build/gen schemas/blog/*.json
//   dorm-gen generate -n blog -o build/gen [-p build] include/blog/*.hpp [-- -Iinclude -DX]
// Inputs ending in .h/.hh/.hpp/.hxx/.h++ (or given with --header) are annotated C++ headers read
// by the Clang front end; the rest are JSON Schema files.
//   dorm-gen migrate --name add_x --migrations-dir schemas/blog/migrations schemas/blog/*.json
//   dorm-gen check --migrations-dir schemas/blog/migrations schemas/blog/*.json [--database app.db]
//   dorm-gen introspect app.db --out schemas/app             (docs/migrations.md)
// Exit codes: 0 ok, 1 schema errors (or any other failure, said on stderr: no input ends
// dorm-gen by a signal or std::terminate), 2 usage, 3 I/O error, 4 --check found a stale file
// (or `check` found drift).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <regex>

#include "emit/file_writer.hpp"
#include "exit_code.hpp"
#include "emit/header_emitter.hpp"
#include "frontend/json/json_schema_reader.hpp"
#ifdef DORM_WITH_CLANG
#include "frontend/clang/annotated_reader.hpp"
#endif
#include <fstream>
#include "ir/diagnostics.hpp"
#include "ir/names.hpp"
#include "ir/relations.hpp"
#include "ir/validate.hpp"
#include "migrate/commands.hpp"

namespace {

namespace fs = std::filesystem;

using namespace dorm::cli;  // ExitCode

struct GenerateOptions {
  std::string cpp_namespace;
  std::string output_dir;
  std::string source_root;
  std::vector<std::string> schemas;
  std::vector<std::string> headers;        ///< annotated C++ headers (the Clang front end)
  std::string compile_commands_dir;        ///< -p
  std::vector<std::string> compiler_args;  ///< after --
  std::string depfile;                     ///< write the files the scan read, Makefile syntax
  std::string depfile_target;
  bool check = false;
  std::string migrations_dir;  ///< embed its migrations; migrate(db) then applies them
  bool factories = false;      ///< emit factory definitions (dorm::factory)
};

bool is_header(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  return ext == ".h" || ext == ".hh" || ext == ".hpp" || ext == ".hxx" || ext == ".h++";
}

// `target: dep dep ...`, spaces escaped as Make and Ninja read them.
void write_depfile(const std::string& path, const std::string& target, const std::vector<std::string>& deps) {
  auto escape = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == ' ' || c == '#') out += '\\';
      if (c == '$') out += '$';
      out += c;
    }
    return out;
  };
  std::ofstream out(path, std::ios::trunc);
  out << escape(target) << ':';
  for (const auto& d : deps) out << " \\\n  " << escape(d);
  out << '\n';
  if (!out) throw std::runtime_error("cannot write depfile " + path);
}

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
  // dorm-json-too-deep and dorm-json-number-range also leave the file unread.
  bool syntax_error = std::any_of(diags.all().begin(), diags.all().end(),
                                  [](const dorm::ir::Diagnostic& d) { return d.code.rfind("dorm-json-", 0) == 0; });
  // The Clang front end prints its errors itself (with carets), so they are counted, not collected.
  std::size_t header_errors = 0;
  std::vector<std::string> dependencies;
  if (!options.headers.empty()) {
#ifdef DORM_WITH_CLANG
    const auto scan = dorm::frontend::annotated::read_headers(
        {options.headers, options.compile_commands_dir, options.compiler_args}, schema);
    header_errors = scan.error_count;
    syntax_error = syntax_error || scan.compile_errors;
    dependencies = scan.dependencies;
#else
    std::cerr << "dorm-gen: error: " << options.headers.front()
              << ": this dorm-gen was built without the Clang front end (DORM_WITH_CLANG=OFF) and reads "
                 "JSON Schema files only\n";
    return usage;
#endif
  }
  if (!syntax_error) {
    dorm::ir::resolve_relations(schema);
    dorm::ir::assign_names(schema);
    dorm::ir::validate(schema, diags);
  }
  std::cerr << diags.str();
  if (const std::size_t errors = diags.error_count() + header_errors; errors > 0) {
    std::cerr << "dorm-gen: " << errors << (errors == 1 ? " error" : " errors") << "; nothing was written\n";
    return refused;
  }

  dorm::emit::EmitOptions emit_options{options.cpp_namespace, {}};
  emit_options.factories = options.factories;
  for (const auto& path : options.schemas) emit_options.source_paths.push_back(display_path(path, options.source_root));
  for (const auto& path : options.headers) emit_options.source_paths.push_back(display_path(path, options.source_root));
  std::sort(emit_options.source_paths.begin(), emit_options.source_paths.end());
  emit_options.source_paths.erase(std::unique(emit_options.source_paths.begin(), emit_options.source_paths.end()),
                                  emit_options.source_paths.end());
  if (!options.migrations_dir.empty()) {
    try {
      emit_options.migrations_code = dorm::migrate::migrations_code(options.migrations_dir);
    } catch (const std::exception& e) {
      std::cerr << "dorm-gen: error: " << e.what() << '\n';
      return refused;
    }
  }
  std::vector<dorm::emit::GeneratedFile> files{dorm::emit::emit_models_header(schema, emit_options),
                                               dorm::emit::emit_json_header(schema, emit_options)};
  try {
    int code = ok;
    for (const auto& result : dorm::emit::write_files(options.output_dir, files, options.check)) {
      if (result.outcome == dorm::emit::WriteOutcome::would_change) {
        std::cerr << result.path.string() << " would change\n";
        code = stale;
      }
    }
    if (!options.depfile.empty() && !options.check) {
      write_depfile(options.depfile, options.depfile_target.empty() ? files.front().path : options.depfile_target,
                    dependencies);
    }
    return code;
  } catch (const std::exception& e) {
    std::cerr << "dorm-gen: error: " << e.what() << '\n';
    return io_error;
  }
}

// Parses the command line and runs one subcommand; main() adds the last line of defence.
int run(int argc, char** argv) {
  CLI::App app{"dorm-gen: generates typed C++ models, columns and DDL from JSON Schema files", "dorm-gen"};
  app.set_version_flag("--version", std::string("dorm-gen ") + DORM_VERSION);
  app.require_subcommand(1);

  GenerateOptions options;
  auto* gen = app.add_subcommand("generate", "Generate <output-dir>/<namespace>/models.hpp (and json.hpp) from schema files");
  gen->add_option("--namespace,-n", options.cpp_namespace, "C++ namespace of the generated code (a::b allowed)")->required();
  gen->add_option("--output-dir,-o", options.output_dir, "Directory the header is written under")->required();
  gen->add_option("--source-root", options.source_root, "Banner paths are relative to this directory (default: cwd)");
  gen->add_flag("--check", options.check, "Write nothing; exit 4 when a generated file would change");
  gen->add_option("schemas", options.schemas, "JSON Schema files and annotated C++ headers")->check(CLI::ExistingFile);
  gen->add_option("--header", options.headers, "An annotated C++ header, whatever its extension")->check(CLI::ExistingFile);
  gen->add_option("-p", options.compile_commands_dir, "Directory of a compile_commands.json for the headers' flags");
  gen->add_option("--depfile", options.depfile, "Write the files the header scan read to this depfile");
  gen->add_option("--depfile-target", options.depfile_target, "The depfile's target (default: the header)");
  gen->add_option("--migrations-dir", options.migrations_dir,
                  "Embed this folder's migrations; migrate(db) then applies the pending ones");
  gen->add_flag("--factories", options.factories, "Emit each table's factory definition (for dorm::factory in tests)");

  // Migrations (generator/migrate/commands.hpp): migrate, check, introspect.
  dorm::migrate::MigrateOptions migrate_options;
  std::string migrate_dir;
  auto* mig = app.add_subcommand("migrate", "Write the next migration from the schema's changes since the last one");
  mig->add_option("--name", migrate_options.name, "Label of the migration (0002_<name>.sql)")->required();
  mig->add_option("--migrations-dir", migrate_dir, "The folder of migrations and snapshots")->required();
  mig->add_flag("--allow-destructive", migrate_options.allow_destructive,
                "Write a migration that drops tables/columns, narrows a type or adds NOT NULL without a default");
  mig->add_option("schemas", migrate_options.schemas, "JSON Schema files")->required()->check(CLI::ExistingFile);
  dorm::migrate::CheckOptions check_options;
  std::string check_dir;
  auto* chk = app.add_subcommand("check", "Exit 4 when the schema changed without a migration or a database drifted");
  chk->add_option("--migrations-dir", check_dir, "The folder of migrations and snapshots")->required();
  chk->add_option("--database", check_options.database, "Also compare this database with what the migrations build")
      ->check(CLI::ExistingFile);
  chk->add_option("schemas", check_options.schemas, "JSON Schema files")->required()->check(CLI::ExistingFile);
  std::string introspect_database;
  std::string introspect_out;
  auto* intro = app.add_subcommand("introspect", "Write JSON Schema files for the tables of an existing database");
  intro->add_option("database", introspect_database, "The SQLite database file")->required()->check(CLI::ExistingFile);
  intro->add_option("--out", introspect_out, "Directory the schema files are written to")->required();

  // Everything after `--` is compiler flags for the header scan, as in clang-tidy.
  std::vector<char*> args(argv, argv + argc);
  if (auto dashes = std::find_if(args.begin(), args.end(), [](const char* a) { return std::string_view(a) == "--"; });
      dashes != args.end()) {
    options.compiler_args.assign(dashes + 1, args.end());
    args.erase(dashes, args.end());
  }
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? ok : usage;
  }
  if (mig->parsed()) {
    migrate_options.migrations_dir = migrate_dir;
    return dorm::migrate::run_migrate(migrate_options);
  }
  if (chk->parsed()) {
    check_options.migrations_dir = check_dir;
    return dorm::migrate::run_check(check_options);
  }
  if (intro->parsed()) return dorm::migrate::run_introspect(introspect_database, introspect_out);
  if (options.schemas.empty() && options.headers.empty()) {
    std::cerr << "dorm-gen: error: no schema files or headers given\n" << gen->help();
    return usage;
  }
  // Headers go to the Clang front end, everything else to the JSON one.
  std::vector<std::string> schemas;
  for (auto& path : options.schemas) (is_header(path) ? options.headers : schemas).push_back(path);
  options.schemas = std::move(schemas);
  return generate(options);
}

}  // namespace

int main(int argc, char** argv) {
  // Input problems are diagnostics; anything that still escapes (a library's exception, memory)
  // ends with a message and exit code 1 rather than std::terminate's abort.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "dorm-gen: error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "dorm-gen: error: an unknown exception\n";
  }
  return refused;
}
