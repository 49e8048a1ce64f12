#include "backends/dqlite/tuple.hpp"

#include <string>

#include "backends/dqlite/error.hpp"
#include "dorm/core/error.hpp"

namespace dorm::dqlite {

namespace {

WireType sent_type(const Value& value) {
  switch (value.storage_class()) {
    case StorageClass::integer: return WireType::integer;
    case StorageClass::real: return WireType::real;
    case StorageClass::text: return WireType::text;
    case StorageClass::blob: return WireType::blob;
    case StorageClass::null: return WireType::null;
  }
  return WireType::null;
}

bool is_known(std::uint8_t code) {
  return (code >= static_cast<std::uint8_t>(WireType::integer) && code <= static_cast<std::uint8_t>(WireType::null)) ||
         (code >= static_cast<std::uint8_t>(WireType::unixtime) && code <= static_cast<std::uint8_t>(WireType::boolean));
}

}  // namespace

void encode_parameters(Writer& out, std::span<const Value> parameters) {
  if (parameters.empty()) return;
  if (parameters.size() > max_parameters) {
    throw Error("[dorm.dqlite.parameters] " + std::to_string(parameters.size()) +
                " parameters given, more than the " + std::to_string(max_parameters) +
                " dqlite 1.11 accepts for one statement");
  }
  out.put_uint8(static_cast<std::uint8_t>(parameters.size()));
  for (const Value& value : parameters) out.put_uint8(static_cast<std::uint8_t>(sent_type(value)));
  out.pad();
  std::size_t index = 1;
  for (const Value& value : parameters) {
    switch (sent_type(value)) {
      case WireType::integer: out.put_int64(value.integer()); break;
      case WireType::real: out.put_double(value.real()); break;
      case WireType::text: out.put_text(value.text(), "text parameter " + std::to_string(index)); break;
      case WireType::blob: out.put_blob({value.blob_data(), value.size()}); break;
      default: out.put_uint64(0); break;
    }
    ++index;
  }
}

void decode_row(Reader& in, std::size_t columns, std::vector<Value>& row) {
  const std::size_t at = in.offset();
  const std::span<const std::byte> header = in.get_bytes(padded((columns + 1) / 2), "a row's type header");
  for (std::size_t slot = columns; slot < header.size() * 2; ++slot) {
    const auto byte = std::to_integer<std::uint8_t>(header[slot / 2]);
    if (((slot % 2 == 0) ? (byte & 0x0f) : (byte >> 4)) != 0) {
      throw_protocol_error("garbled message: the type header of the row at byte " + std::to_string(at) +
                           " has a type in unused slot " + std::to_string(slot + 1) + " of a " +
                           std::to_string(columns) + "-column row");
    }
  }
  row.resize(columns);
  for (std::size_t i = 0; i < columns; ++i) {
    const auto byte = std::to_integer<std::uint8_t>(header[i / 2]);
    const auto code = static_cast<std::uint8_t>(i % 2 == 0 ? (byte & 0x0f) : (byte >> 4));
    if (!is_known(code)) {
      throw_protocol_error("garbled message: column " + std::to_string(i + 1) + " of the row at byte " +
                           std::to_string(at) + " has type code " + std::to_string(code) +
                           ", which is no dqlite value type");
    }
    const auto type = static_cast<WireType>(code);
    switch (type) {
      case WireType::integer:
      case WireType::unixtime:
        row[i] = Value::from_wire(type, in.get_int64("an INTEGER value"), 0.0, {});
        break;
      case WireType::boolean:
        row[i] = Value::from_wire(type, static_cast<std::int64_t>(in.get_uint64("a BOOLEAN value")), 0.0, {});
        break;
      case WireType::real: row[i] = Value::real(in.get_double("a REAL value")); break;
      case WireType::text:
      case WireType::iso8601: {
        const std::string_view text = in.get_text("a TEXT value");
        row[i] = type == WireType::iso8601 && text.empty()
                     ? Value::null()
                     : Value::from_wire(type, 0, 0.0, std::as_bytes(std::span<const char>(text)));
        break;
      }
      case WireType::blob: row[i] = Value::blob(in.get_blob("a BLOB value")); break;
      case WireType::null:
        (void)in.get_uint64("a NULL value");
        row[i] = Value::null();
        break;
    }
  }
}

}  // namespace dorm::dqlite
