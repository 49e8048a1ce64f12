#include "backends/dqlite/error.hpp"

#include "backends/dqlite/protocol.hpp"

namespace dorm::dqlite {

namespace {

// SQLite's result codes, which dqlite sends unchanged. Spelled out here because only the SQLite
// backend may include SQLite's header (tests/runtime/test_engine_boundary.cpp); SQLite keeps these
// numbers stable across versions.
namespace code {
constexpr int busy = 5;
constexpr int locked = 6;
constexpr int ioerr = 10;
constexpr int constraint = 19;
constexpr int misuse = 21;
constexpr int warning = 28;  // the highest primary code of an error
constexpr int row = 100;     // not errors, but a node reports them as FAILURE when a statement
constexpr int done = 101;    // steps in a way it did not expect (a write's RETURNING row)
constexpr int constraint_check = 275;
constexpr int constraint_foreignkey = 787;
constexpr int constraint_notnull = 1299;
constexpr int constraint_primarykey = 1555;
constexpr int constraint_trigger = 1811;
constexpr int constraint_unique = 2067;
}  // namespace code

// The same kinds SQLite's engine reports (backends/sqlite/error.cpp): dqlite sends SQLite's
// extended codes and messages unchanged.
ConstraintError::Kind constraint_kind(int extended_code, std::string_view message) {
  if (extended_code == code::constraint_trigger && message.find("FOREIGN KEY constraint failed") != std::string::npos)
    return ConstraintError::Kind::foreign_key;
  switch (extended_code) {
    case code::constraint_unique: return ConstraintError::Kind::unique;
    case code::constraint_primarykey: return ConstraintError::Kind::primary_key;
    case code::constraint_foreignkey: return ConstraintError::Kind::foreign_key;
    case code::constraint_notnull: return ConstraintError::Kind::not_null;
    case code::constraint_check: return ConstraintError::Kind::check;
    default: return ConstraintError::Kind::other;
  }
}

// "<id> <message>\n  in: <sql>", the layout of the SQLite engine's messages (without the caret:
// a node does not send the error's offset).
std::string describe(std::string_view id, std::string_view message, std::string_view sql) {
  std::string text = std::string(id) + ' ' + std::string(message);
  if (!sql.empty()) {
    text += "\n  in: ";
    text += sql;
  }
  return text;
}

}  // namespace

void throw_failure(std::uint64_t code, std::string_view message, std::string_view sql) {
  if (code == code_not_leader) {
    throw NotLeader(describe("[dorm.dqlite.not_leader]", message, sql), code::ioerr, static_cast<int>(code),
                    std::string(sql));
  }
  if (code == code_leadership_lost) {
    throw LeadershipLost(describe("[dorm.dqlite.leadership_lost]",
                                  "the node lost leadership before the write was replicated: it may or may not "
                                  "be committed",
                                  sql),
                         code::ioerr, static_cast<int>(code), std::string(sql));
  }
  // dqlite's own codes (1001 DQLITE_PROTO, 1005 DQLITE_PARSE): the node could not read the
  // request, a client bug rather than a database condition. Their low byte is no SQLite primary
  // code (those end at code::warning, 28), which tells them from SQLite's extended codes.
  if (((code & 0xff) > code::warning && code != code::row && code != code::done) || code > 0x7fffffffULL) {
    throw ProtocolError(describe("[dorm.dqlite.protocol]",
                                 "the node refused the request (dqlite code " + std::to_string(code) +
                                     "): " + std::string(message),
                                 sql),
                        0, 0, std::string(sql));
  }
  // PREPARE of a text holding no statement fails with code 0, SQLITE_OK.
  if (code == 0) {
    throw MisuseError(describe("[dorm.misuse.empty_sql]", "the SQL text holds no statement", sql), 0, 0,
                      std::string(sql));
  }
  const int extended = static_cast<int>(code);
  const int primary = extended & 0xff;
  std::string text = describe("[dorm.sqlite." + std::to_string(extended) + "]", message, sql);
  switch (primary) {
    case code::constraint: {
      const ConstraintError::Kind kind = constraint_kind(extended, message);
      throw ConstraintError(std::move(text), kind, primary, extended, std::string(sql));
    }
    case code::busy:
    case code::locked: throw BusyError(std::move(text), primary, extended, std::string(sql));
    case code::misuse: throw MisuseError(std::move(text), primary, extended, std::string(sql));
    default: throw SqliteError(std::move(text), primary, extended, std::string(sql));
  }
}

void throw_protocol_error(const std::string& what) { throw ProtocolError("[dorm.dqlite.protocol] " + what); }

}  // namespace dorm::dqlite
