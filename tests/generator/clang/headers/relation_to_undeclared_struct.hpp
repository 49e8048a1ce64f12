// A relation to a name C++ does not know: Clang's own error, at the name.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>

struct DORM_TABLE("users") User {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_HAS_MANY(posts, Pots);  // DORM-EXPECT: 24: error: unknown type name 'Pots'
};
