#pragma once
// Tenant names and the file names dorm::Pool stores them under.
//
// A tenant name comes from outside (a user id, a customer's subdomain), so it must never
// reach outside the pool's folder or collide with another tenant's file on any file system
// dorm runs on. The rules (docs/pool.md, "Names"):
//
// - Rejected (TenantNameError): empty; longer than 64 bytes; NUL or another control byte
//   (0x00-0x1F, 0x7F); an absolute path ("/x", "\x", "C:x"); '/' or '\'; ':'; "." and "..";
//   a leading or trailing dot or space; a Windows device name (CON, PRN, AUX, NUL, COM0-9,
//   LPT0-9, COM/LPT with a superscript 1-3, CONIN$, CONOUT$), in any case, alone or before
//   an extension ("con.txt", "Aux .log").
// - Mapped: bytes in [a-z0-9_-] stay; every other byte (uppercase letters, spaces, dots,
//   punctuation, UTF-8) becomes "%XX" with two uppercase hex digits. "Alice" -> "%41lice", so
//   "Alice" and "alice" stay two files on case-insensitive file systems (macOS, Windows).
// - File name: "<mapped>.db", or "<prefix>.<mapped>.db" with a version prefix. A prefix is
//   1-32 bytes of [a-z0-9_-] and not a device name; the dot cannot appear in a mapped name,
//   so every file belongs to exactly one prefix.
//
// Why 64 bytes: the worst case ("%XX" for every byte) is 192 bytes, plus a 32-byte prefix,
// its dot, ".db" and SQLite's longest side file suffix ("-journal") is 236 bytes: under the
// 255-byte file name limit of ext4, APFS, NTFS and the rest, whatever the name holds.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "dorm/core/error.hpp"

namespace dorm {

/// A tenant name (or version prefix) was rejected. The message starts with
/// `[dorm.tenant_name.<rule>]`, names the rule and quotes the name with control bytes, quotes
/// and backslashes escaped (`"a\x00b"`), so it is safe to log.
class TenantNameError : public Error {
 public:
  using Error::Error;
};

/// The longest tenant name accepted, in bytes (see the header comment for why).
inline constexpr std::size_t max_tenant_name_length = 64;
/// The longest version prefix accepted, in bytes.
inline constexpr std::size_t max_version_prefix_length = 32;

/// Validates `name` (and `version_prefix`) and returns the tenant's file name inside the pool
/// folder: `tenant_file_name("Alice")` is "%41lice.db", `tenant_file_name("alice", "v2")` is
/// "v2.alice.db". Throws TenantNameError naming the broken rule.
[[nodiscard]] std::string tenant_file_name(std::string_view name, std::string_view version_prefix = {});

/// The inverse, for listing a folder: the tenant name stored in `file_name`, or nullopt when
/// the file is not a tenant database of this prefix (another prefix's file, a "-wal" file, a
/// name not in canonical form). For every valid name n,
/// `tenant_name_of_file(tenant_file_name(n, p), p) == n`.
[[nodiscard]] std::optional<std::string> tenant_name_of_file(std::string_view file_name,
                                                             std::string_view version_prefix = {});

/// Throws TenantNameError when `version_prefix` is not a valid prefix (the empty prefix is).
void validate_version_prefix(std::string_view version_prefix);

/// `text` in double quotes with control bytes, bytes above 0x7E, quotes and backslashes
/// escaped, cut after 80 bytes: how error messages quote names that came from outside.
[[nodiscard]] std::string quote_name(std::string_view text);

}  // namespace dorm
