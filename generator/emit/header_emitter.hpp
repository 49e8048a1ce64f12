#pragma once
// IR -> the generated headers' text. Pure: returns text keyed by relative path and touches no file
// (emit/file_writer does that).
#include <string>
#include <vector>

#include "ir/schema.hpp"

namespace dorm::emit {

/// One output file: a path relative to the output directory and its full content.
struct GeneratedFile {
  std::string path;
  std::string content;
};

struct EmitOptions {
  std::string cpp_namespace;              ///< e.g. "blog" or "app::db"
  std::vector<std::string> source_paths;  ///< schema paths as the banner shows them
  /// C++ declaring `migrations[]` and a migrate() that applies them (migrate::migrations_code);
  /// when set it replaces the CREATE-IF-NOT-EXISTS migrate(). "" without a migrations folder.
  std::string migrations_code = {};
  /// Emit each table's factory_definition(n) and required_parents (dorm::factory): only when the
  /// build asks for them (dorm_generate(... FACTORIES), `dorm-gen generate --factories`).
  bool factories = false;
};

/// The models header of `schema` at `<namespace path>/models.hpp`. Tables are emitted sorted by
/// SQL name and sources sorted, so the bytes do not depend on the order of the input files.
[[nodiscard]] GeneratedFile emit_models_header(const ir::Schema& schema, const EmitOptions& options);

/// The JSON conversion header of `schema` at `<namespace path>/json.hpp`: an nlohmann-json
/// serializer per model (dorm::JsonSerializer), tables sorted by SQL name.
[[nodiscard]] GeneratedFile emit_json_header(const ir::Schema& schema, const EmitOptions& options);

/// The text of an embedded template (defined in the file cmake/EmbedTemplates.cmake writes).
std::string_view embedded_template(std::string_view name);

}  // namespace dorm::emit
