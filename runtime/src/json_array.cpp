#include "dorm/expr/json_array.hpp"

#include <charconv>
#include <cmath>

namespace dorm {

void JsonArrayWriter::add_real(double value) {
  // JSON has no infinity or NaN: SQLite reads 9e999 as infinity (and writes it so), and NaN is
  // bound as NULL by SQLite, so it equals nothing, like null.
  if (std::isnan(value)) {
    text_ += "null";
    return;
  }
  if (std::isinf(value)) {
    text_ += value > 0 ? "9e999" : "-9e999";
    return;
  }
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  text_.append(buffer, result.ptr);
}

}  // namespace dorm
