// DORM_CHECK's number bounds, format and enum reach ir::validate, whose errors point at the argument.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

struct DORM_TABLE("readings") Reading {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_CHECK("exclusive_minimum=0", "exclusive_maximum=1.5") double ratio = 0.5;
  DORM_CHECK("exclusive_minimum=5", "maximum=5") std::int64_t level = 0;  // DORM-EXPECT: 37: error: exclusiveMinimum 5 and maximum 5 of 'level' leave no integer between them
  DORM_CHECK("exclusive_maximum=ten") double cap = 0;  // DORM-EXPECT: 14: error: 'exclusive_maximum' of DORM_CHECK needs a number
  DORM_CHECK("enum=1|two") std::int64_t grade = 1;  // DORM-EXPECT: 14: error: "enum" of DORM_CHECK on a number column needs numbers, not 'two'
  DORM_CHECK("enum=low|high") std::string band = "low";
  DORM_CHECK("format=uuid") std::optional<std::string> token{};
  DORM_DEFAULT_SQL("CURRENT_TIMESTAMP") DORM_CHECK("format=date-time") std::optional<std::string> at{};  // DORM-EXPECT: 20: error: 'x-dorm-default-sql' of 'at' (CURRENT_TIMESTAMP) computes values that are not a date-time
};
