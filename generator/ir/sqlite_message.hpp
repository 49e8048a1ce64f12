#pragma once
// SQLite's own message inside a dorm::Error, for dorm-gen's messages that quote SQLite (an SQL
// default SQLite refuses, a catalog it cannot read): dorm-gen reaches SQLite only through
// dorm::Database, whose errors read "[dorm.sqlite.<code>] <SQLite's message>\n  in: <SQL>".
#include <string>

#include <dorm/core/error.hpp>

namespace dorm::ir {

/// SQLite's message of `error` without dorm's "[dorm.sqlite.<code>] " prefix and the "in: <SQL>"
/// lines: "near \")\": syntax error". Other errors' whole text.
[[nodiscard]] std::string sqlite_message(const dorm::Error& error);

}  // namespace dorm::ir
