#pragma once
// The exact value encoding of the mirror outbox (dorm/tenancy/mirror.hpp). The triggers dorm installs
// pack each changed row with it (dorm_mirror_pack), and replay unpacks the blobs. Each value is
// a tag byte (SQLite's type code) and its payload: 8 bytes little-endian for an INTEGER or the
// bits of a REAL, an 8-byte length and the bytes for TEXT (UTF-8) and BLOB, nothing for NULL.
// Unlike json_object() or quote() it keeps every REAL bit, BLOBs and NUL bytes in text, and it
// needs no parsing of SQL. The encoding is canonical: a blob that unpacks re-encodes to the same
// bytes. Its own unit so fuzz/fuzz_mirror_codec can drive it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dorm/core/connection.hpp"

namespace dorm::detail {

/// One decoded value: `type` is a StorageClass's number (INTEGER 1, REAL 2, TEXT 3, BLOB 4,
/// NULL 5); `bytes` holds TEXT and BLOB payloads.
struct MirrorValue {
  int type = 5;
  std::int64_t integer = 0;
  double real = 0;
  std::string bytes;
};

/// Appends `v` as 8 bytes, least significant first.
void append_u64(std::string& out, std::uint64_t v);

/// Appends the encoding of value `v` (its storage class, then its payload).
void append_mirror_value(std::string& out, const ColumnValue& v);

/// The encoding of `names` as TEXT values, in order (the outbox's column lists).
[[nodiscard]] std::string pack_mirror_names(const std::vector<std::string>& names);

/// The values encoded in `size` bytes at `data` (`data` may be null when `size` is 0); nullopt
/// when the bytes are not a whole sequence of values (an unknown tag, a cut payload).
[[nodiscard]] std::optional<std::vector<MirrorValue>> unpack_mirror_values(const unsigned char* data,
                                                                           std::size_t size);

}  // namespace dorm::detail
