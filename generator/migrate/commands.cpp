#include "migrate/commands.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <dorm/core/database.hpp>
#include <dorm/schema/migrations.hpp>
#include <dorm/schema/schema_shape.hpp>

#include "emit/file_writer.hpp"
#include "exit_code.hpp"
#include "frontend/json/json_schema_reader.hpp"
#include "ir/diagnostics.hpp"
#include "ir/names.hpp"
#include "ir/relations.hpp"
#include "ir/sqlite_message.hpp"
#include "ir/validate.hpp"
#include "migrate/introspect.hpp"
#include "migrate/schema_files.hpp"
#include "migrate/migrations_dir.hpp"
#include "migrate/plan.hpp"
#include "migrate/snapshot.hpp"

namespace dorm::migrate {
namespace {

using namespace dorm::cli;  // ExitCode

/// The schemas through the JSON front end and the IR checks, as `generate` reads them.
std::optional<ir::Schema> load_schema(const std::vector<std::string>& paths) {
  ir::Schema schema;
  ir::Diagnostics diags;
  for (const auto& path : paths) frontend::json::read_schema_file(path, schema, diags);
  if (!diags.has_errors()) {
    ir::resolve_relations(schema);
    ir::assign_names(schema);
    ir::validate(schema, diags);
  }
  std::cerr << diags.str();
  if (diags.has_errors()) {
    std::cerr << "dorm-gen: " << diags.error_count() << (diags.error_count() == 1 ? " error" : " errors")
              << "; nothing was written\n";
    return std::nullopt;
  }
  return schema;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The migrations of `dir`, or nullopt after reporting branch conflicts.
std::optional<std::vector<MigrationFile>> history(const std::filesystem::path& dir) {
  std::vector<MigrationFile> migrations = read_migrations(dir);
  const std::vector<std::string> conflicts = find_conflicts(migrations);
  for (const std::string& c : conflicts) std::cerr << "dorm-gen: error: " << c << '\n';
  if (!conflicts.empty()) return std::nullopt;
  return migrations;
}

ir::Schema latest_snapshot(const std::vector<MigrationFile>& migrations) {
  if (migrations.empty()) return {};
  const std::filesystem::path& path = migrations.back().snapshot_path;
  return schema_from_snapshot(read_text(path), path.filename().string());
}

/// `path` opened read-only; std::runtime_error "cannot open database '<path>': <why>" when it
/// cannot be (a missing file, or one that is not a database).
Database open_read_only(const std::string& path) {
  OpenOptions options;
  options.create = false;
  options.read_only = true;
  try {
    return Database::open(path, options);
  } catch (const Error& e) {
    throw std::runtime_error(ir::sqlite_message(e));
  }
}

}  // namespace

int run_migrate(const MigrateOptions& options) {
  // [A-Za-z0-9][A-Za-z0-9_-]*, as a loop: std::regex recursed once per character.
  const auto is_label_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; };
  const std::string& label = options.name;
  if (label.empty() || label.front() == '_' || label.front() == '-' ||
      !std::all_of(label.begin(), label.end(), is_label_char)) {
    std::cerr << "dorm-gen: error: --name '" << options.name
              << "' must be letters, digits, '_' and '-' (it becomes part of a file name)\n";
    return usage;
  }
  const auto schema = load_schema(options.schemas);
  if (!schema) return refused;
  try {
    const auto migrations = history(options.migrations_dir);
    if (!migrations) return refused;
    const MigrationPlan plan = plan_migration(latest_snapshot(*migrations), *schema);
    const std::string follows = migrations->empty() ? "" : migrations->back().id;
    if (plan.empty()) {
      std::cerr << "dorm-gen: the schema has not changed since " << (follows.empty() ? "(no migrations)" : follows)
                << "; nothing was written\n";
      return ok;
    }
    if (!plan.destructive.empty() && !options.allow_destructive) {
      for (const std::string& d : plan.destructive)
        std::cerr << "dorm-gen: error: migration '" << options.name << "' would lose data: " << d
                  << "; pass --allow-destructive to write it anyway\n";
      std::cerr << "dorm-gen: nothing was written\n";
      return refused;
    }
    char number[16];
    std::snprintf(number, sizeof number, "%04d", migrations->empty() ? 1 : migrations->back().number + 1);
    const std::string id = std::string(number) + '_' + options.name;
    emit::write_files(options.migrations_dir,
                      {{id + ".sql", render_migration(id, follows, plan)}, {id + ".snapshot.json", snapshot_text(*schema)}},
                      false);
    std::cerr << "dorm-gen: wrote " << (options.migrations_dir / (id + ".sql")).string() << ":\n";
    for (const std::string& c : plan.changes) std::cerr << "  " << c << '\n';
    return ok;
  } catch (const std::exception& e) {
    std::cerr << "dorm-gen: error: " << e.what() << '\n';
    return io_error;
  }
}

namespace {

/// "1 table", "5 tables", "2 indexes".
std::string count(std::size_t n, const std::string& noun, const std::string& plural = "") {
  return std::to_string(n) + ' ' + (n == 1 ? noun : plural.empty() ? noun + 's' : plural);
}

/// Builds what `migrations` build in a private in-memory database.
dorm::Database build_migrations(const std::vector<MigrationFile>& migrations) {
  dorm::OpenOptions options;
  options.wal = false;
  options.foreign_keys = false;
  dorm::Database fresh = dorm::Database::open(":memory:", options);
  for (const MigrationFile& m : migrations) {
    try {
      fresh.execute_script(m.up_sql);
    } catch (const dorm::Error& e) {
      throw std::runtime_error("migration " + m.id + " fails on an empty database: " + e.what());
    }
  }
  return fresh;
}

/// Compares the database at `path` with what `migrations` build, and its record of applied
/// migrations with the files. Prints what differs to stderr; returns the summary of a match, or
/// nullopt when something differs.
std::optional<std::string> check_database(const std::string& path, const std::vector<MigrationFile>& migrations,
                                          const std::filesystem::path& migrations_dir) {
  dorm::OpenOptions read_only;
  read_only.read_only = true;
  read_only.create = false;
  dorm::Database live = dorm::Database::open(path, read_only);
  bool same = true;

  dorm::Database fresh = build_migrations(migrations);
  const dorm::SchemaShape want = dorm::schema_shape(fresh);
  const dorm::SchemaShape have = dorm::schema_shape(live);
  const dorm::ShapeDifference difference = dorm::shape_difference(want, have);
  if (!difference.empty()) {
    std::cerr << "dorm-gen: error: " << path << " differs from what the migrations build"
              << " (- expected, + in the database):\n"
              << difference.str();
    same = false;
  }

  // What the database recorded: an applied migration whose file changed since is an edit the
  // runtime will refuse ([dorm.migration.checksum]); say so now, with the runtime's checksum.
  std::map<std::string, std::string> applied;
  if (live.query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE name = 'dorm_migrations'").value_or(0) != 0)
    for (auto& [id, sum] : live.query<std::tuple<std::string, std::string>>("SELECT id, checksum FROM dorm_migrations"))
      applied.emplace(std::move(id), std::move(sum));
  std::size_t recorded = 0;
  for (const MigrationFile& m : migrations) {
    const auto it = applied.find(m.id);
    if (it == applied.end()) continue;
    ++recorded;
    const std::string now = dorm::migration_checksum(m.up_sql);
    if (it->second != now) {
      std::cerr << "dorm-gen: error: " << m.sql_path.string() << " was edited after " << path
                << " applied it (checksum " << it->second << " in the database, " << now
                << " now); restore it and write a new migration instead\n";
      same = false;
    }
  }
  if (!same) {
    if (!applied.empty() && recorded < migrations.size())
      std::cerr << "note: " << path << " has applied " << recorded << " of the " << migrations.size()
                << " migrations in " << migrations_dir.string() << "; migrate(db) applies the rest\n";
    return std::nullopt;
  }
  std::string summary = path + " matches what the migrations build (" + count(migrations.size(), "migration") + "; " +
                        count(have.tables, "table") + ", " + count(have.columns, "column") + ", " +
                        count(have.indexes, "index", "indexes") + ", " + count(have.foreign_keys, "foreign key") + "); ";
  if (applied.empty()) {
    summary += "it records no applied migrations, so migrate(db) will adopt it";
  } else if (recorded < migrations.size()) {
    summary += "it has applied " + std::to_string(recorded) + " of them, unchanged; migrate(db) applies the rest";
  } else {
    summary += "it has applied all of them, unchanged";
  }
  return summary;
}

}  // namespace

int run_check(const CheckOptions& options) {
  const auto schema = load_schema(options.schemas);
  if (!schema) return refused;
  try {
    const auto migrations = history(options.migrations_dir);
    if (!migrations) return refused;
    const MigrationPlan plan = plan_migration(latest_snapshot(*migrations), *schema);
    const std::string latest = migrations->empty() ? std::string("(no migrations)") : migrations->back().id;
    int code = ok;
    if (!plan.empty()) {
      std::cerr << "dorm-gen: error: the schema changed since " << latest << " and no migration says so:\n";
      for (const std::string& c : plan.changes) std::cerr << "  " << c << '\n';
      std::cerr << "note: run 'dorm-gen migrate --name <label> --migrations-dir " << options.migrations_dir.string()
                << " <schemas...>'\n";
      code = stale;
    }
    std::optional<std::string> database_summary;
    if (!options.database.empty()) {
      database_summary = check_database(options.database, *migrations, options.migrations_dir);
      if (!database_summary) code = stale;
    }
    if (code == ok) {
      std::cout << "dorm-gen: check passed: the schemas (" << count(schema->tables.size(), "table") << ") match "
                << (migrations->empty() ? std::string("an empty history") : "migration " + latest);
      if (database_summary) std::cout << "; " << *database_summary;
      std::cout << '\n';
    }
    return code;
  } catch (const std::exception& e) {
    std::cerr << "dorm-gen: error: " << e.what() << '\n';
    return io_error;
  }
}

int run_introspect(const std::string& database, const std::filesystem::path& out_dir) {
  try {
    Database db = open_read_only(database);
    std::vector<std::string> skipped;
    ir::Schema schema = read_database(db, skipped);
    ir::infer_relations_from_foreign_keys(schema);
    for (const std::string& s : skipped)
      std::cerr << database << ": warning: " << s << " cannot be written in JSON Schema and was left out\n";
    const auto files = schema_files(schema);
    emit::write_files(out_dir, files, false);
    std::cerr << "dorm-gen: wrote " << files.size() << " schema files to " << out_dir.string() << '\n';
    return ok;
  } catch (const std::exception& e) {
    std::cerr << "dorm-gen: error: " << e.what() << '\n';
    return io_error;
  }
}

std::string migrations_code(const std::filesystem::path& migrations_dir) {
  const std::vector<MigrationFile> migrations = read_migrations(migrations_dir);
  const std::vector<std::string> conflicts = find_conflicts(migrations);
  if (!conflicts.empty()) throw std::runtime_error(conflicts.front());
  if (migrations.empty())
    throw std::runtime_error(migrations_dir.string() +
                             " holds no migrations; write the first with 'dorm-gen migrate --name init'");
  std::string out = "/// The migrations of this schema, oldest first (written by `dorm-gen migrate`).\n";
  out += "inline const dorm::Migration migrations[] = {\n";
  for (const MigrationFile& m : migrations) {
    out += "    {" + ir::cpp_string_literal(m.id) + ", " + ir::cpp_string_literal(dorm::migration_checksum(m.up_sql)) + ",\n     " +
           ir::cpp_string_literal(m.up_sql) + ",\n     " + (m.needs_foreign_keys_off ? "true" : "false") + "},\n";
  }
  out += "};\n\n";
  out += "/// Applies the migrations this database has not applied yet, each in its own transaction\n";
  out += "/// (dorm::apply_migrations). Safe to call at every start-up.\n";
  out += "inline void migrate(dorm::Database& db) { dorm::apply_migrations(db, migrations); }";
  return out;
}

}  // namespace dorm::migrate
