#include "frontend/clang/annotated_reader.hpp"

#include <clang/AST/ASTConsumer.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/PPCallbacks.h>
#include <clang/Lex/Preprocessor.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/Tooling.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "frontend/clang/annotation.hpp"
#include "frontend/clang/struct_mapper.hpp"

namespace dorm::frontend::annotated {
namespace {

namespace fs = std::filesystem;

/// Records every non-system file the preprocessor enters, for the depfile.
class DependencyCollector : public clang::PPCallbacks {
 public:
  DependencyCollector(const clang::SourceManager& sources, std::set<std::string>& files)
      : sources_(sources), files_(files) {}
  // The scan's own translation unit (the main file) exists only in memory: never a dependency.
  void FileChanged(clang::SourceLocation loc, FileChangeReason reason, clang::SrcMgr::CharacteristicKind kind,
                   clang::FileID) override {
    if (reason != EnterFile || kind != clang::SrcMgr::C_User) return;
    if (sources_.getFileID(sources_.getExpansionLoc(loc)) == sources_.getMainFileID()) return;
    if (const clang::FileEntry* entry = sources_.getFileEntryForID(sources_.getFileID(sources_.getExpansionLoc(loc)))) {
      const llvm::StringRef path = entry->tryGetRealPathName();
      if (!path.empty()) files_.insert(path.str());
    }
  }

 private:
  const clang::SourceManager& sources_;
  std::set<std::string>& files_;
};

/// Maps the annotated structs once the translation unit is parsed.
class ScanConsumer : public clang::ASTConsumer {
 public:
  ScanConsumer(const HeaderSpellings& headers, ir::Schema& out, std::size_t& errors)
      : headers_(headers), out_(out), errors_(errors) {}
  void HandleTranslationUnit(clang::ASTContext& context) override {
    // After Clang's own errors the AST is partial: mapping it would only add noise.
    if (context.getDiagnostics().hasErrorOccurred()) return;
    Reporter reporter(context.getDiagnostics(), context.getSourceManager());
    map_annotated_structs(context, reporter, headers_, out_);
    errors_ += reporter.error_count();
  }

 private:
  const HeaderSpellings& headers_;
  ir::Schema& out_;
  std::size_t& errors_;
};

/// Parses with function bodies skipped: only declarations matter, and Clang 14 cannot parse
/// some libstdc++ 12 inline bodies (std::views).
class ScanAction : public clang::ASTFrontendAction {
 public:
  ScanAction(const HeaderSpellings& headers, ir::Schema& out, ScanResult& result, std::set<std::string>& files)
      : headers_(headers), out_(out), result_(result), files_(files) {}

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& ci, llvm::StringRef) override {
    ci.getFrontendOpts().SkipFunctionBodies = true;
    ci.getPreprocessor().addPPCallbacks(std::make_unique<DependencyCollector>(ci.getSourceManager(), files_));
    return std::make_unique<ScanConsumer>(headers_, out_, result_.error_count);
  }
  void EndSourceFileAction() override {
    const std::size_t all = getCompilerInstance().getDiagnostics().getClient()->getNumErrors();
    result_.compile_errors = all > result_.error_count;
    result_.error_count = all;
  }

 private:
  const HeaderSpellings& headers_;
  ir::Schema& out_;
  ScanResult& result_;
  std::set<std::string>& files_;
};

/// The action factory: one ScanAction for the one translation unit.
class ScanActionFactory : public clang::tooling::FrontendActionFactory {
 public:
  ScanActionFactory(const HeaderSpellings& headers, ir::Schema& out, ScanResult& result, std::set<std::string>& files)
      : headers_(headers), out_(out), result_(result), files_(files) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<ScanAction>(headers_, out_, result_, files_);
  }

 private:
  const HeaderSpellings& headers_;
  ir::Schema& out_;
  ScanResult& result_;
  std::set<std::string>& files_;
};

/// Compiler flags for the scan: `-p`'s command for the first header (interpolated from a nearby
/// source file; a header has no entry of its own), then the flags after `--`.
std::vector<std::string> scan_flags(const ScanOptions& options, const std::string& first_header, std::string& error) {
  std::vector<std::string> flags;
  if (!options.compile_commands_dir.empty()) {
    std::string message;
    auto db = clang::tooling::CompilationDatabase::loadFromDirectory(options.compile_commands_dir, message);
    if (!db) {
      error = message;
      return {};
    }
    db = clang::tooling::inferMissingCompileCommands(std::move(db));
    auto commands = db->getCompileCommands(first_header);
    if (!commands.empty()) {
      clang::tooling::CompileCommand command = commands.front();
      auto args = clang::tooling::getClangStripOutputAdjuster()(command.CommandLine, command.Filename);
      args = clang::tooling::getClangStripDependencyFileAdjuster()(args, command.Filename);
      // Drop the compiler, the input file and the compile-only flag; keep -I, -D, -std, ...
      for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "-c" || args[i] == command.Filename || args[i] == "--") continue;
        if (fs::path(args[i]).is_relative() && args[i] == fs::path(command.Filename).filename()) continue;
        // Relative include paths are relative to the command's directory.
        if (args[i].size() > 2 && args[i].rfind("-I", 0) == 0 && fs::path(args[i].substr(2)).is_relative()) {
          args[i] = "-I" + (fs::path(command.Directory) / args[i].substr(2)).string();
        }
        flags.push_back(args[i]);
      }
    }
  }
  flags.insert(flags.end(), options.compiler_args.begin(), options.compiler_args.end());
  if (std::none_of(flags.begin(), flags.end(), [](const std::string& f) { return f.rfind("-std=", 0) == 0; })) {
    flags.push_back("-std=c++20");
  }
  flags.push_back("-resource-dir=" DORM_CLANG_RESOURCE_DIR);
  // GCC-only warning flags from a compile database must not stop the scan, nor user warnings.
  flags.push_back("-Wno-unknown-warning-option");
  flags.push_back("-w");
  return flags;
}

/// How the generated header includes `header`: relative to the deepest -I directory holding
/// it ("blog/users.hpp"), else its absolute path.
std::string include_spelling(const fs::path& header, const std::vector<std::string>& flags) {
  std::string best;
  for (std::size_t i = 0; i < flags.size(); ++i) {
    std::string dir;
    for (const char* option : {"-I", "-isystem", "-iquote"}) {
      const std::string_view o(option);
      if (flags[i] == o && i + 1 < flags.size()) dir = flags[i + 1];
      else if (flags[i].rfind(option, 0) == 0 && flags[i].size() > o.size()) dir = flags[i].substr(o.size());
    }
    if (dir.empty()) continue;
    std::error_code ec;
    const fs::path base = fs::weakly_canonical(dir, ec);
    if (ec) continue;
    const fs::path rel = header.lexically_relative(base);
    if (rel.empty() || *rel.begin() == "..") continue;
    if (best.empty() || rel.generic_string().size() < best.size()) best = rel.generic_string();
  }
  return best.empty() ? header.generic_string() : best;
}

}  // namespace

ScanResult read_headers(const ScanOptions& options, ir::Schema& out) {
  ScanResult result;
  // Each distinct file once, however often or however spelled it is listed.
  std::vector<fs::path> headers;
  for (const auto& h : options.headers) {
    std::error_code ec;
    fs::path real = fs::weakly_canonical(fs::absolute(h), ec);
    if (ec || !fs::is_regular_file(real)) {
      std::cerr << h << ": error: cannot read header [dorm-cannot-read]\n";
      ++result.error_count;
      continue;
    }
    if (std::find(headers.begin(), headers.end(), real) == headers.end()) headers.push_back(real);
  }
  if (headers.empty()) return result;

  std::string error;
  const std::vector<std::string> flags = scan_flags(options, headers.front().string(), error);
  if (!error.empty()) {
    std::cerr << "dorm-gen: error: -p " << options.compile_commands_dir << ": " << error << '\n';
    ++result.error_count;
    return result;
  }
  HeaderSpellings spellings;
  std::string code;
  for (const auto& h : headers) {
    spellings[h.string()] = include_spelling(h, flags);
    code += "#include \"" + h.string() + "\"\n";
    out.source_files.push_back(h.string());
  }

  // One translation unit including every header: shared includes are parsed once.
  const std::string scan_file = (fs::current_path() / "dorm-scan.cpp").string();
  clang::tooling::FixedCompilationDatabase db(fs::current_path().string(), flags);
  clang::tooling::ClangTool tool(db, {scan_file});
  tool.mapVirtualFile(scan_file, code);
  tool.setPrintErrorMessage(false);
  std::set<std::string> files;
  ScanActionFactory factory(spellings, out, result, files);
  const int status = tool.run(&factory);
  if (status != 0 && result.error_count == 0) {
    ++result.error_count;
    result.compile_errors = true;
  }
  result.dependencies.assign(files.begin(), files.end());
  return result;
}

}  // namespace dorm::frontend::annotated
