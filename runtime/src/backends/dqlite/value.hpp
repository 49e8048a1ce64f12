#pragma once
// One SQL value as dqlite's tuples carry it: a statement parameter the client sends, or a
// column of a row a node sends. A small view: text and blob bytes stay where they are (the
// caller's string for a parameter, the received message for a row value), so reading a row
// copies nothing. It has the members dorm's ColumnValueEngine concept asks of an engine's value
// (dorm/core/connection.hpp), so a row value can be handed to dorm's readers as it is.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

#include "backends/dqlite/protocol.hpp"
#include "dorm/core/storage_class.hpp"

namespace dorm::dqlite {

/// A parameter or row value. Text and blob values view bytes owned elsewhere: a parameter the
/// caller's, a row value the Rows' current message (valid until Rows::next()).
class Value {
 public:
  /// NULL.
  constexpr Value() noexcept = default;
  /// NULL, as a named constructor.
  [[nodiscard]] static constexpr Value null() noexcept { return {}; }
  /// An INTEGER.
  [[nodiscard]] static constexpr Value integer(std::int64_t value) noexcept {
    Value v(WireType::integer);
    v.integer_ = value;
    return v;
  }
  /// A REAL.
  [[nodiscard]] static constexpr Value real(double value) noexcept {
    Value v(WireType::real);
    v.real_ = value;
    return v;
  }
  /// TEXT viewing `text` (which must outlive the Value).
  [[nodiscard]] static Value text(std::string_view text) noexcept {
    Value v(WireType::text);
    v.data_ = reinterpret_cast<const std::byte*>(text.data());
    v.size_ = text.size();
    return v;
  }
  /// A BLOB viewing `bytes` (which must outlive the Value).
  [[nodiscard]] static constexpr Value blob(std::span<const std::byte> bytes) noexcept {
    Value v(WireType::blob);
    v.data_ = bytes.data();
    v.size_ = bytes.size();
    return v;
  }
  /// A value exactly as a row carried it: `type` any WireType, `integer` the number of INTEGER,
  /// UNIXTIME and BOOLEAN, `real` that of REAL, `bytes` those of TEXT, ISO8601 and BLOB.
  [[nodiscard]] static constexpr Value from_wire(WireType type, std::int64_t integer, double real,
                                                 std::span<const std::byte> bytes) noexcept {
    Value v(type);
    v.integer_ = integer;
    v.real_ = real;
    v.data_ = bytes.data();
    v.size_ = bytes.size();
    return v;
  }

  /// The code the wire carried (UNIXTIME, ISO8601 and BOOLEAN for columns declared so).
  [[nodiscard]] constexpr WireType wire_type() const noexcept { return type_; }
  /// SQLite's storage class: UNIXTIME and BOOLEAN are INTEGERs, ISO8601 is TEXT.
  [[nodiscard]] constexpr StorageClass storage_class() const noexcept {
    switch (type_) {
      case WireType::integer:
      case WireType::unixtime:
      case WireType::boolean: return StorageClass::integer;
      case WireType::real: return StorageClass::real;
      case WireType::text:
      case WireType::iso8601: return StorageClass::text;
      case WireType::blob: return StorageClass::blob;
      case WireType::null: return StorageClass::null;
    }
    return StorageClass::null;
  }
  /// The integer of an INTEGER, a REAL truncated toward zero (clamped to the int64 range, as
  /// SQLite does; NaN gives 0), else 0.
  [[nodiscard]] constexpr std::int64_t integer() const noexcept {
    if (storage_class() == StorageClass::real) {
      if (!(real_ == real_)) return 0;
      if (real_ <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
      if (real_ >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();
      return static_cast<std::int64_t>(real_);
    }
    return storage_class() == StorageClass::integer ? integer_ : 0;
  }
  /// The double of a REAL or INTEGER, else 0.
  [[nodiscard]] constexpr double real() const noexcept {
    if (storage_class() == StorageClass::integer) return static_cast<double>(integer_);
    return storage_class() == StorageClass::real ? real_ : 0.0;
  }
  /// The characters of a TEXT (or the bytes of a BLOB), else empty.
  [[nodiscard]] std::string_view text() const noexcept { return {reinterpret_cast<const char*>(data_), size_}; }
  /// The bytes of a BLOB (or a TEXT), else nullptr.
  [[nodiscard]] constexpr const std::byte* blob_data() const noexcept { return data_; }
  /// The size of the BLOB or TEXT in bytes, else 0.
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  /// Whether it is NULL.
  [[nodiscard]] constexpr bool is_null() const noexcept { return type_ == WireType::null; }

 private:
  constexpr explicit Value(WireType type) noexcept : type_(type) {}

  WireType type_ = WireType::null;
  std::int64_t integer_ = 0;
  double real_ = 0.0;
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace dorm::dqlite
