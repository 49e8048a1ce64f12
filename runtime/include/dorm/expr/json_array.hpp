#pragma once
// Writes a JSON array of scalars, the one-parameter form of an IN list (read by json_each).
#include <cstdint>
#include <string>
#include <string_view>

#include "dorm/core/value_kind.hpp"

namespace dorm {

/// Appends numbers, booleans and strings to a JSON array text.
class JsonArrayWriter {
 public:
  JsonArrayWriter() { text_ = "["; }

  template <class V>
  void add(const V& value) {
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

  /// The finished array; the writer is empty afterwards.
  std::string finish() {
    text_ += ']';
    return std::move(text_);
  }

 private:
  // Out of line (src/json_array.cpp), so this header need not include <cmath> and <charconv>.
  void add_real(double value);
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
