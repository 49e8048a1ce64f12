// A valid header: no diagnostics, exit status 0.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <string>

struct DORM_TABLE("notes") Note {
  DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
  std::string text{};
};
