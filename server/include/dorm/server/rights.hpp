#pragma once
// What a dorm-serve token may do with the SQL it sends (docs/server.md, "Security model").
#include <optional>
#include <string_view>

namespace dorm::server {

/// A token's rights, each including the one before: read-only reads rows; read-write also
/// writes rows (INSERT, UPDATE, DELETE); admin also changes the schema (CREATE, DROP, ALTER,
/// ANALYZE, REINDEX) and the database's settings (PRAGMA user_version = ..., journal_mode, ...).
enum class Rights { read_only, read_write, admin };

/// The name of `rights` in token files and messages: "read-only", "read-write", "admin".
[[nodiscard]] constexpr std::string_view rights_name(Rights rights) noexcept {
  switch (rights) {
    case Rights::read_only: return "read-only";
    case Rights::read_write: return "read-write";
    case Rights::admin: return "admin";
  }
  return "read-only";
}

/// The rights named `name` ("read-only", "read-write" or "admin", exactly), or nullopt.
[[nodiscard]] constexpr std::optional<Rights> parse_rights(std::string_view name) noexcept {
  for (Rights rights : {Rights::read_only, Rights::read_write, Rights::admin}) {
    if (name == rights_name(rights)) return rights;
  }
  return std::nullopt;
}

}  // namespace dorm::server
