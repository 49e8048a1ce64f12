#pragma once
// What the SQL a client sends does, as far as dqlite 1.11 needs to know before sending it: a
// write run as QUERY crashes a 1.11 node (an assertion in its VFS), and a write with RETURNING
// run as EXEC is applied and then reported as failed ("another row available"). A node says
// neither before it is too late, so the client reads the SQL's top-level keywords itself:
// outside parentheses, quotes and comments, a statement writes when it holds INSERT, UPDATE,
// DELETE or REPLACE (a keyword, not the replace() function); RETURNING is the clause.
#include <string_view>

namespace dorm::dqlite {

/// How the statements of a text leave the transaction, in order: BEGIN opens one; COMMIT,
/// END and ROLLBACK (not ROLLBACK TO) end it. SAVEPOINT and RELEASE are not followed.
enum class TransactionEffect { none, opens, ends };

/// What the statements of one SQL text do.
struct WriteScan {
  bool writes = false;            ///< some statement inserts, updates or deletes
  bool write_returns_rows = false;  ///< some such statement has a RETURNING clause
  /// The first statement gives rows: SELECT, VALUES, EXPLAIN, a WITH that does not write, a
  /// PRAGMA without '=' (what runs as QUERY; the rest runs as EXEC).
  bool first_reads = false;
  TransactionEffect transaction = TransactionEffect::none;  ///< the last BEGIN/COMMIT/... of the text
};

/// Scans every statement of `sql` (separated by top-level semicolons). Keywords are matched
/// case-insensitively; words inside '...', "...", [...], `...`, -- and /* */ comments and
/// parentheses (subqueries, CTE bodies) do not count, a top-level WITH's write does.
[[nodiscard]] WriteScan scan_writes(std::string_view sql) noexcept;

/// The first statement of `script` as written: up to and with its top-level ';', or all of it
/// when there is none. The rest of the script follows it (as SQLite's prepare leaves a tail).
[[nodiscard]] std::string_view first_statement(std::string_view script) noexcept;

}  // namespace dorm::dqlite
