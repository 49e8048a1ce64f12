#include "backends/dqlite/wire.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "backends/dqlite/error.hpp"
#include "dorm/core/error.hpp"

namespace dorm::dqlite {

namespace {

// Little-endian whatever the host: shifts, not memcpy of the host's representation.
template <class T>
void put_le(std::vector<std::byte>& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<std::byte>((value >> (8 * i)) & 0xff));
}

template <class T>
T get_le(const std::byte* p) {
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(std::to_integer<std::uint8_t>(p[i])) << (8 * i);
  return value;
}

}  // namespace

void Writer::put_uint8(std::uint8_t value) { bytes_.push_back(static_cast<std::byte>(value)); }
void Writer::put_uint32(std::uint32_t value) { put_le(bytes_, value); }
void Writer::put_uint64(std::uint64_t value) { put_le(bytes_, value); }
void Writer::put_int64(std::int64_t value) { put_le(bytes_, static_cast<std::uint64_t>(value)); }
void Writer::put_double(double value) { put_le(bytes_, std::bit_cast<std::uint64_t>(value)); }

void Writer::put_text(std::string_view text, std::string_view what) {
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    throw Error("[dorm.dqlite.text_nul] " + std::string(what) + " holds a NUL character at byte " + std::to_string(nul) +
                ": dqlite's wire protocol ends a text at its first NUL, so the rest would be lost; send it as a BLOB");
  }
  const std::size_t start = bytes_.size();
  bytes_.resize(start + padded(text.size() + 1), std::byte{0});
  std::memcpy(bytes_.data() + start, text.data(), text.size());
}

void Writer::put_blob(std::span<const std::byte> bytes) {
  put_uint64(bytes.size());
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  pad();
}

void Writer::pad() { bytes_.resize(padded(bytes_.size()), std::byte{0}); }

void Reader::need(std::size_t count, std::string_view what) const {
  if (count > remaining()) {
    throw_protocol_error("truncated message: " + std::string(what) + " needs " + std::to_string(count) +
                         " bytes at byte " + std::to_string(offset_) + " but the message has " +
                         std::to_string(remaining()) + " left");
  }
}

std::uint8_t Reader::get_uint8(std::string_view what) {
  need(1, what);
  return std::to_integer<std::uint8_t>(bytes_[offset_++]);
}

std::uint32_t Reader::get_uint32(std::string_view what) {
  need(4, what);
  const auto value = get_le<std::uint32_t>(bytes_.data() + offset_);
  offset_ += 4;
  return value;
}

std::uint64_t Reader::get_uint64(std::string_view what) {
  const std::uint64_t value = peek_uint64(what);
  offset_ += 8;
  return value;
}

std::uint64_t Reader::peek_uint64(std::string_view what) const {
  need(8, what);
  return get_le<std::uint64_t>(bytes_.data() + offset_);
}

std::int64_t Reader::get_int64(std::string_view what) { return static_cast<std::int64_t>(get_uint64(what)); }
double Reader::get_double(std::string_view what) { return std::bit_cast<double>(get_uint64(what)); }

std::string_view Reader::get_text(std::string_view what) {
  const std::byte* begin = bytes_.data() + offset_;
  const std::byte* end = bytes_.data() + bytes_.size();
  const std::byte* nul = std::find(begin, end, std::byte{0});
  if (nul == end) {
    throw_protocol_error("garbled message: " + std::string(what) + " at byte " + std::to_string(offset_) +
                         " has no terminating NUL before the message ends");
  }
  const auto length = static_cast<std::size_t>(nul - begin);
  need(padded(length + 1), what);
  offset_ += padded(length + 1);
  return {reinterpret_cast<const char*>(begin), length};
}

std::span<const std::byte> Reader::get_blob(std::string_view what) {
  const std::size_t at = offset_;
  const std::uint64_t length = get_uint64(what);
  if (length > remaining() || padded(static_cast<std::size_t>(length)) > remaining()) {
    throw_protocol_error("garbled message: " + std::string(what) + " at byte " + std::to_string(at) + " claims " +
                         std::to_string(length) + " bytes but the message has " + std::to_string(remaining()) +
                         " left");
  }
  const auto size = static_cast<std::size_t>(length);
  std::span<const std::byte> bytes = bytes_.subspan(offset_, size);
  offset_ += padded(size);
  return bytes;
}

std::span<const std::byte> Reader::get_bytes(std::size_t count, std::string_view what) {
  need(count, what);
  std::span<const std::byte> bytes = bytes_.subspan(offset_, count);
  offset_ += count;
  return bytes;
}

void Reader::expect_end(std::string_view what) const {
  if (remaining() != 0) {
    throw_protocol_error("garbled message: " + std::to_string(remaining()) + " unexpected bytes after " +
                         std::string(what) + " at byte " + std::to_string(offset_));
  }
}

std::vector<std::byte> encode_header(const Header& header) {
  Writer writer;
  writer.put_uint32(header.words);
  writer.put_uint8(header.type);
  writer.put_uint8(header.schema);
  writer.put_uint8(static_cast<std::uint8_t>(header.extra & 0xff));
  writer.put_uint8(static_cast<std::uint8_t>(header.extra >> 8));
  return writer.take();
}

Header decode_header(std::span<const std::byte> bytes) {
  Reader reader(bytes);
  Header header;
  header.words = reader.get_uint32("the message header's word count");
  header.type = reader.get_uint8("the message header's type");
  header.schema = reader.get_uint8("the message header's schema");
  const std::uint8_t low = reader.get_uint8("the message header");
  const std::uint8_t high = reader.get_uint8("the message header");
  header.extra = static_cast<std::uint16_t>(low | (high << 8));
  reader.expect_end("the message header");
  return header;
}

std::vector<std::byte> frame(std::uint8_t type, std::span<const std::byte> body) {
  if (body.size() % word_size != 0 || body.size() / word_size > 0xffffffffULL) {
    throw Error("[dorm.dqlite.protocol] a message body of " + std::to_string(body.size()) +
                " bytes is not a whole number of words below 2^32");
  }
  Header header;
  header.words = static_cast<std::uint32_t>(body.size() / word_size);
  header.type = type;
  std::vector<std::byte> out = encode_header(header);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace dorm::dqlite
