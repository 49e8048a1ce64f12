// A relation's "cascade=..." and "orphan_removal=..." options; ir::validate's errors point at
// the option.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <vector>

struct Shelf;

struct DORM_TABLE("rooms") Room {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_HAS_MANY(shelves, Shelf, "foreign_key=room_id", "cascade=persist,remove", "orphan_removal=true");
  DORM_HAS_MANY(spare_shelves, Shelf, "foreign_key=room_id", "cascade=persist,delete");  // DORM-EXPECT: 62: error: 'delete' is not a cascade of relation 'spare_shelves' of table 'rooms'
  DORM_HAS_MANY(old_shelves, Shelf, "foreign_key=room_id", "orphan_removal=yes");  // DORM-EXPECT: 60: error: "orphan_removal" of DORM_HAS_MANY must be true or false
};

struct DORM_TABLE("shelves") Shelf {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_REFERENCES("rooms", "id") std::int64_t room_id = 0;
  DORM_BELONGS_TO(room, Room, "foreign_key=room_id", "cascade=remove");  // DORM-EXPECT: 54: error: cascade 'remove' on belongs_to relation 'room' of table 'shelves' would remove its parent row
};
