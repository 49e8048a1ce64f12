#pragma once
// IR -> the values the mustache templates substitute. Every decision about generated code
// (names, C++ types, SQL text, which columns the database fills) is made here, so templates
// only substitute and loop.
#include <kainjow/mustache.hpp>

#include "ir/schema.hpp"

namespace dorm::emit {

/// The generated type of a column object: `users_email_column` for users.email.
[[nodiscard]] std::string column_type_name(const ir::Table& table, const ir::Column& column);

/// The C++ type of a column's member: `std::int64_t`, `std::optional<std::string>`, ...
[[nodiscard]] std::string member_type(const ir::Column& column);

/// A C++ literal for SQL text: a raw string `R"sql(...)sql"` when possible, escaped otherwise.
[[nodiscard]] std::string sql_literal(std::string_view sql);

/// A C++ literal of type double that reads back as `value`: `0.0`, `150.0`, `0.1`, `1e+300`.
[[nodiscard]] std::string cpp_double_literal(double value);

/// A C++ literal of type std::int64_t's value (INT64_MIN, which has none, as an expression).
[[nodiscard]] std::string cpp_int_literal(std::int64_t value);

/// The name of the rowid-alias key member when `table` has one (a single INTEGER PRIMARY KEY
/// column, which SQLite assigns when it is left out of an INSERT), else "".
[[nodiscard]] std::string rowid_key_member(const ir::Table& table);

/// The foreign keys of `table` as the runtime walks them (dorm/core/foreign_key.hpp), in column
/// order: `dorm::ForeignKey<dorm::Column<comments_post_id_column>, dorm::Column<posts_id_column>>, ...`;
/// "" when it has none.
[[nodiscard]] std::string foreign_key_types(const ir::Table& table, const ir::Schema& schema);

/// The data table.mustache renders for `table` of `schema` (foreign keys name other tables).
[[nodiscard]] kainjow::mustache::data table_view(const ir::Table& table, const ir::Schema& schema);

}  // namespace dorm::emit
