#include "dorm/server/json_values.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include "dorm/core/storage_class.hpp"
#include "dorm/detail/base64.hpp"
#include "dorm/server/http_error.hpp"

namespace dorm::server {

namespace {

// The largest integer a JavaScript number (an IEEE double) holds exactly: 2^53 - 1.
constexpr std::int64_t max_safe_integer = (std::int64_t{1} << 53) - 1;

}  // namespace

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
      return nlohmann::json{{"base64", detail::base64_encode(std::span<const std::byte>(value.blob_data(), value.size()))}};
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
        const auto bytes = detail::base64_decode(base64->get_ref<const std::string&>());
        if (!bytes) {
          throw HttpError(400, "'" + std::string(where) + ".base64' is not base64 (RFC 4648's standard alphabet, "
                               "padded with '=', no white space)");
        }
        // A copy: `bytes` dies with this call.
        statement.bind_blob_copy(index, bytes->data(), bytes->size());
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
