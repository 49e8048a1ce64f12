#pragma once
// Base64 (RFC 4648, the standard alphabet with '=' padding): how a BLOB column travels in JSON,
// as JSON Schema's `"contentEncoding": "base64"` says.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dorm::detail {

/// `bytes` as base64 text, padded with '='.
[[nodiscard]] std::string base64_encode(std::span<const std::byte> bytes);

/// The bytes `text` encodes, or nullopt when it is not padded base64 of the standard alphabet
/// (white space, the URL-safe alphabet and missing padding are refused, so one value has one text).
[[nodiscard]] std::optional<std::vector<std::byte>> base64_decode(std::string_view text);

}  // namespace dorm::detail
