#include "dorm/detail/mirror_codec.hpp"

#include <sqlite3.h>

#include <bit>

namespace dorm::detail {

static_assert(SQLITE_NULL == 5, "MirrorValue's default type is SQLite's NULL type code");

namespace {

void append_bytes(std::string& out, const void* data, std::size_t size) {
  append_u64(out, size);
  if (size != 0) out.append(static_cast<const char*>(data), size);
}

}  // namespace

void append_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void append_mirror_value(std::string& out, sqlite3_value* v) {
  int type = sqlite3_value_type(v);
  out += static_cast<char>(type);
  switch (type) {
    case SQLITE_INTEGER: append_u64(out, static_cast<std::uint64_t>(sqlite3_value_int64(v))); break;
    case SQLITE_FLOAT: append_u64(out, std::bit_cast<std::uint64_t>(sqlite3_value_double(v))); break;
    case SQLITE_TEXT: {
      const unsigned char* text = sqlite3_value_text(v);
      append_bytes(out, text, static_cast<std::size_t>(sqlite3_value_bytes(v)));
      break;
    }
    case SQLITE_BLOB: {
      const void* blob = sqlite3_value_blob(v);
      append_bytes(out, blob, static_cast<std::size_t>(sqlite3_value_bytes(v)));
      break;
    }
    default: break;
  }
}

std::string pack_mirror_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += static_cast<char>(SQLITE_TEXT);
    append_bytes(out, name.data(), name.size());
  }
  return out;
}

std::optional<std::vector<MirrorValue>> unpack_mirror_values(const unsigned char* data, std::size_t size) {
  std::vector<MirrorValue> values;
  std::size_t at = 0;
  auto read_u64 = [&](std::uint64_t& v) {
    if (size - at < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(data[at + static_cast<std::size_t>(i)]) << (8 * i);
    at += 8;
    return true;
  };
  while (at < size) {
    MirrorValue& value = values.emplace_back();
    value.type = data[at++];
    std::uint64_t u = 0;
    switch (value.type) {
      case SQLITE_NULL: break;
      case SQLITE_INTEGER:
        if (!read_u64(u)) return std::nullopt;
        value.integer = static_cast<std::int64_t>(u);
        break;
      case SQLITE_FLOAT:
        if (!read_u64(u)) return std::nullopt;
        value.real = std::bit_cast<double>(u);
        break;
      case SQLITE_TEXT:
      case SQLITE_BLOB:
        if (!read_u64(u) || u > size - at) return std::nullopt;
        value.bytes.assign(reinterpret_cast<const char*>(data + at), static_cast<std::size_t>(u));
        at += static_cast<std::size_t>(u);
        break;
      default: return std::nullopt;
    }
  }
  return values;
}

}  // namespace dorm::detail
