// Two DORM_PRIMARY_KEY fields without DORM_COMPOSITE_KEY: an error at the second, a note at the first.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <string>

struct DORM_TABLE("memberships") Membership {
  DORM_PRIMARY_KEY std::int64_t user_id = 0;  // DORM-EXPECT: 3: note: first DORM_PRIMARY_KEY is here
  DORM_PRIMARY_KEY std::int64_t group_id = 0;  // DORM-EXPECT: 3: error: table 'memberships' has a second DORM_PRIMARY_KEY, 'group_id'
  std::string role{};
};

// With the composite key declared, both marks are fine.
struct DORM_TABLE("grants") DORM_COMPOSITE_KEY("user_id", "right") Grant {
  DORM_PRIMARY_KEY std::int64_t user_id = 0;
  DORM_PRIMARY_KEY std::string right{};
  DORM_PRIMARY_KEY std::string note{};  // DORM-EXPECT: 3: error: column 'note' is marked DORM_PRIMARY_KEY but is not in the table's DORM_COMPOSITE_KEY
};
