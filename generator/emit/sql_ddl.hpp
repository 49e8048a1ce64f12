#pragma once
// IR -> CREATE TABLE / CREATE INDEX text. Every identifier and literal goes through ir/names,
// so no schema text is ever spliced into SQL unquoted.
#include <string>
#include <vector>

#include "ir/schema.hpp"

namespace dorm::emit {

/// The SQL of a column default: `NULL`, `42`, `1` (true), `'it''s'`, or `(CURRENT_TIMESTAMP)`.
[[nodiscard]] std::string default_sql(const ir::DefaultValue& value);

/// One CHECK constraint of a column: `name` is `<column>_<keyword>` ("name_maxLength"), so
/// SQLite's "CHECK constraint failed: name_maxLength" says which column broke which rule.
struct CheckConstraint {
  std::string name;
  std::string expression;  ///< `length("name") <= 10`

  /// `CONSTRAINT "name_maxLength" CHECK (length("name") <= 10)`
  [[nodiscard]] std::string sql() const;
  bool operator==(const CheckConstraint&) const = default;
};

/// The CHECK constraints of `column`'s validation keywords that SQLite can express, in keyword
/// order: minLength, maxLength (`length()`, which counts characters of TEXT: code points),
/// minimum, exclusiveMinimum, maximum, exclusiveMaximum, enum (`IN (...)`, without null: a
/// nullable column's NULL passes, as every CHECK passes NULL), format (a GLOB of the value's
/// shape for email, uuid, date and date-time; validate() checks exactly). `pattern` has none:
/// SQLite has no regular expressions. A JSON column gets one, `<column>_json`:
/// `col IS NULL OR (json_valid(col) AND json_type(col) = 'object')` (or 'array'). Time points
/// get none.
[[nodiscard]] std::vector<CheckConstraint> check_constraints(const ir::Column& column);

/// One column's definition as CREATE TABLE writes it: `"email" TEXT NOT NULL UNIQUE`.
[[nodiscard]] std::string column_definition(const ir::Table& table, const ir::Column& column);

/// `CREATE TABLE IF NOT EXISTS` for `table`, then one `CREATE [UNIQUE] INDEX IF NOT EXISTS` per
/// index, in schema order, without trailing semicolons. One column per line, two-space indent:
///
///     CREATE TABLE IF NOT EXISTS "users" (
///       "id" INTEGER PRIMARY KEY AUTOINCREMENT,
///       "email" TEXT NOT NULL UNIQUE,
///       CONSTRAINT "email_maxLength" CHECK (length("email") <= 254)
///     )
///
/// After the columns: a composite PRIMARY KEY, UNIQUE constraints, the CHECK constraints of
/// every column (in column order), then FOREIGN KEYs.
[[nodiscard]] std::vector<std::string> create_statements(const ir::Table& table);

}  // namespace dorm::emit
