// Fuzz target: JSON Schema text -> reader -> IR checks -> header emission, as `dorm-gen
// generate` runs it, all in memory (no file is read or written, no diagnostic printed). The
// schema's snapshot and first migration (what `dorm-gen migrate` would write) are made too, with
// two invariants a schema must never break:
// - the snapshot reads back as itself (snapshot_text(schema_from_snapshot(s)) == s), or the next
//   `migrate` would diff against a different schema than it wrote;
// - the migration file's text parses back into the statements it was rendered from, or
//   `generate --migrations-dir` would embed different SQL than `migrate` planned;
// - SQLite runs the first migration's statements on an empty database, or an accepted schema
//   would fail at migrate(db).
// Diagnostics are the expected outcome for most inputs; an exception escaping any of these
// calls is a finding (dorm-gen would end with "error: <what>" instead of a located diagnostic).
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "emit/header_emitter.hpp"
#include "finding.hpp"
#include "frontend/json/json_schema_reader.hpp"
#include "ir/diagnostics.hpp"
#include "ir/names.hpp"
#include "ir/relations.hpp"
#include "ir/validate.hpp"
#include "migrate/migrations_dir.hpp"
#include "migrate/plan.hpp"
#include "migrate/snapshot.hpp"

namespace {

std::string joined(const std::vector<std::string>& statements) {
  std::string out;
  for (const std::string& s : statements) out += s + ";\n";
  // parse_migration trims its sections.
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

void check_ddl_runs(const std::vector<std::string>& statements) {
  sqlite3* raw = nullptr;
  sqlite3_open(":memory:", &raw);
  const std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  for (const std::string& sql : statements) {
    char* error = nullptr;
    if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error != nullptr ? error : "";
      sqlite3_free(error);
      dorm::fuzz::finding("SQLite refuses a statement of an accepted schema's first migration", sql + "\n" + message);
    }
  }
}

void check_migration_files(const dorm::ir::Schema& schema) {
  const std::string snapshot = dorm::migrate::snapshot_text(schema);
  const dorm::ir::Schema reread = dorm::migrate::schema_from_snapshot(snapshot, "fuzz.snapshot.json");
  if (const std::string again = dorm::migrate::snapshot_text(reread); again != snapshot)
    dorm::fuzz::finding("the snapshot does not read back as itself", snapshot + "\n--- read back as ---\n" + again);

  const dorm::migrate::MigrationPlan plan = dorm::migrate::plan_migration({}, schema);
  check_ddl_runs(plan.up);
  const std::string text = dorm::migrate::render_migration("0001_fuzz", "", plan);
  const dorm::migrate::MigrationFile parsed = dorm::migrate::parse_migration(text, "0001_fuzz");
  if (parsed.up_sql != joined(plan.up) || parsed.down_sql != joined(plan.down) || !parsed.follows.empty() ||
      parsed.needs_foreign_keys_off != plan.needs_foreign_keys_off)
    dorm::fuzz::finding("the migration file does not parse back into its statements",
                        text + "\n--- up parsed as ---\n" + parsed.up_sql);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  dorm::ir::Schema schema;
  dorm::ir::Diagnostics diags;
  dorm::frontend::json::read_schema_text(text, "fuzz.json", schema, diags);
  // As generate(): after a JSON syntax error the file's tables are missing, so no rules run.
  const bool syntax_error = std::any_of(diags.all().begin(), diags.all().end(), [](const dorm::ir::Diagnostic& d) {
    return d.code.rfind("dorm-json-", 0) == 0;
  });
  if (!syntax_error) {
    dorm::ir::resolve_relations(schema);
    dorm::ir::assign_names(schema);
    dorm::ir::validate(schema, diags);
  }
  // The text dorm-gen prints; formatting it is part of the path.
  static_cast<void>(diags.str());
  if (diags.has_errors()) return 0;

  const dorm::emit::GeneratedFile header = dorm::emit::emit_models_header(schema, {"fuzz", {"fuzz.json"}});
  if (header.content.empty()) dorm::fuzz::finding("an accepted schema gave an empty header", text);
  check_migration_files(schema);
  return 0;
}
