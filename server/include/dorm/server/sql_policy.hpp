#pragma once
// Which actions of SQL sent over HTTP a token's rights allow: the rule dorm-serve's SqlGuard
// installs as the connection's authorizer (docs/server.md, "Security model", has the table).
//
// Refused for every token, admin included, because SQL over HTTP must never leave its database
// or change the server itself: ATTACH and DETACH (and so VACUUM, which attaches its copy),
// load_extension() and the file-touching functions (readfile, writefile, edit, fsdir, zipfile),
// fts3_tokenizer(), the sqlite_dbpage / sqlite_dbdata / sqlite_stmt tables, PRAGMA
// writable_schema, pragmas that change the shared connection or the process (query_only,
// trusted_schema, foreign_keys = ..., temp_store_directory, mmap_size, ...), temporary tables,
// views, triggers and indexes (they would outlive the request on a shared connection).
// Transaction statements are left to the request pipeline (query_runner.hpp), which keeps a
// transaction from outliving its request and a "transaction" body atomic.
#include <optional>
#include <string>

#include "dorm/backends/sqlite/statement_action.hpp"
#include "dorm/server/rights.hpp"

namespace dorm::server {

/// What `rights` refuse of `action`, as the 403 says it after "refused: " ("ATTACH", "write to
/// table 'users' with a read-only token"), or nullopt when the action is allowed.
[[nodiscard]] std::optional<std::string> sql_refusal(const sqlite::StatementAction& action, Rights rights);

}  // namespace dorm::server
