#pragma once
// JSON Schema -> IR. The reader only maps the document onto ir::Table values and reports what
// only the front end can see (a keyword of the wrong JSON type, an unknown x-dorm-* keyword, an
// unknown name in `required`, a bad `type`). Rules across columns and tables live in ir::validate.
// The accepted dialect is documented keyword by keyword in docs/json-schema.md.
#include <string>
#include <string_view>

#include "ir/diagnostics.hpp"
#include "ir/schema.hpp"

namespace dorm::frontend::json {

/// Reads the schema file at `path` (one table, or several under `$defs`), appends its tables to
/// `out.tables` and `path` to `out.source_files`. Problems go to `diags`, located in the file.
void read_schema_file(const std::string& path, ir::Schema& out, ir::Diagnostics& diags);

/// Same as read_schema_file for text already in memory; `display_path` names it in locations.
void read_schema_text(std::string_view text, const std::string& display_path, ir::Schema& out, ir::Diagnostics& diags);

}  // namespace dorm::frontend::json
