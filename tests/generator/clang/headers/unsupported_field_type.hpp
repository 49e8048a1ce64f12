// Field types without an SQLite mapping: an error at the type, naming it.
#pragma once
#include <dorm/annotations.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct DORM_TABLE("things") Thing {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  std::map<int, int> counts{};  // DORM-EXPECT: 3: error: field type 'std::map<int, int>' has no SQLite mapping
  std::vector<int> numbers{};  // DORM-EXPECT: 3: error: field type 'std::vector<int>' has no SQLite mapping
  char letter = 'a';  // DORM-EXPECT: 3: error: field type 'char' is a character type
  long double precise = 0;  // DORM-EXPECT: 3: error: field type 'long double' is wider than SQLite's 64-bit REAL
  std::optional<std::optional<int>> twice{};  // DORM-EXPECT: 3: error: field type 'std::optional<std::optional<int>>' nests std::optional
  std::chrono::steady_clock::time_point started{};  // DORM-EXPECT: 3: error: field type 'std::chrono::steady_clock::time_point' is not a std::chrono::system_clock time point
  const std::string* name = nullptr;  // DORM-EXPECT: 3: error: field type 'const std::string *' is a pointer or reference
  DORM_IGNORE std::string_view ignored{};
};
