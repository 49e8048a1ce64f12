#include "dorm/core/error.hpp"

#include <utility>

namespace dorm {

Error::Error(std::string message, int code, int extended_code, std::string sql)
    : std::runtime_error(std::move(message)), code_(code), extended_code_(extended_code), sql_(std::move(sql)) {}

ConstraintError::ConstraintError(std::string message, Kind kind, int code, int extended_code, std::string sql)
    : SqliteError(std::move(message), code, extended_code, std::move(sql)), kind_(kind) {}

AuthorizationError::AuthorizationError(std::string message, std::string refused, int code, int extended_code,
                                       std::string sql)
    : SqliteError(std::move(message), code, extended_code, std::move(sql)), refused_(std::move(refused)) {}

ConcurrentModification::ConcurrentModification(std::string message, std::string table, std::string key, std::string sql)
    : Error(std::move(message), 0, 0, std::move(sql)), table_(std::move(table)), key_(std::move(key)) {}

}  // namespace dorm
