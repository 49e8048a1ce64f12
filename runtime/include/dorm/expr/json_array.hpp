#pragma once
// Writes a JSON array of scalars, the one-parameter form of an IN list (read by json_each).
// Mapped types (dorm/core/type_mapping.hpp) are written as their stored value.
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "dorm/core/value_kind.hpp"

namespace dorm {

/// Appends numbers, booleans and strings to a JSON array text.
class JsonArrayWriter {
 public:
  JsonArrayWriter() { text_ = "["; }

  template <class V>
  void add(const V& value) {
    if constexpr (MappedValue<V>) {
      add_stored(type_mapping<V>::to_storage(value));
      return;
    } else {
      separate();
      if constexpr (BoolValue<V>) {
        text_ += value ? "true" : "false";
      } else if constexpr (IntegerValue<V>) {
        text_ += std::to_string(value);
      } else if constexpr (std::floating_point<V>) {
        add_real(static_cast<double>(value));
      } else {
        add_string(std::string_view(value));
      }
    }
  }

  /// The finished array; the writer is empty afterwards.
  std::string finish() {
    text_ += ']';
    return std::move(text_);
  }

 private:
  // Out of line (src/json_array.cpp), so this header need not include <cmath> and <charconv>.
  void add_real(double value);
  // A mapped type's stored value; BLOB bytes as upper-case hex text, which an IN list of a
  // BLOB-stored column compares with hex(column) (see InList).
  template <class S>
  void add_stored(const S& stored) {
    if constexpr (std::is_same_v<S, std::vector<std::byte>>) {
      static constexpr char hex[] = "0123456789ABCDEF";
      std::string text;
      for (const std::byte b : stored) {
        text += hex[static_cast<unsigned>(b) >> 4];
        text += hex[static_cast<unsigned>(b) & 0xf];
      }
      add(text);
    } else {
      add(stored);
    }
  }
  void separate() {
    if (text_.size() > 1) text_ += ',';
  }
  void add_string(std::string_view s) {
    text_ += '"';
    for (char c : s) {
      switch (c) {
        case '"': text_ += "\\\""; break;
        case '\\': text_ += "\\\\"; break;
        case '\n': text_ += "\\n"; break;
        case '\r': text_ += "\\r"; break;
        case '\t': text_ += "\\t"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char hex[] = "0123456789abcdef";
            text_ += "\\u00";
            text_ += hex[(c >> 4) & 0xf];
            text_ += hex[c & 0xf];
          } else {
            text_ += c;
          }
      }
    }
    text_ += '"';
  }
  std::string text_;
};

}  // namespace dorm
