#include "dorm/detail/mirror_codec.hpp"

#include <bit>

namespace dorm::detail {

static_assert(static_cast<int>(StorageClass::null) == 5, "MirrorValue's default type is the NULL storage class");

namespace {

void append_bytes(std::string& out, const void* data, std::size_t size) {
  append_u64(out, size);
  if (size != 0) out.append(static_cast<const char*>(data), size);
}

}  // namespace

void append_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void append_mirror_value(std::string& out, const ColumnValue& v) {
  const StorageClass type = v.storage_class();
  out += static_cast<char>(type);
  switch (type) {
    case StorageClass::integer: append_u64(out, static_cast<std::uint64_t>(v.integer())); break;
    case StorageClass::real: append_u64(out, std::bit_cast<std::uint64_t>(v.real())); break;
    case StorageClass::text: {
      const std::string_view text = v.text();
      append_bytes(out, text.data(), text.size());
      break;
    }
    case StorageClass::blob: {
      const void* blob = v.blob_data();
      append_bytes(out, blob, v.size());
      break;
    }
    default: break;
  }
}

std::string pack_mirror_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += static_cast<char>(StorageClass::text);
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
      case static_cast<int>(StorageClass::null): break;
      case static_cast<int>(StorageClass::integer):
        if (!read_u64(u)) return std::nullopt;
        value.integer = static_cast<std::int64_t>(u);
        break;
      case static_cast<int>(StorageClass::real):
        if (!read_u64(u)) return std::nullopt;
        value.real = std::bit_cast<double>(u);
        break;
      case static_cast<int>(StorageClass::text):
      case static_cast<int>(StorageClass::blob):
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
