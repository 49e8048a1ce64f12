#include "dorm/server/json_values.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include "dorm/core/storage_class.hpp"
#include "dorm/server/http_error.hpp"

namespace dorm::server {

namespace {

// The largest integer a JavaScript number (an IEEE double) holds exactly: 2^53 - 1.
constexpr std::int64_t max_safe_integer = (std::int64_t{1} << 53) - 1;

constexpr std::string_view base64_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) text += base64_alphabet[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const auto n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (two ? static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 : 0u);
    text += base64_alphabet[(n >> 18) & 63];
    text += base64_alphabet[(n >> 12) & 63];
    text += two ? base64_alphabet[(n >> 6) & 63] : '=';
    text += '=';
  }
  return text;
}

std::string base64_decode(std::string_view text, std::string_view where) {
  const auto bad = [&](const std::string& why) {
    return HttpError(400, "'" + std::string(where) + "' is not base64: " + why);
  };
  if (text.size() % 4 != 0) throw bad("its length " + std::to_string(text.size()) + " is not a multiple of 4");
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int digits[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=' && last && k >= 2 && (k == 3 || text[i + 3] == '=')) {
        digits[k] = 0;
        ++padding;
        continue;
      }
      digits[k] = base64_digit(c);
      if (digits[k] < 0 || padding > 0) throw bad("unexpected character at offset " + std::to_string(i + static_cast<std::size_t>(k)));
    }
    const auto n = (static_cast<std::uint32_t>(digits[0]) << 18) | (static_cast<std::uint32_t>(digits[1]) << 12) |
                   (static_cast<std::uint32_t>(digits[2]) << 6) | static_cast<std::uint32_t>(digits[3]);
    bytes += static_cast<char>((n >> 16) & 0xff);
    if (padding < 2) bytes += static_cast<char>((n >> 8) & 0xff);
    if (padding < 1) bytes += static_cast<char>(n & 0xff);
  }
  return bytes;
}

nlohmann::json json_of_value(const ColumnValue& value) {
  switch (value.storage_class()) {
    case StorageClass::integer: {
      const std::int64_t n = value.integer();
      if (n > max_safe_integer || n < -max_safe_integer) return std::to_string(n);
      return n;
    }
    case StorageClass::real: {
      const double d = value.real();
      // JSON has no Inf nor NaN; SQLite's text of them ("Inf", "-Inf") says what it was.
      if (!std::isfinite(d)) return std::string(value.text());
      return d;
    }
    case StorageClass::text: return std::string(value.text());
    case StorageClass::blob: {
      const auto* data = reinterpret_cast<const char*>(value.blob_data());
      return nlohmann::json{{"base64", base64_encode(std::string_view(data, value.size()))}};
    }
    case StorageClass::null: break;
  }
  return nullptr;
}

void bind_json(Statement& statement, int index, const nlohmann::json& value, std::string_view where) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: statement.bind_null(index); return;
    case nlohmann::json::value_t::boolean: statement.bind_int64(index, value.get<bool>() ? 1 : 0); return;
    case nlohmann::json::value_t::number_integer: statement.bind_int64(index, value.get<std::int64_t>()); return;
    case nlohmann::json::value_t::number_unsigned: {
      const auto n = value.get<std::uint64_t>();
      if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw HttpError(400, "'" + std::string(where) + "' = " + std::to_string(n) +
                                 " is beyond SQLite's 64-bit integers; send it as a string");
      }
      statement.bind_int64(index, static_cast<std::int64_t>(n));
      return;
    }
    case nlohmann::json::value_t::number_float: statement.bind_double(index, value.get<double>()); return;
    case nlohmann::json::value_t::string: statement.bind_text_copy(index, value.get_ref<const std::string&>()); return;
    case nlohmann::json::value_t::object: {
      const auto base64 = value.find("base64");
      if (value.size() == 1 && base64 != value.end() && base64->is_string()) {
        const std::string bytes = base64_decode(base64->get_ref<const std::string&>(), std::string(where) + ".base64");
        // A copy: `bytes` dies with this call.
        statement.bind_blob_copy(index, bytes.data(), bytes.size());
        return;
      }
      break;
    }
    default: break;
  }
  throw HttpError(400, "'" + std::string(where) + "' must be null, a boolean, a number, a string or {\"base64\": \"...\"} "
                       "(a BLOB), not " + std::string(value.type_name()));
}

}  // namespace dorm::server
