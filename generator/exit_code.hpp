#pragma once
// dorm-gen's exit codes, one set for every subcommand (generate in main.cpp; migrate, check and
// introspect in migrate/commands.cpp). docs/migrations.md and the README list them.

namespace dorm::cli {

/// What a dorm-gen run ended with: its process exit status.
enum ExitCode : int {
  ok = 0,
  /// The input was refused: schema errors, a destructive change without --allow-destructive, a
  /// branch in the migrations, or any other failure (said on stderr).
  refused = 1,
  /// The command line was wrong.
  usage = 2,
  /// A file could not be read or written.
  io_error = 3,
  /// Something is out of date: a generated file (`generate --check`), or the schemas or a
  /// database against the migrations (`check`).
  stale = 4,
};

}  // namespace dorm::cli
