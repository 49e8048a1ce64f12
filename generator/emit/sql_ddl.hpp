#pragma once
// IR -> CREATE TABLE / CREATE INDEX text. Every identifier and literal goes through ir/names,
// so no schema text is ever spliced into SQL unquoted.
#include <string>
#include <vector>

#include "ir/schema.hpp"

namespace dorm::emit {

/// The storage class keyword of a column: INTEGER, REAL, TEXT or BLOB.
[[nodiscard]] std::string storage_keyword(ir::Storage storage);

/// The SQL of a column default: `NULL`, `42`, `1` (true), `'it''s'`, or `(CURRENT_TIMESTAMP)`.
[[nodiscard]] std::string default_sql(const ir::DefaultValue& value);

/// `CREATE TABLE IF NOT EXISTS` for `table`, then one `CREATE [UNIQUE] INDEX IF NOT EXISTS` per
/// index, in schema order, without trailing semicolons. One column per line, two-space indent:
///
///     CREATE TABLE IF NOT EXISTS "users" (
///       "id" INTEGER PRIMARY KEY AUTOINCREMENT,
///       "email" TEXT NOT NULL UNIQUE
///     )
[[nodiscard]] std::vector<std::string> create_statements(const ir::Table& table);

}  // namespace dorm::emit
