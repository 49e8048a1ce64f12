#pragma once
// dqlite's encoding primitives: little-endian integers, NUL-terminated text and length-prefixed
// blobs each padded to a whole 8-byte word, and the 8-byte header in front of every message.
// The Reader checks every read against the bytes it has: a truncated or garbled message is a
// ProtocolError naming what was being read and where, never a read past the end.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dorm::dqlite {

/// Bytes of one word; every field and message body is a whole number of words.
inline constexpr std::size_t word_size = 8;

/// `size` rounded up to a whole number of words: 11 -> 16, 16 -> 16, 0 -> 0.
constexpr std::size_t padded(std::size_t size) noexcept { return (size + word_size - 1) / word_size * word_size; }

/// Appends fields to a message body.
class Writer {
 public:
  /// One byte (tuple headers).
  void put_uint8(std::uint8_t value);
  /// A 32-bit little-endian integer.
  void put_uint32(std::uint32_t value);
  /// A 64-bit little-endian integer.
  void put_uint64(std::uint64_t value);
  /// A 64-bit two's complement integer.
  void put_int64(std::int64_t value);
  /// An IEEE 754 double, its bits as a 64-bit integer.
  void put_double(double value);
  /// Text, NUL-terminated and padded with zeros to a word. The wire cannot carry a NUL inside a
  /// text: throws dorm::Error [dorm.dqlite.text_nul] naming `what` and the offset.
  void put_text(std::string_view text, std::string_view what);
  /// A blob: its length as a word, then its bytes padded with zeros to a word.
  void put_blob(std::span<const std::byte> bytes);
  /// Zeros up to the next word boundary.
  void pad();

  /// The bytes written so far.
  [[nodiscard]] const std::vector<std::byte>& bytes() const noexcept { return bytes_; }
  /// Takes the bytes written.
  [[nodiscard]] std::vector<std::byte> take() noexcept { return std::move(bytes_); }
  /// How many bytes were written.
  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }

 private:
  std::vector<std::byte> bytes_;
};

/// Reads fields from a message body, checking each against the bytes left. `what` names the
/// field for the error ("ROWS column count"); offsets in messages count from the body's start.
class Reader {
 public:
  explicit Reader(std::span<const std::byte> bytes) noexcept : bytes_(bytes) {}

  [[nodiscard]] std::uint8_t get_uint8(std::string_view what);
  [[nodiscard]] std::uint32_t get_uint32(std::string_view what);
  [[nodiscard]] std::uint64_t get_uint64(std::string_view what);
  [[nodiscard]] std::int64_t get_int64(std::string_view what);
  [[nodiscard]] double get_double(std::string_view what);
  /// The next word without consuming it (a ROWS batch's end marker or a row's header).
  [[nodiscard]] std::uint64_t peek_uint64(std::string_view what) const;
  /// Text up to its NUL, then past its padding. The view points into the message.
  [[nodiscard]] std::string_view get_text(std::string_view what);
  /// A blob's bytes, then past their padding. The span points into the message.
  [[nodiscard]] std::span<const std::byte> get_blob(std::string_view what);
  /// `count` raw bytes (a tuple header). The span points into the message.
  [[nodiscard]] std::span<const std::byte> get_bytes(std::size_t count, std::string_view what);

  /// Bytes not read yet.
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - offset_; }
  /// Bytes read so far.
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }
  /// Throws a ProtocolError when bytes are left: a message must hold exactly its fields.
  void expect_end(std::string_view what) const;

 private:
  void need(std::size_t count, std::string_view what) const;

  std::span<const std::byte> bytes_;
  std::size_t offset_ = 0;
};

/// The 8 bytes in front of every message: the body's length in words, the type code, a schema
/// byte (0 in everything 1.11 sends and reads), and 16 unused bits.
struct Header {
  std::uint32_t words = 0;
  std::uint8_t type = 0;
  std::uint8_t schema = 0;
  std::uint16_t extra = 0;

  /// The body's length in bytes.
  [[nodiscard]] std::size_t body_size() const noexcept { return std::size_t{words} * word_size; }
};

/// Bytes of a Header on the wire.
inline constexpr std::size_t header_size = 8;

/// The 8 bytes of `header`.
[[nodiscard]] std::vector<std::byte> encode_header(const Header& header);
/// The header in `bytes` (exactly header_size of them).
[[nodiscard]] Header decode_header(std::span<const std::byte> bytes);

/// A whole message of type `type` with `body` (a whole number of words), header first.
[[nodiscard]] std::vector<std::byte> frame(std::uint8_t type, std::span<const std::byte> body);

}  // namespace dorm::dqlite
